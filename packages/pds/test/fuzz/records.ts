// Record round-trip property against a running PDS (issue 13, must-hold 3): a random data-model record
// written with putRecord is answered with the CID the core computes for it, and getRecord gives back
// exactly the JSON written. Used by fuzz.test.ts (short) and bench/fuzz.ts (long).

import { cidForRecord, jsonToRecord } from "@putrecord/repo";
import fc from "fast-check";
import { type BlobRefJson, recordFields } from "../../../repo/test/arbitrary.js";
import { canonicalJson } from "../../../repo/test/canonical-json.js";
import { rawXrpc } from "../conformance/raw-http.js";

/** The server and the account the records are written to. */
export interface RecordTarget {
  url: string;
  did: string;
  accessJwt: string;
}

/** A record that did not come back as written (or was refused): what was sent, what came back. */
export class RoundTripError extends Error {
  constructor(what: string, sent: unknown, got: unknown) {
    super(
      `${what}\n  sent: ${JSON.stringify(sent)?.slice(0, 2000)}\n  got:  ${JSON.stringify(got)?.slice(0, 2000)}`,
    );
    this.name = "RoundTripError";
  }
}

const COLLECTION = "com.example.fuzz";

/** Uploads a few small blobs of different types, so generated records can reference blobs it holds. */
export async function uploadBlobs(target: RecordTarget): Promise<BlobRefJson[]> {
  const blobs: BlobRefJson[] = [];
  for (const [mimeType, body] of [
    ["text/plain", "fuzz blob one"],
    ["image/png", "\x89PNG\r\n\x1a\n not really"],
    ["application/octet-stream", "\u0000\u0001\u0002"],
  ] as const) {
    const res = await rawXrpc(target.url, "com.atproto.repo.uploadBlob", {
      headers: { authorization: `Bearer ${target.accessJwt}`, "content-type": mimeType },
      body,
    });
    if (res.status !== 200) throw new RoundTripError("uploadBlob failed", body, res.body);
    blobs.push((res.body as { blob: BlobRefJson }).blob);
  }
  return blobs;
}

/** The property: put then get of a random record is exact. `stats` counts the writes made. */
export function recordRoundTrip(target: RecordTarget, blobs: BlobRefJson[], stats = { writes: 0 }) {
  const headers = { authorization: `Bearer ${target.accessJwt}`, "content-type": "application/json" };
  return fc.asyncProperty(recordFields(fc.constantFrom(...blobs)), async (fields) => {
    const record = { ...fields, $type: COLLECTION };
    const rkey = `r${stats.writes++}`;
    const body = JSON.stringify({ repo: target.did, collection: COLLECTION, rkey, record });
    const put = await rawXrpc(target.url, "com.atproto.repo.putRecord", { headers, body });
    if (put.status !== 200) throw new RoundTripError(`putRecord answered ${put.status}`, record, put.body);
    const cid = cidForRecord(jsonToRecord(record)).toString();
    if ((put.body as { cid: string }).cid !== cid)
      throw new RoundTripError(`CID is not ${cid}`, record, put.body);
    const got = await rawXrpc(target.url, "com.atproto.repo.getRecord", {
      params: { repo: target.did, collection: COLLECTION, rkey },
    });
    const value = (got.body as { value?: unknown } | undefined)?.value;
    if (got.status !== 200 || canonicalJson(value) !== canonicalJson(record)) {
      throw new RoundTripError("getRecord did not give back the record", record, got.body);
    }
  });
}
