// The account/session conformance table (account-cases.ts) against our PDS and, when installed, the
// reference: the same expectations must hold for both.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { isReferencePdsInstalled, startReferencePds } from "../../../../peers/launch.js";
import type { RunningTarget } from "../../../../peers/target.js";
import { startTestPds } from "../_util.js";
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
    runAccountCases(async () => ({ name: "ref", ...(await startReferencePds()) }));
  },
);
