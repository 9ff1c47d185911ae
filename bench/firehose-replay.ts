// Firehose replay cost: our PDS, in this process, replays its whole log (one small #commit per write, from
// 16 writers) to a fresh subscriber in a child process, again and again; this process measures its own
// CPU time per replay, so the figure is the server's alone. Prints the median and best per event.
//
//   npm run bench -- bench/firehose-replay.ts [--events 8000] [--rounds 9]
//
// A benchmark, never a test: no assertions. The reference is not run here: its replay is a different
// design (no socket pacing), and this script exists to weigh changes to ours (e.g. corked pages).
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { parseArgs, promisify } from "node:util";
import { WebSocket } from "ws";
import { createTestAccount, putRecord, startTestPds } from "../packages/pds/test/_util.js";

const { values: args } = parseArgs({
  options: {
    events: { type: "string", default: "8000" },
    rounds: { type: "string", default: "9" },
    client: { type: "string" },
    want: { type: "string" },
  },
});

if (args.client !== undefined) {
  // The subscriber: counts frames from cursor 0 up to `want`, prints its wall time and leaves.
  const started = performance.now();
  const want = Number(args.want);
  let received = 0;
  const ws = new WebSocket(args.client);
  ws.on("message", () => {
    if (++received < want) return;
    process.stdout.write(`${performance.now() - started}\n`);
    ws.terminate();
    process.exit(0);
  });
  ws.on("error", (err) => {
    process.stderr.write(`${err}\n`);
    process.exit(1);
  });
} else {
  const events = Number(args.events);
  const pds = await startTestPds();
  const writers = await Promise.all(
    Array.from({ length: 16 }, (_, i) => createTestAccount(pds, `writer${i}`)),
  );
  let next = 0;
  await Promise.all(
    writers.map(async (writer) => {
      while (next < events) {
        const i = next++;
        const res = await putRecord(pds, writer, "com.example.note", `r${i}`, { text: `note ${i}` });
        if (res.status !== 200) throw new Error(`putRecord answered ${res.status}`);
      }
    }),
  );
  const total = pds.ctx.sequencer.lastSeq();
  const url = `${pds.url.replace("http", "ws")}/xrpc/com.atproto.sync.subscribeRepos?cursor=0`;
  const self = fileURLToPath(import.meta.url);
  const run = promisify(execFile);
  const cpu: number[] = [];
  const wall: number[] = [];
  for (let round = 0; round < Number(args.rounds); round++) {
    const before = process.cpuUsage();
    const child = await run(process.execPath, [
      ...process.execArgv,
      self,
      "--client",
      url,
      "--want",
      String(total),
    ]);
    const used = process.cpuUsage(before);
    cpu.push((used.user + used.system) / 1000);
    wall.push(Number(child.stdout));
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
  const perEvent = (ms: number) => ((ms * 1000) / total).toFixed(1);
  console.log(`Node ${process.versions.node}, ${total} events replayed ${cpu.length} times`);
  console.log("| replay of the whole log | median | best |");
  console.log("|---|---:|---:|");
  console.log(`| server CPU per event | ${perEvent(median(cpu))} µs | ${perEvent(Math.min(...cpu))} µs |`);
  console.log(
    `| subscriber wall time | ${median(wall).toFixed(0)} ms | ${Math.min(...wall).toFixed(0)} ms |`,
  );
  await pds.close();
}
