// The child process of bench/prepare-offload.ts: prepares records as a PreparePool worker thread does
// (src/write/prepare-worker.ts), over the process's IPC channel instead of a MessagePort.
import { prepareRecord } from "@putrecord/pds/write/prepare.js";
import { type JobMessage, type ResultMessage, toWire } from "@putrecord/pds/write/prepare-wire.js";
import { jsonToRecord } from "@putrecord/repo";

process.on("message", ({ id, jobs }: JobMessage) => {
  const results = jobs.map(({ collection, rkey, json, validate }) =>
    toWire(() => prepareRecord(collection, rkey, { record: jsonToRecord(json, "$"), json }, validate)),
  );
  process.send!({ id, results } satisfies ResultMessage);
});
process.send!("ready");
