import { describe, expect, test } from "vitest";
import { isReferencePdsInstalled, startReferencePds } from "../../../../peers/launch.js";
import { decodePlcOp, didDocument } from "../../src/account/plc.js";
import { createTestAccount, startTestPds, xrpc } from "../_util.js";

// Our did:plc operations checked by the real PLC directory (@did-plc/server, which the reference
// peer runs beside its PDS): it verifies the DID derivation, the signatures and the `prev` chain, and
// refuses anything malformed. Skipped, with this reason, when scripts/setup-peers.sh has not been run.
describe.skipIf(!isReferencePdsInstalled())(
  "did:plc operations against the PLC directory of the reference peer",
  () => {
    test("the directory accepts our genesis and handle-change operations and serves the DID document we derive", async () => {
      const ref = await startReferencePds();
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
        await ref.stop();
      }
    });
  },
);
