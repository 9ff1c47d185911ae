// The messages between the HTTP front thread and the app thread of the front-thread experiment
// (bench/http-front.ts): one request in, one answer out, with the body whole in each.
import type { RecordJobResult } from "../../packages/pds/src/write/prepare-wire.js";
import type { WriteQueue } from "../../packages/pds/src/write/queue.js";

/** A request as the front thread read it: head and whole body. */
export interface FrontRequest {
  id: number;
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  remoteAddress: string;
  body: Uint8Array;
}

/** The app's answer: status, headers and whole body; `destroyed` when the app dropped the request. */
export interface FrontResponse {
  id: number;
  status: number;
  headers: Record<string, string | string[] | number>;
  body: Uint8Array;
  destroyed: boolean;
}

/** The app thread's event-loop utilisation since its last report (0–1), and its write queue's totals. */
export interface AppLoad {
  load: number;
  writeGroups: WriteGroupTotals;
}

/** The write queue's group totals since start. */
export type WriteGroupTotals = WriteQueue["totals"];

/** The app thread's secrets a front thread needs to verify access tokens itself (the edge variant). */
export interface AppReady {
  jwtSecret: string;
  serviceDid: string;
}

/** A putRecord the front thread has authenticated, parsed and prepared: the app thread commits it. */
export interface EdgeWrite {
  id: number;
  did: string;
  collection: string;
  rkey: string;
  record: RecordJobResult;
}
