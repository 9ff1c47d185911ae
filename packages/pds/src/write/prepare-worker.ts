// A worker thread of the PreparePool (prepare-pool.ts): prepares records as prepare.ts does on the
// main thread, and answers each message in order. It compiles the lexicons before it says it is ready.
import { parentPort } from "node:worker_threads";
import { jsonToRecord } from "@putrecord/repo";
import { lexicons } from "../lexicon/lexicons.js";
import { prepareRecord } from "./prepare.js";
import { type JobMessage, type ResultMessage, toWire } from "./prepare-wire.js";

const port = parentPort!;
lexicons();
port.on("message", ({ id, jobs }: JobMessage) => {
  const results = jobs.map(({ collection, rkey, json, validate }) =>
    toWire(() => prepareRecord(collection, rkey, { record: jsonToRecord(json, "$"), json }, validate)),
  );
  port.postMessage({ id, results } satisfies ResultMessage);
});
port.postMessage("ready");
