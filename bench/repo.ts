// Repository core benchmark (issue 2, point 7): ours (@putrecord/repo) and the reference (@atproto/repo)
// in one process on the same inputs. Prints one table with ratios (reference time / our time).
//
//   npm run bench -- bench/repo.ts [--quick] [--updates 50]
//
// Times are wall clock and CPU (user) time of this process; the CPU column is steadier on a busy
// machine. Memory is measured in a fresh child process per implementation: the heap plus array
// buffers still held after a forced GC with the built repo and its block store alive.
// A benchmark, never a test: no assertions.
import { execFileSync } from "node:child_process";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import * as atcuteCbor from "@atcute/cbor";
import * as atcuteCid from "@atcute/cid";
import { Secp256k1Keypair as RefKeypair } from "@atproto/crypto";
import * as ref from "@atproto/repo";
import * as ipldCbor from "@ipld/dag-cbor";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { sha256 as nobleSha256 } from "@noble/hashes/sha2.js";
import {
  CBOR,
  Cid,
  exportRepoCar,
  MemoryBlockStore,
  type RecordWrite,
  Repo,
  Secp256k1Keypair,
  sha256,
  verifyRepoCar,
  verifySignature,
} from "@putrecord/repo";
import { CID } from "multiformats/cid";

const { values: args } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    updates: { type: "string" },
    "memory-child": { type: "string" },
    size: { type: "string" },
  },
});
const SIZES = args.quick ? [1_000, 10_000] : [10_000, 100_000];
const UPDATES = Number(args.updates ?? (args.quick ? 20 : 50));
const DID = "did:plc:benchbenchbenchbenchbenc";
const COLLECTION = "app.bsky.feed.post";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

function record(i: number) {
  return {
    $type: COLLECTION,
    text: `post ${i}: the quick brown fox jumps over the lazy dog`,
    langs: ["en"],
    createdAt: new Date(1_700_000_000_000 + i * 1000).toISOString(),
  };
}

function rkey(i: number): string {
  return `3l${i.toString(32).padStart(11, "0")}`;
}

function retained(): number {
  gc();
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

interface Timing {
  wall: number;
  cpu: number;
}

async function time<T>(fn: () => T | Promise<T>): Promise<[T, Timing]> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const result = await fn();
  return [result, { wall: performance.now() - start, cpu: process.cpuUsage(cpu).user / 1000 }];
}

function writesFor(size: number): RecordWrite[] {
  return Array.from({ length: size }, (_, i) => ({
    action: "create",
    collection: COLLECTION,
    rkey: rkey(i),
    record: record(i),
  }));
}

const refWritesOf = (writes: RecordWrite[]) =>
  writes.map((w) => ({ ...w, action: ref.WriteOpAction.Create })) as ref.RecordCreateOp[];

async function collect(stream: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const p of stream) parts.push(p);
  return new Uint8Array(Buffer.concat(parts));
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

interface Row {
  task: string;
  ref: Timing;
  ours: Timing;
  unit: "ms" | "MB";
}
const rows: Row[] = [];
const log = (line: string) => process.stderr.write(`${line}\n`);

const ourKey = Secp256k1Keypair.create();
const refKey = await RefKeypair.create({ exportable: true });

if (args["memory-child"] !== undefined) {
  // Child mode: build one repo, report what stays held, exit.
  const writes = writesFor(Number(args.size));
  const base = retained();
  let keep: unknown;
  if (args["memory-child"] === "ours") keep = Repo.create(new MemoryBlockStore(), DID, ourKey, writes);
  else keep = await ref.Repo.create(new ref.MemoryBlockstore(), DID, refKey, refWritesOf(writes));
  process.stdout.write(`${retained() - base}\n`);
  if (keep === null) process.stdout.write("");
  process.exit(0);
}

function childMemory(impl: "ours" | "ref", size: number): number {
  const file = fileURLToPath(import.meta.url);
  const out = execFileSync(process.execPath, [
    ...process.execArgv,
    file,
    "--memory-child",
    impl,
    "--size",
    String(size),
  ]);
  return Number(out.toString().trim()) / 2 ** 20;
}

for (const size of SIZES) {
  const label = `${size / 1000}k`;
  const writes = writesFor(size);

  log(`building ${label} (reference)…`);
  const refStorage = new ref.MemoryBlockstore();
  let [refRepo, refBuild] = await time(() => ref.Repo.create(refStorage, DID, refKey, refWritesOf(writes)));
  log(`building ${label} (ours)…`);
  const store = new MemoryBlockStore();
  let [repo, ourBuild] = await time(() => Repo.create(store, DID, ourKey, writes));
  rows.push({ task: `build ${label}-record repo`, ref: refBuild, ours: ourBuild, unit: "ms" });
  log(`memory of ${label} (child processes)…`);
  const [refMem, ourMem] = [childMemory("ref", size), childMemory("ours", size)];
  rows.push({
    task: `memory held by the ${label} repo`,
    ref: { wall: refMem, cpu: Number.NaN },
    ours: { wall: ourMem, cpu: Number.NaN },
    unit: "MB",
  });
  if (size !== SIZES[SIZES.length - 1]) continue;

  log(`${UPDATES} single-record updates into ${label}…`);
  const refTimes: Timing[] = [];
  const ourTimes: Timing[] = [];
  for (let u = 0; u < UPDATES; u++) {
    const i = (u * 7919) % size;
    const update = { collection: COLLECTION, rkey: rkey(i), record: { ...record(i), text: `edited ${u}` } };
    const refUpdate = { action: ref.WriteOpAction.Update, ...update } as ref.RecordUpdateOp;
    const [nextRef, tRef] = await time(() => refRepo.applyWrites([refUpdate], refKey));
    const [next, tOurs] = await time(() => repo.applyWrites([{ action: "update", ...update }], ourKey).repo);
    refRepo = nextRef;
    repo = next;
    refTimes.push(tRef);
    ourTimes.push(tOurs);
  }
  const mid = (ts: Timing[]) => ({ wall: median(ts.map((t) => t.wall)), cpu: median(ts.map((t) => t.cpu)) });
  rows.push({
    task: `one update into ${label} (median)`,
    ref: mid(refTimes),
    ours: mid(ourTimes),
    unit: "ms",
  });

  log(`export CAR of ${label}…`);
  const [refCar, refExport] = await time(() => collect(ref.getFullRepo(refStorage, refRepo.cid)));
  const [car, ourExport] = await time(() => exportRepoCar(store, repo.cid));
  rows.push({ task: `export CAR of ${label}`, ref: refExport, ours: ourExport, unit: "ms" });
  log(`CAR sizes: reference ${refCar.length} bytes, ours ${car.length} bytes`);

  log(`verify CAR of ${label} (both verify the same bytes: our export)…`);
  const [, refVerify] = await time(() => ref.verifyRepoCar(car, DID, ourKey.did()));
  const [, ourVerify] = await time(() => verifyRepoCar(car, { did: DID, signingKeyDid: ourKey.did() }));
  rows.push({ task: `verify CAR of ${label}`, ref: refVerify, ours: ourVerify, unit: "ms" });
}

