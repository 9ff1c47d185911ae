// The account/session conformance table (account-cases.ts) against our PDS and, when installed, the
// reference: the same expectations must hold for both. With the reference peer comes a real PLC
// directory, which checks our did:plc operations.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { isReferencePdsInstalled, type ReferencePds, startReferencePds } from "../../../../peers/launch.js";
import type { RunningTarget } from "../../../../peers/target.js";
import { decodePlcOp, didDocument } from "../../src/account/plc.js";
import { createTestAccount, startTestPds, xrpc } from "../_util.js";
import { ACCOUNT_CASES, type AccountCaseContext, accountCaseContext } from "./account-cases.js";

// A reference start on a busy 2-core machine can take tens of seconds.
const START_TIMEOUT_MS = 180_000;

function runAccountCases(newTarget: () => Promise<RunningTarget>): void {
  let target: RunningTarget | undefined;
  let ctx: AccountCaseContext;
  beforeAll(async () => {
    target = await newTarget();
    ctx = await accountCaseContext(target);
  }, START_TIMEOUT_MS);
  afterAll(() => target?.stop());
  for (const c of ACCOUNT_CASES) {
    test(c.name, async () => {
      const res = await c.run(ctx);
      const error = (res.body as { error?: unknown } | undefined)?.error;
      const actual = { status: res.status, error: res.status === 200 ? undefined : error };
      expect(actual, JSON.stringify(res.body)).toEqual({ status: c.expect.status, error: c.expect.error });
    });
  }
}

describe("account conformance: our PDS", () => {
  runAccountCases(async () => {
    const pds = await startTestPds();
    return { name: "ours", url: pds.url, stop: () => pds.close() };
  });
});

const installed = isReferencePdsInstalled();
describe.skipIf(!installed)(
  installed
    ? "account conformance: reference PDS"
    : "account conformance: reference PDS (skipped: peer not installed)",
  () => {
    // One peer for the table and for the PLC check below: a start costs tens of seconds on a busy machine.
    let ref: ReferencePds;
    beforeAll(async () => {
      ref = await startReferencePds();
    }, START_TIMEOUT_MS);
    afterAll(() => ref?.stop());
    runAccountCases(async () => ({ name: "ref", url: ref.url, stop: async () => {} }));

    // Our did:plc operations checked by the real PLC directory the peer runs (@did-plc/server): it
    // verifies the DID derivation, the signatures and the `prev` chain, and refuses anything malformed.
    test("the PLC directory accepts our genesis and handle-change operations", async () => {
      const pds = await startTestPds({ plcUrl: ref.plcUrl });
      try {
        const alice = await createTestAccount(pds, "alice");
        const served = await fetch(`${ref.plcUrl}/${alice.did}`);
        expect(served.status).toBe(200);
        const ours = didDocument(alice.did, decodePlcOp(pds.ctx.accounts.plcOperation(alice.did)!));
        const theirs = await served.json();
        // This directory version still writes keys in the older 2019 suite; ours use Multikey, as the
        // current DID document spec does. Identity, handle and service must agree exactly.
        expect(theirs.id).toBe(ours.id);
        expect(theirs.alsoKnownAs).toEqual(ours.alsoKnownAs);
        expect(theirs.service).toEqual(ours.service);
        expect(theirs.verificationMethod.map((m: { id: string }) => m.id.replace(alice.did, ""))).toEqual([
          "#atproto",
        ]);
        const data = await (await fetch(`${ref.plcUrl}/${alice.did}/data`)).json();
        expect(data.verificationMethods).toEqual({ atproto: pds.ctx.accounts.signingKey(alice.did).did() });
        expect(data.rotationKeys).toEqual([pds.ctx.secrets.plcRotationKey.did()]);

        const moved = await xrpc(pds.url, "com.atproto.identity.updateHandle", {
          token: alice.accessJwt,
          body: { handle: "alice2.test" },
        });
        expect(moved.status).toBe(200);
        const after = await (await fetch(`${ref.plcUrl}/${alice.did}/data`)).json();
        expect(after.alsoKnownAs).toEqual(["at://alice2.test"]);
        const log = await (await fetch(`${ref.plcUrl}/${alice.did}/log`)).json();
        expect(log).toHaveLength(2);
        expect(log[1]).toEqual(decodePlcOp(pds.ctx.accounts.plcOperation(alice.did)!));
      } finally {
        await pds.close();
      }
    });
  },
);
