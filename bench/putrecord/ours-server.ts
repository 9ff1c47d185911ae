// Our PDS in a process of its own for the benchmark, so the load generator never shares its event loop.
// Fresh data directory on each start, loopback only, default durability. Prints {"url": ...} when ready and
// stops on SIGTERM, SIGINT or when stdin closes (it dies with the benchmark that piped it).
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startPds } from "@putrecord/pds";

const dataDirectory = await mkdtemp(join(tmpdir(), "ours-pds-bench-"));
const pds = await startPds(
  { port: 0, hostname: "localhost", bindHost: "127.0.0.1", dataDirectory, loginDelayMs: 0 },
  { logLevel: "silent" },
).catch(async (err: unknown) => {
  await rm(dataDirectory, { recursive: true, force: true });
  throw err;
});

let stopping = false;
/** Stops the server and deletes its data; runs once whatever triggers it. */
async function shutdown(): Promise<void> {
  if (stopping) return;
  stopping = true;
  try {
    await pds.close();
  } finally {
    await rm(dataDirectory, { recursive: true, force: true });
  }
  process.exit(0);
}
for (const signal of ["SIGTERM", "SIGINT"] as const) process.on(signal, shutdown);
process.stdin.on("end", shutdown);
process.stdin.resume();

process.stdout.write(`${JSON.stringify({ url: pds.url })}\n`);