// Building blocks behind the dependency choices in docs/decisions.md.
function perOp(n: number, fn: () => unknown): number {
  // Best of five rounds: the machine may be shared, and the minimum is the least disturbed run.
  for (let i = 0; i < Math.min(n, 200); i++) fn();
  let best = Number.POSITIVE_INFINITY;
  for (let round = 0; round < 5; round++) {
    const start = performance.now();
    for (let i = 0; i < n; i++) fn();
    best = Math.min(best, ((performance.now() - start) * 1000) / n);
  }
  return best;
}
const sample = {
  ...record(42),
  reply: { root: { uri: "at://did:plc:x/app.bsky.feed.post/3l", cid: "bafy" } },
};
const sampleBytes = CBOR.encode(sample);
const CID_TEXT = "bafyreie5cvv4h45feadgeuwhbcutmh6t2ceseocckahdoe6uat64zmz454";
const micro: [string, number][] = [
  ["encode record: ours", perOp(100_000, () => CBOR.encode(sample))],
  ["encode record: @atcute/cbor", perOp(100_000, () => atcuteCbor.encode(sample))],
  ["encode record: @ipld/dag-cbor", perOp(100_000, () => ipldCbor.encode(sample))],
  ["decode record: ours", perOp(100_000, () => CBOR.decode(sampleBytes))],
  ["decode record: @atcute/cbor", perOp(100_000, () => atcuteCbor.decode(sampleBytes))],
  ["decode record: @ipld/dag-cbor", perOp(100_000, () => ipldCbor.decode(sampleBytes))],
  ["cid string → binary: ours", perOp(100_000, () => Cid.parse(CID_TEXT).bytes)],
  [
    "cid string → binary: @atcute/cid",
    perOp(100_000, () => atcuteCid.toBinary(atcuteCid.fromString(CID_TEXT))),
  ],
  ["cid string → binary: multiformats", perOp(100_000, () => CID.parse(CID_TEXT).bytes)],
  ["sha-256 of a record: node:crypto", perOp(100_000, () => sha256(sampleBytes))],
  ["sha-256 of a record: @noble/hashes", perOp(100_000, () => nobleSha256(sampleBytes))],
];
const secret = ourKey.export();
const nobleSig = secp256k1.sign(sha256(sampleBytes), secret, { prehash: false });
const ourSig = ourKey.sign(sampleBytes);
const pub = secp256k1.getPublicKey(secret);
micro.push(
  ["secp256k1 sign: node:crypto (ours)", perOp(2_000, () => ourKey.sign(sampleBytes))],
  [
    "secp256k1 sign: @noble/curves",
    perOp(500, () => secp256k1.sign(sha256(sampleBytes), secret, { prehash: false })),
  ],
  [
    "secp256k1 verify: node:crypto (ours)",
    perOp(2_000, () => verifySignature(ourKey.did(), sampleBytes, ourSig)),
  ],
  [
    "secp256k1 verify: @noble/curves",
    perOp(500, () => secp256k1.verify(nobleSig, sha256(sampleBytes), pub, { prehash: false })),
  ],
);

const fmt = (n: number) => (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2));
const cell = (t: Timing, unit: string) =>
  Number.isNaN(t.cpu) ? `${fmt(t.wall)} ${unit}` : `${fmt(t.wall)} ${unit} (cpu ${fmt(t.cpu)})`;
const ratio = (r: Row) =>
  Number.isNaN(r.ref.cpu)
    ? `${(r.ref.wall / r.ours.wall).toFixed(2)}×`
    : `${(r.ref.wall / r.ours.wall).toFixed(1)}× (cpu ${(r.ref.cpu / r.ours.cpu).toFixed(1)}×)`;
const lines = [
  "| task | @atproto/repo | ours | ref / ours |",
  "|---|---:|---:|---:|",
  ...rows.map((r) => `| ${r.task} | ${cell(r.ref, r.unit)} | ${cell(r.ours, r.unit)} | ${ratio(r)} |`),
  "",
  "| building block | µs per op |",
  "|---|---:|",
  ...micro.map(([name, us]) => `| ${name} | ${fmt(us)} |`),
];
process.stdout.write(
  `\nNode ${process.version}, ${SIZES.join(" and ")} records, ${UPDATES} updates\n\n${lines.join("\n")}\n`,
);
