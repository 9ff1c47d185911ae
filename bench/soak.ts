// Soak benchmark (issue 13, must-hold 4): our PDS, in its own process, under ten minutes of mixed load:
// writers (small records, and every 100th one 100 KB), getRecord readers, listRecords, getRepo of a
// 20,000-record repo and of the repos being written, live firehose subscribers, and one subscriber that
// replays the log from cursor 0 over and over. The firehose window is 2 minutes, so the log is pruned
// and replays start with OutdatedCursor. Prints one row per minute: the server's RSS, heap, buffers,
// event-loop delay and disk, and each operation's count and p50/p99; then how flat it held.
//
//   npm run bench -- bench/soak.ts [--minutes 10] [--quick]
// --quick: 2 minutes at a quarter of the load, a 2,000-record seeded repo.
import { cpus, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { startServerProcess } from "../peers/server-process.js";
import { createAccount, type Target } from "../peers/target.js";
import { fillRepo } from "./putrecord/fill.js";
import { type FirehoseState, liveSubscriber, replayingSubscriber } from "./soak/firehose.js";
import { type LoadPlan, runLoad } from "./soak/load.js";
import { Recorder } from "./soak/recorder.js";
import { flatness, type MinuteRow, renderTable, type ServerStats } from "./soak/report.js";

const { values: args } = parseArgs({
  options: { minutes: { type: "string" }, quick: { type: "boolean", default: false } },
});
const quick = args.quick;
const minutes = args.minutes === undefined ? (quick ? 2 : 10) : Number(args.minutes);
if (!Number.isInteger(minutes) || minutes < 1) {
  throw new Error(`--minutes takes a positive integer; got "${args.minutes}"`);
}
const scale = quick ? 0.25 : 1;
const plan: LoadPlan = {
  writers: 8,
  writesPerSecond: 25 * scale,
  largeEvery: 100,
  largeBytes: 100_000,
  readers: 4,
  readsPerSecond: 50 * scale,
  listsPerSecond: 10 * scale,
  getReposPerSecond: 0.5,
};
const SEEDED_RECORDS = quick ? 2_000 : 20_000;
const LIVE_SUBSCRIBERS = 4;
const FIREHOSE_WINDOW_MS = 2 * 60_000;
const log = (line: string) => process.stderr.write(`${line}\n`);

const server = await startServerProcess({
  label: "our PDS",
  command: process.execPath,
  args: [
    ...(process.env.SOAK_NODE_FLAGS?.split(" ") ?? []),
    "--conditions=bsky-source",
    "--import",
    "tsx",
    fileURLToPath(new URL("./putrecord/ours-server.ts", import.meta.url)),
    JSON.stringify({ repoBackfillLimitMs: FIREHOSE_WINDOW_MS }),
  ],
  cwd: fileURLToPath(new URL("../", import.meta.url)),
  env: { PATH: process.env.PATH, HOME: process.env.HOME, TMPDIR: process.env.TMPDIR },
});
const target: Target = { name: "ours", url: server.ready.url };
process.once("SIGINT", () => void server.stop().finally(() => process.exit(130)));

async function serverStats(): Promise<ServerStats> {
  const res = await fetch(`${target.url}/_bench/stats`);
  return (await res.json()) as ServerStats;
}

try {
  log(`seeding a ${SEEDED_RECORDS}-record repo and ${plan.writers} writer accounts...`);
  const seeded = await createAccount(target);
  await fillRepo(target, seeded, SEEDED_RECORDS, 600, log);
  const writers = await Promise.all(Array.from({ length: plan.writers }, () => createAccount(target)));

  const idle = await serverStats();
  const idleLoad = loadavg()[0]!;
  let running = true;
  const rec = new Recorder();
  const firehose: FirehoseState = { running: true, head: 0, sockets: new Set() };
  const clients = Array.from({ length: LIVE_SUBSCRIBERS }, () => liveSubscriber(target.url, firehose, rec));
  const load = runLoad(target, { writers, seeded }, plan, rec, () => running);
  // The replayer starts once the live subscribers have seen events, so it has a head to reach.
  while (firehose.head === 0) await new Promise((resolve) => setTimeout(resolve, 100));
  clients.push(replayingSubscriber(target.url, firehose, rec));

  log(`soaking for ${minutes} minute(s)...`);
  rec.take(); // the moments before the replayer started
  // Minute 0: the server seeded and idle, before any of the load.
  const none = { ops: new Map(), counters: new Map(), failures: [] };
  const rows: MinuteRow[] = [{ minute: 0, loadAverage: idleLoad, server: idle, load: none }];
  const start = performance.now();
  for (let minute = 1; minute <= minutes; minute++) {
    const wait = start + minute * 60_000 - performance.now();
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, wait)));
    rows.push({ minute, loadAverage: loadavg()[0]!, server: await serverStats(), load: rec.take() });
    log(renderTable(rows.slice(-1)).split("\n").slice(2).join("\n"));
  }
  running = false;
  firehose.running = false;
  for (const ws of firehose.sockets) ws.close();
  await Promise.all([load, ...clients]);

  console.log(
    `soak, ${new Date().toISOString()}, ${cpus().length} CPUs, load average ${loadavg()[0]!.toFixed(1)}, ` +
      `client Node ${process.version}; ${minutes} minute(s); per minute: ${plan.writers} writers × ` +
      `${plan.writesPerSecond}/s (1 in ${plan.largeEvery} of ${plan.largeBytes / 1000} KB), ${plan.readers} ` +
      `readers × ${plan.readsPerSecond}/s, listRecords ${plan.listsPerSecond}/s, getRepo ` +
      `${plan.getReposPerSecond}/s (a ${SEEDED_RECORDS}-record repo, then a repo being written), ` +
      `${LIVE_SUBSCRIBERS} live subscribers, 1 replaying from 0; firehose window ${FIREHOSE_WINDOW_MS / 60_000} min`,
  );
  console.log(renderTable(rows));
  console.log(flatness(rows));
} finally {
  await server.stop();
}
