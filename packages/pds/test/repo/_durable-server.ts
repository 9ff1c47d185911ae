// A PDS in its own process for the durability test: it serves <data dir> (argv[2]) on a free
// loopback port and prints {"url": ...} once listening. The test kills it with SIGKILL.
import { startPds } from "../../src/index.js";

const pds = await startPds(
  { port: 0, hostname: "localhost", bindHost: "127.0.0.1", dataDirectory: process.argv[2]!, loginDelayMs: 0 },
  { logLevel: "silent" },
);
process.stdout.write(`${JSON.stringify({ url: pds.url })}\n`);
