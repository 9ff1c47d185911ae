// Runs the conformance table against one target as Vitest tests, in the style of Hono's runtime suites:
// runConformance({ newTarget, skip }) registers one test per case; every skipped case carries its reason.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, test } from "vitest";
import { createAccount, type RunningTarget } from "../../../../peers/target.js";
import { bodyShape } from "./body-shape.js";
import { CASES, type CaseContext, expectedFor, type Side } from "./cases.js";
import { INPUT_CASES } from "./input-cases.js";

/** The record cases, then the input cases: one server start serves both tables. */
const ALL_CASES = [...CASES, ...INPUT_CASES];

export interface ConformanceOptions {
  /** Which server this is: "ours" expects each case's `differs.ours`, "reference" its `expect`. */
  side: Side;
  /** Starts a fresh server; it is stopped after the last case. */
  newTarget(): Promise<RunningTarget>;
  /** Cases this target is known not to pass yet: case name → why. */
  skip?: Record<string, string>;
}

// A server start on a busy 2-core machine can take tens of seconds; the default hook timeout is 60 s.
const START_TIMEOUT_MS = 180_000;

/** A skip entry names no case (a typo would silently run nothing). */
export class UnknownCaseError extends Error {
  constructor(name: string) {
    super(`skip names an unknown conformance case: "${name}"`);
    this.name = "UnknownCaseError";
  }
}

/** One recorded success body shape per case, shared by every target (written once from the reference). */
const BODIES = join(dirname(fileURLToPath(import.meta.url)), "bodies");

/** Registers every case as a test against a target made by `newTarget`. */
export function runConformance(opts: ConformanceOptions): void {
  const skip = opts.skip ?? {};
  for (const name of Object.keys(skip)) {
    if (!ALL_CASES.some((c) => c.name === name)) throw new UnknownCaseError(name);
  }
  let target: RunningTarget | undefined;
  let ctx: CaseContext;
  beforeAll(async () => {
    target = await opts.newTarget();
    const [alice, bob] = await Promise.all([createAccount(target), createAccount(target)]);
    ctx = { target, alice: alice!, bob: bob! };
  }, START_TIMEOUT_MS);
  afterAll(() => target?.stop());

  for (const c of ALL_CASES) {
    const reason = skip[c.name];
    if (reason !== undefined) {
      test.skip(`${c.name} (skipped: ${reason})`, () => {});
      continue;
    }
    test(c.name, async () => {
      const res = await c.run(ctx);
      const error = (res.body as { error?: unknown } | undefined)?.error;
      const actual = {
        status: res.status,
        error: res.status === 200 ? undefined : error,
        outcome: res.outcome,
      };
      const want = expectedFor(c, opts.side);
      const detail = JSON.stringify(res.body)?.slice(0, 500);
      expect(actual, detail).toEqual({ status: want.status, error: want.error, outcome: want.outcome });
      // Equivalent bodies: both servers' success bodies must match the one recorded shape per case (an
      // intended difference may differ in its body too).
      if (res.status === 200 && c.differs === undefined) {
        const shape = `${JSON.stringify(bodyShape(res.body, ctx), null, 2)}\n`;
        await expect(shape).toMatchFileSnapshot(join(BODIES, `${c.name}.json`));
      }
    });
  }
}
