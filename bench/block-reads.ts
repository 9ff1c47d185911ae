// One block read by (did, cid) from repo_block, whose index is split in two partial indexes (recent and
// settled, see packages/pds/src/repo/sql-block-store.ts): two statements in either order against one
// statement over both (OR, UNION ALL). Writes a repo into a fresh PDS, then times reading every block in
// one read transaction, as a getRepo export does. Prints µs per read, median and best of 15 rounds.
//
//   npm run bench -- bench/block-reads.ts [--records 15000]
//
// A benchmark, never a test: no assertions.
import { parseArgs } from "node:util";
import Database from "better-sqlite3";
import { createTestAccount, putRecord, startTestPds } from "../packages/pds/test/_util.js";

const { values: args } = parseArgs({ options: { records: { type: "string", default: "15000" } } });
const records = Number(args.records);
const pds = await startTestPds();
const alice = await createTestAccount(pds, "alice");
for (let i = 0; i < records; i += 50) {
  const batch = Array.from({ length: Math.min(50, records - i) }, (_, j) => i + j);
  await Promise.all(
    batch.map((n) => putRecord(pds, alice, "com.example.note", `r${n}`, { text: `note ${n}` })),
  );
}
const db = new Database(pds.ctx.db.name, { readonly: true });
const rows = db.prepare("SELECT did, cid, settled FROM repo_block").all() as {
  did: string;
  cid: Buffer;
  settled: number;
}[];
const one = (partition: number) =>
  db.prepare(`SELECT bytes FROM repo_block WHERE did = ? AND cid = ? AND settled = ${partition}`).pluck();
const [recent, settled] = [one(0), one(1)];
const union = db
  .prepare(
    "SELECT bytes FROM repo_block WHERE did = ? AND cid = ? AND settled = 1 UNION ALL " +
      "SELECT bytes FROM repo_block WHERE did = ? AND cid = ? AND settled = 0 LIMIT 1",
  )
  .pluck();
const or = db
  .prepare(
    "SELECT bytes FROM repo_block WHERE (did = ? AND cid = ? AND settled = 1) OR (did = ? AND cid = ? AND settled = 0)",
  )
  .pluck();
const variants: [string, (did: string, cid: Buffer) => unknown][] = [
  ["two statements, recent first", (d, c) => recent.get(d, c) ?? settled.get(d, c)],
  ["two statements, settled first", (d, c) => settled.get(d, c) ?? recent.get(d, c)],
  ["one statement, UNION ALL LIMIT 1", (d, c) => union.get(d, c, d, c)],
  ["one statement, OR", (d, c) => or.get(d, c, d, c)],
];
db.exec("BEGIN");
const times = new Map<string, number[]>(variants.map(([name]) => [name, []]));
for (let round = 0; round < 15; round++) {
  for (const [name, read] of variants) {
    const started = performance.now();
    for (const row of rows) if (read(row.did, row.cid) === undefined) throw new Error("a block is missing");
    times.get(name)!.push(((performance.now() - started) * 1000) / rows.length);
  }
}
db.close();
await pds.close();
const recentRows = rows.filter((r) => r.settled === 0).length;
console.log(`Node ${process.versions.node}, ${rows.length} blocks (${recentRows} recent)`);
console.log("| read | median µs | best µs |\n|---|---:|---:|");
for (const [name, ts] of times) {
  ts.sort((a, b) => a - b);
  console.log(`| ${name} | ${ts[7]!.toFixed(2)} | ${ts[0]!.toFixed(2)} |`);
}
