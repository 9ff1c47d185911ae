// What a WAL frame costs this machine's disk: commits of 1 to 16 rows into an SQLite file in WAL mode, each
// made durable the way the PDS makes a group durable (synchronous=NORMAL, then one fdatasync of the -wal
// file, src/write/wal-sync.ts), against the floor's write (a few hundred bytes appended, then fdatasync).
// Each runs twice: back to back, and with an HTTP round trip to another process before each commit, as a
// server answering one client at a time syncs. Prints, per commit size, the WAL frames each commit wrote
// (from the WAL's growth), the median transaction and sync times, and the sync's added cost per frame over
// the floor's. It says what cutting a frame from a commit (bench/wal-frames.ts counts them) can gain here.
//
//   npm run bench -- bench/wal-sync-cost.ts [--commits 1500] [--dir <directory on the disk to measure>]
//
// A benchmark, never a test: no assertions.
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import {
  appendFileSync,
  closeSync,
  fdatasyncSync,
  mkdtempSync,
  openSync,
  rmSync,
  statSync,
  writeSync,
} from "node:fs";
import { Agent, request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import Database from "better-sqlite3";
import { median } from "./putrecord/measure.js";
import { alignColumns } from "./putrecord/report.js";

const { values: args } = parseArgs({
  options: { commits: { type: "string", default: "1500" }, dir: { type: "string", default: tmpdir() } },
});
const commits = Number(args.commits);
const dir = mkdtempSync(join(args.dir, "wal-sync-cost-"));
const PAGE_FRAME = 4096 + 24; // a WAL frame: its 24-byte header and one 4 KB page
const ROW_BYTES = 1_500; // about a record block, an MST node or a firehose event's share of a commit

/** What runs before each commit: nothing, or a request's round trip. */
type Before = () => Promise<void>;
const backToBack: Before = async () => {};

const elapsedUs = (from: bigint) => Number(process.hrtime.bigint() - from) / 1000;

/** A one-line HTTP server in a process of its own, and a GET round trip to it. */
async function echoServer(): Promise<{ roundTrip: Before; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    [
      "-e",
      'const s=require("http").createServer((q,r)=>r.end("ok")).listen(0,"127.0.0.1",()=>console.log(s.address().port))',
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  const [line] = (await once(child.stdout!, "data")) as [Buffer];
  const url = `http://127.0.0.1:${line.toString().trim()}/`;
  const agent = new Agent({ keepAlive: true });
  const roundTrip = () =>
    new Promise<void>((resolve, reject) => {
      const req = request(url, { agent }, (res) => res.resume().on("end", resolve));
      req.on("error", reject);
      req.end();
    });
  return { roundTrip, child };
}

/** The floor's durable write: append a small body, fdatasync. Median µs. */
async function floorSync(before: Before): Promise<number> {
  const file = join(dir, "floor.log");
  appendFileSync(file, "");
  const fd = openSync(file, "a");
  const body = Buffer.alloc(300, 1);
  const times: number[] = [];
  for (let i = 0; i < commits; i++) {
    await before();
    const t = process.hrtime.bigint();
    writeSync(fd, body);
    fdatasyncSync(fd);
    times.push(elapsedUs(t));
  }
  closeSync(fd);
  return median(times);
}

/** Commits of `rows` rows (random keys, so index pages land apart as the PDS's (did, cid) keys do). */
async function walCommits(
  rows: number,
  before: Before,
): Promise<{ frames: number; txUs: number; syncUs: number }> {
  const file = join(dir, `rows-${rows}-${Date.now()}.sqlite`);
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("wal_autocheckpoint = 0"); // the WAL only grows, so its size counts the frames
  db.exec(
    "CREATE TABLE t (id INTEGER PRIMARY KEY, k BLOB NOT NULL, v BLOB NOT NULL); CREATE INDEX t_k ON t (k)",
  );
  const insert = db.prepare("INSERT INTO t (k, v) VALUES (?, ?)");
  const commit = db.transaction(() => {
    for (let r = 0; r < rows; r++)
      insert.run(crypto.getRandomValues(Buffer.alloc(36)), Buffer.alloc(ROW_BYTES, r));
  });
  const wal = openSync(`${file}-wal`, "r+");
  const tx: number[] = [];
  const sync: number[] = [];
  const warm = Math.floor(commits / 3);
  let walStart = 0;
  for (let i = 0; i < commits; i++) {
    if (i === warm) walStart = statSync(`${file}-wal`).size;
    await before();
    const t = process.hrtime.bigint();
    commit();
    const s = process.hrtime.bigint();
    fdatasyncSync(wal);
    if (i >= warm) {
      tx.push(Number(s - t) / 1000);
      sync.push(elapsedUs(s));
    }
  }
  const frames = (statSync(`${file}-wal`).size - walStart) / PAGE_FRAME / (commits - warm);
  closeSync(wal);
  db.close();
  return { frames, txUs: median(tx), syncUs: median(sync) };
}

async function table(title: string, before: Before): Promise<string[][]> {
  const floor = await floorSync(before);
  const rows = [[title, "WAL frames", "transaction µs", "sync µs", "sync µs per frame over the floor's"]];
  rows.push(["floor (300 B appended)", "-", "-", floor.toFixed(0), "-"]);
  for (const n of [1, 2, 4, 8, 16]) {
    const r = await walCommits(n, before);
    const perFrame = (r.syncUs - floor) / r.frames;
    rows.push([
      `${n} rows`,
      r.frames.toFixed(1),
      r.txUs.toFixed(0),
      r.syncUs.toFixed(0),
      perFrame.toFixed(0),
    ]);
  }
  return rows;
}

const echo = await echoServer();
try {
  console.log(`WAL sync cost, ${commits} commits per size (medians of the last two thirds), in ${args.dir}`);
  console.log(alignColumns(await table("commits back to back", backToBack)));
  console.log();
  console.log(alignColumns(await table("a request before each", echo.roundTrip)));
} finally {
  echo.child.kill();
  rmSync(dir, { recursive: true, force: true });
}
