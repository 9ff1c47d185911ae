// What folding a commit's blocks into one row would save (issue 19), before anyone builds it. The block
// storage of real sequential-create commits (formatted by the repo core into memory first, not timed) is
// replayed, each commit in its own transaction, into two PDS databases migrated as the server's:
//   - today: src/store/block-table.ts as storeCommit calls it: a row per new block (records settled at
//     once, MST nodes and the commit recent), a delete per removed block, the recent set settled when due;
//   - folded: records as today, and the commit's other new blocks in one appended row with the CIDs it
//     removes; once `--fold` rows wait, the older half is folded: blocks no later commit removed become
//     settled rows, and the rows go. A removed block still in a waiting row is never written or deleted.
// Prints, per layout, the transaction's µs per commit (mean over a round, median of rounds; the fold's
// batches included) and the WAL frames per commit. Only block storage: the commit's record, head and event
// rows cost both layouts the same.
//
//   npm run bench -- bench/block-fold.ts [--records 2000] [--commits 1500] [--rounds 3] [--fold 64]
//
// A benchmark, never a test: no assertions.
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { openDatabase } from "@putrecord/pds/db/database.js";
import { BlockTable } from "@putrecord/pds/store/block-table.js";
import {
  type Cid,
  type CommitData,
  encodeBlock,
  encodeCar,
  formatCommit,
  MemoryBlockStore,
  type RecordWrite,
  readCar,
  Secp256k1Keypair,
  Tid,
} from "@putrecord/repo";
import { median } from "./putrecord/measure.js";
import { alignColumns } from "./putrecord/report.js";

const { values: args } = parseArgs({
  options: {
    records: { type: "string", default: "2000" },
    commits: { type: "string", default: "1500" },
    rounds: { type: "string", default: "3" },
    fold: { type: "string", default: "64" },
  },
});
const [records, perRound, rounds, foldAt] = [args.records, args.commits, args.rounds, args.fold].map(Number);
const DID = "did:plc:blockfoldbench0000000000";
const PAGE_FRAME = 4096 + 24;

/** A repo of `records` notes as one commit, then `count` commits of one new note each. */
function formatCommits(count: number): { first: CommitData; commits: CommitData[] } {
  const signer = Secp256k1Keypair.create();
  const memory = new MemoryBlockStore();
  const creates = (n: number): RecordWrite[] =>
    Array.from({ length: n }, () => ({
      action: "create",
      collection: "com.example.note",
      rkey: Tid.next(),
      block: encodeBlock({
        $type: "com.example.note",
        text: "a note of about the usual length, say sixty chars",
      }),
    }));
  const first = formatCommit(memory, null, DID, signer, creates(records));
  memory.putBlocks(first.newBlocks);
  const commits: CommitData[] = [];
  let head = first;
  for (let i = 0; i < count; i++) {
    head = formatCommit(memory, head.cid, DID, signer, creates(1));
    memory.putBlocks(head.newBlocks);
    commits.push(head);
  }
  return { first, commits };
}

/** How one layout stores a commit's blocks, inside the caller's transaction. */
interface Layout {
  name: string;
  store(data: CommitData): void;
}

const recordCids = (data: CommitData) => new Set(data.ops.flatMap((op) => (op.cid ? [op.cid.key] : [])));

function today(table: BlockTable): Layout {
  return {
    name: "today: a row per block",
    store(data) {
      const lasting = recordCids(data);
      for (const [cid, bytes] of data.newBlocks)
        table.put(DID, cid.bytes, data.rev, bytes, lasting.has(cid.key));
      for (const cid of data.removedCids) table.delete(DID, cid.bytes);
      table.settleIfDue();
    },
  };
}

