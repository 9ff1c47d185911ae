// The record-method cases call the server THROUGH OUR SDK (`bluesky`'s standalone functions on a
// BlueskyCore), so the suite checks the SDK and the server together: a failed Result's error carries the
// HTTP status (`statusCode`) and the XRPC `error` name, which become the same XrpcResponse a plain fetch
// gives. Requests the SDK refuses before sending (SDKValidationError) cannot test a server: those cases
// use raw fetch (cases.ts says which).
import { BlueskyCore } from "bluesky/core.js";
import { repoApplyWrites } from "bluesky/funcs/repoApplyWrites.js";
import { repoCreateRecord } from "bluesky/funcs/repoCreateRecord.js";
import { repoDeleteRecord } from "bluesky/funcs/repoDeleteRecord.js";
import { repoGetRecord } from "bluesky/funcs/repoGetRecord.js";
import { repoListRecords } from "bluesky/funcs/repoListRecords.js";
import { repoPutRecord } from "bluesky/funcs/repoPutRecord.js";
import { BlueskyError, SDKValidationError, XRPCError } from "bluesky/models/errors/index.js";
import type { Target, XrpcResponse } from "../../../../peers/target.js";

/** The SDK refused a request before sending it: the case must use raw fetch to reach the server. */
export class RefusedBySdkError extends Error {
  constructor(nsid: string, cause: SDKValidationError) {
    super(`the SDK refused ${nsid} before sending it (${cause.message}); use raw fetch for this case`);
    this.name = "RefusedBySdkError";
  }
}

type AnyResult = { ok: true; value: unknown } | { ok: false; error: unknown };
// The cases send deliberately wrong inputs, so the functions are called with loosely typed requests.
// biome-ignore lint/suspicious/noExplicitAny: see above
type Loose = (client: BlueskyCore, request: any) => Promise<AnyResult>;

const METHODS: Record<string, Loose> = {
  putRecord: repoPutRecord as Loose,
  createRecord: repoCreateRecord as Loose,
  deleteRecord: repoDeleteRecord as Loose,
  applyWrites: repoApplyWrites as Loose,
  getRecord: repoGetRecord as Loose,
  listRecords: repoListRecords as Loose,
};

/** Calls com.atproto.repo.`method` through the SDK, with `token` as bearer (none when undefined). */
export async function sdkCall(
  target: Target,
  method: string,
  request: unknown,
  token?: string,
): Promise<XrpcResponse> {
  const fn = METHODS[method];
  if (fn === undefined) throw new Error(`no SDK function for com.atproto.repo.${method}`);
  const client = new BlueskyCore({ serverURL: target.url, bearer: token ?? "" });
  const res = await fn(client, request);
  if (res.ok) {
    const value = res.value as { records?: unknown; cursor?: unknown };
    // listRecords answers a Page; its data is records and cursor.
    const body = method === "listRecords" ? { records: value.records, cursor: value.cursor } : res.value;
    return { status: 200, body };
  }
  const err = res.error;
  if (err instanceof SDKValidationError) throw new RefusedBySdkError(method, err);
  if (err instanceof XRPCError) return { status: err.statusCode, body: err.data$ };
  if (err instanceof BlueskyError) return { status: err.statusCode, body: err.body || undefined };
  throw err;
}
