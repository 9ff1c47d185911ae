// The fuzz properties of the test suite (issue 13, must-hold 3), run as long as asked: random data-model
// records through the core (JSON → DAG-CBOR → JSON, exact) and through our PDS (putRecord then getRecord,
// exact, with the core's CID), and random requests to every method our PDS serves (never a 5xx). With
// --with-ref the same random requests also go to the reference PDS, whose 5xx answers are counted (not
// failed): the comparison, not a test. Our PDS runs in this process on 127.0.0.1 with a fresh data dir.
//
//   npm run bench -- bench/fuzz.ts [--runs 2000] [--seed 42] [--with-ref]
//
// Prints runs, failures and time per property; exits 1 with the shrunk counterexample on a failure.
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { CBOR, jsonToRecord, lexToJson } from "@putrecord/repo";
import fc from "fast-check";
import { startPds } from "../packages/pds/src/index.js";
import { recordRoundTrip, uploadBlobs } from "../packages/pds/test/fuzz/records.js";
import {
  fuzzRequest,
  neverServerError,
  type RequestTarget,
  type StatusCounts,
  sendCounted,
} from "../packages/pds/test/fuzz/requests.js";
import { recordFields } from "../packages/repo/test/arbitrary.js";
import { canonicalJson } from "../packages/repo/test/canonical-json.js";
import { isReferencePdsInstalled, startReferencePds } from "../peers/launch.js";
import { createAccount, type Target } from "../peers/target.js";

const { values: args } = parseArgs({
  options: {
    runs: { type: "string", default: "2000" },
    seed: { type: "string" },
    "with-ref": { type: "boolean", default: false },
  },
});

/** A flag was given a value it cannot take. */
class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

function positiveInt(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0)
    throw new UsageError(`--${name} takes a positive integer; got "${value}"`);
  return n;
}

const runs = positiveInt("runs", args.runs)!;
const seed = positiveInt("seed", args.seed) ?? Date.now() % 2 ** 31;
const log = (line: string) => process.stderr.write(`${line}\n`);

interface Row {
  property: string;
  runs: number;
  failed: boolean;
  seconds: number;
  note: string;
}
const rows: Row[] = [];

/** Runs one property, records its row, and keeps the failure report for the end. */
async function run(
  property: string,
  prop: fc.IProperty<[unknown]> | fc.IAsyncProperty<[unknown]>,
  note = () => "",
) {
  log(`${property}: ${runs} runs, seed ${seed}...`);
  const started = performance.now();
  const details = await fc.check(prop as fc.IAsyncProperty<[unknown]>, { numRuns: runs, seed });
  const seconds = (performance.now() - started) / 1000;
  rows.push({ property, runs: details.numRuns, failed: details.failed, seconds, note: note() });
  if (details.failed) failures.push(`${property}:\n${fc.defaultReportMessage(details)}`);
}
const failures: string[] = [];

const showCounts = (counts: StatusCounts) =>
  Object.entries(counts)
    .sort()
    .map(([k, v]) => `${k} ${v}`)
    .join(", ");

const coreRoundTrip = fc.property(recordFields(), (json) => {
  const bytes = CBOR.encode(jsonToRecord(json));
  const back = CBOR.decode(bytes);
  return (
    canonicalJson(lexToJson(back)) === canonicalJson(json) && Buffer.from(CBOR.encode(back)).equals(bytes)
  );
});

const dataDirectory = mkdtempSync(join(tmpdir(), "fuzz-bench-"));
const pds = await startPds(
  { port: 0, hostname: "localhost", bindHost: "127.0.0.1", dataDirectory, loginDelayMs: 0 },
  { logLevel: "silent" },
);
const ref = args["with-ref"] && isReferencePdsInstalled() ? await startReferencePds() : undefined;
if (args["with-ref"] && ref === undefined)
  log("reference peer not installed (bash scripts/setup-peers.sh): skipped");
try {
  const ours: Target = { name: "ours", url: pds.url };
  const [alice, bob] = await Promise.all([createAccount(ours), createAccount(ours)]);
  const methods = [...pds.app.router.routes()];

  await run("core: record JSON → DAG-CBOR → JSON", coreRoundTrip as fc.IProperty<[unknown]>);

  const writer = { url: pds.url, did: alice!.did, accessJwt: alice!.accessJwt };
  const stats = { writes: 0 };
  const roundTrip = recordRoundTrip(writer, await uploadBlobs(writer), stats);
  await run(
    "ours: putRecord → getRecord",
    roundTrip as fc.IAsyncProperty<[unknown]>,
    () => `${stats.writes} writes`,
  );

  const counts: StatusCounts = {};
  const target: RequestTarget = {
    url: pds.url,
    methods,
    alice: alice!,
    bob: bob!,
    adminPassword: pds.ctx.secrets.adminPassword,
  };
  await run(
    `ours: random requests to ${methods.length} methods`,
    neverServerError(target, counts) as fc.IAsyncProperty<[unknown]>,
    () => showCounts(counts),
  );

  if (ref !== undefined) {
    const refTarget: Target = { name: "ref", url: ref.url };
    const [refAlice, refBob] = await Promise.all([createAccount(refTarget), createAccount(refTarget)]);
    const refCounts: StatusCounts = {};
    const tolerant = { url: ref.url, methods, alice: refAlice!, bob: refBob!, adminPassword: "not-known" };
    // The reference is measured, not judged: the same requests (same seed), its 5xx answers counted.
    const started = performance.now();
    for (const req of fc.sample(fuzzRequest(tolerant), { numRuns: runs, seed })) {
      await sendCounted(tolerant, req, refCounts).catch(() => undefined);
    }
    rows.push({
      property: `ref: the same random requests (${methods.length} methods)`,
      runs,
      failed: false,
      seconds: (performance.now() - started) / 1000,
      note: showCounts(refCounts),
    });
  }
} finally {
  await ref?.stop();
  await pds.close();
  rmSync(dataDirectory, { recursive: true, force: true });
}

console.log(
  `fuzz, ${new Date().toISOString()}, ${cpus().length} CPUs, load average ${loadavg()[0]!.toFixed(1)}, ` +
    `Node ${process.version}, seed ${seed}`,
);
console.log("| property | runs | result | seconds | runs/s | answers |");
console.log("| --- | ---: | --- | ---: | ---: | --- |");
for (const r of rows) {
  const rate = (r.runs / r.seconds).toFixed(0);
  console.log(
    `| ${r.property} | ${r.runs} | ${r.failed ? "FAILED" : "ok"} | ${r.seconds.toFixed(1)} | ${rate} | ${r.note} |`,
  );
}
for (const f of failures) console.log(`\n${f}`);
process.exitCode = failures.length > 0 ? 1 : 0;