function folded(table: BlockTable): Layout {
  const db = table.db;
  db.exec(
    "CREATE TABLE bench_commit_blocks (id INTEGER PRIMARY KEY, did TEXT NOT NULL, rev TEXT NOT NULL, blocks BLOB NOT NULL, removed BLOB NOT NULL)",
  );
  const append = db.prepare<[string, string, Uint8Array, Buffer]>(
    "INSERT INTO bench_commit_blocks (did, rev, blocks, removed) VALUES (?, ?, ?, ?)",
  );
  const oldest = db.prepare<[number], { id: number; rev: string; blocks: Buffer }>(
    "SELECT id, rev, blocks FROM bench_commit_blocks ORDER BY id LIMIT ?",
  );
  const drop = db.prepare<[number]>("DELETE FROM bench_commit_blocks WHERE id <= ?");
  // What a real store would rebuild from the waiting rows on start: the row each waiting block is in,
  // and the row that removed it.
  const waiting = new Map<string, number>();
  const removedBy = new Map<string, number>();
  let rows = 0;
  const fold = () => {
    const due = oldest.all(foldAt / 2);
    for (const row of due) {
      // The writer's own rows: their CIDs were computed when the commit was formatted.
      for (const [cid, bytes] of readCar(row.blocks, { verifyCids: false }).blocks) {
        const removal = removedBy.get(cid.key);
        if (removal === undefined || removal < row.id) table.put(DID, cid.bytes, row.rev, bytes, true);
        if (waiting.get(cid.key) === row.id) waiting.delete(cid.key);
      }
    }
    const last = due[due.length - 1]!.id;
    drop.run(last);
    for (const [key, id] of removedBy) if (id <= last) removedBy.delete(key);
    rows -= due.length;
  };
  return {
    name: "folded: a row per commit",
    store(data) {
      const lasting = recordCids(data);
      const rest: [Cid, Uint8Array][] = [];
      for (const [cid, bytes] of data.newBlocks) {
        if (lasting.has(cid.key)) table.put(DID, cid.bytes, data.rev, bytes, true);
        else rest.push([cid, bytes]);
      }
      const removed: Cid[] = [];
      for (const cid of data.removedCids) {
        if (waiting.has(cid.key)) removed.push(cid);
        else table.delete(DID, cid.bytes);
      }
      const removedBytes = Buffer.concat(removed.map((cid) => cid.bytes));
      const id = Number(append.run(DID, data.rev, encodeCar([data.cid], rest), removedBytes).lastInsertRowid);
      for (const cid of removed) removedBy.set(cid.key, id);
      for (const [cid] of rest) waiting.set(cid.key, id);
      if (++rows >= foldAt) fold();
    },
  };
}

/** A migrated PDS database holding the repo's first commit, settled, as an import leaves it. */
function database(first: CommitData): { table: BlockTable; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), "block-fold-"));
  const db = openDatabase(join(dir, "pds.sqlite"));
  db.pragma("synchronous = NORMAL"); // as a group transaction commits; the WAL sync is not this benchmark's
  db.pragma("wal_autocheckpoint = 0"); // the WAL only grows within a round, so its growth counts frames
  const table = new BlockTable(db);
  db.transaction(() => {
    for (const [cid, bytes] of first.newBlocks) table.put(DID, cid.bytes, first.rev, bytes, true);
  })();
  return { table, dir };
}

/** One round's commits through a layout: mean µs per commit and WAL frames per commit. */
function round(layout: Layout, table: BlockTable, commits: CommitData[]): { us: number; frames: number } {
  const db = table.db;
  db.pragma("wal_checkpoint(TRUNCATE)");
  const store = db.transaction((data: CommitData) => layout.store(data));
  const started = performance.now();
  for (const data of commits) store(data);
  const us = ((performance.now() - started) * 1000) / commits.length;
  const frames = statSync(`${db.name}-wal`).size / PAGE_FRAME / commits.length;
  return { us, frames };
}

console.error(`formatting ${rounds * perRound} commits on a repo of ${records} records...`);
const { first, commits } = formatCommits(rounds * perRound);
const blocksPerCommit = commits.reduce((n, c) => n + c.newBlocks.size, 0) / commits.length;
const removedPerCommit = commits.reduce((n, c) => n + c.removedCids.size, 0) / commits.length;
const a = database(first);
const b = database(first);
const layouts: [Layout, BlockTable][] = [
  [today(a.table), a.table],
  [folded(b.table), b.table],
];
const results = new Map<string, { us: number[]; frames: number[] }>();
for (let r = 0; r < rounds; r++) {
  const slice = commits.slice(r * perRound, (r + 1) * perRound);
  // Alternate which layout goes first, so neither always meets a warmer or busier machine.
  for (const [layout, table] of r % 2 === 0 ? layouts : [...layouts].reverse()) {
    const { us, frames } = round(layout, table, slice);
    const entry = results.get(layout.name) ?? { us: [], frames: [] };
    entry.us.push(us);
    entry.frames.push(frames);
    results.set(layout.name, entry);
  }
}
for (const { table, dir } of [a, b]) {
  table.db.close();
  rmSync(dir, { recursive: true, force: true });
}

console.log(
  `Block storage per sequential create, ${perRound} commits a round on a repo of ${records}+ records, ` +
    `${blocksPerCommit.toFixed(1)} new and ${removedPerCommit.toFixed(1)} removed blocks a commit; ` +
    `mean of each round, median of ${rounds}; fold at ${foldAt} rows`,
);
const todayUs = median(results.get(layouts[0]![0].name)!.us);
const table = [["layout", "µs per commit", "WAL frames per commit", "µs vs today"]];
for (const [layout] of layouts) {
  const r = results.get(layout.name)!;
  const us = median(r.us);
  table.push([layout.name, us.toFixed(0), median(r.frames).toFixed(1), (us - todayUs).toFixed(0)]);
}
console.log(alignColumns(table));
