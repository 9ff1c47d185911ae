// Our PDS in its own process, as `npm start` runs it, for tests that restart it: it serves the data
// directory argv[2] on port argv[3] and prints {"url": ...} once listening. Killing the process drops
// every connection at once, as a crash or a deploy does.
import { startPds } from "../../pds/src/index.js";

const pds = await startPds(
  {
    port: Number(process.argv[3]),
    hostname: "localhost",
    bindHost: "127.0.0.1",
    dataDirectory: process.argv[2]!,
    loginDelayMs: 0,
    inviteRequired: false,
  },
  { logLevel: "silent" },
);
process.stdout.write(`${JSON.stringify({ url: pds.url })}\n`);
