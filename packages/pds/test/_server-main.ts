// A PDS in its own process, for the tests that kill it (kill -9) or start a second one on the same
// data directory: it serves <data dir> (argv[2]) on a free loopback port and prints {"url": ...} once
// listening. With a step name as argv[3] it stops itself (SIGSTOP) when createAccount reaches that
// step, after printing {"paused": step, "did": ...}, so the test can kill it exactly there.
// PDS_PREPARE_THREADS sets its prepare threads, started before it listens so the first writes can use
// them; GET /_test/prepared answers how many records they took.
import { subscribe } from "node:diagnostics_channel";
import { writeSync } from "node:fs";
import { CREATE_ACCOUNT_CHANNEL } from "../src/account/create.js";
import { startPds } from "../src/index.js";

const [dataDirectory, pauseAt] = process.argv.slice(2);
if (pauseAt) {
  subscribe(CREATE_ACCOUNT_CHANNEL, (message) => {
    const { did, step } = message as { did: string; step: string };
    if (step !== pauseAt) return;
    writeSync(1, `${JSON.stringify({ paused: step, did })}\n`);
    process.kill(process.pid, "SIGSTOP");
  });
}
const threads = process.env.PDS_PREPARE_THREADS;
const pds = await startPds(
  {
    port: 0,
    hostname: "localhost",
    bindHost: "127.0.0.1",
    dataDirectory: dataDirectory!,
    loginDelayMs: 0,
    prepareThreads: threads ? Number(threads) : undefined,
  },
  { logLevel: "silent" },
);
if (threads) {
  pds.ctx.prepare.start();
  while (!pds.ctx.prepare.ready) await new Promise((r) => setTimeout(r, 20));
}
pds.app.paths.set("/_test/prepared", (_req, res) => {
  res.end(JSON.stringify({ offloaded: pds.ctx.prepare.offloaded }));
});
process.stdout.write(`${JSON.stringify({ url: pds.url })}\n`);
