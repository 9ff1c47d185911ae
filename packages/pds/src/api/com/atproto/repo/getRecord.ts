import { lexToJson } from "@putrecord/repo";
import { recordUri } from "../../../../repo/types.js";
import { InvalidRequestError } from "../../../../xrpc/errors.js";
import { defineRoute } from "../../../../xrpc/route.js";
import { formatParam, optionalFormatParam } from "../../../input.js";
import { readableAccount } from "../../../repo-read.js";

/** com.atproto.repo.getRecord: one record's current value (or at `cid`, which must be current). */
export const getRecord = defineRoute({
  nsid: "com.atproto.repo.getRecord",
  type: "query",
  handler: ({ params, ctx }) => {
    const repo = formatParam(params, "repo", "at-identifier");
    const collection = formatParam(params, "collection", "nsid");
    const rkey = formatParam(params, "rkey", "record-key");
    const wanted = optionalFormatParam(params, "cid", "cid");
    const { did } = readableAccount(ctx, repo);
    const uri = recordUri(did, collection, rkey);
    const record = ctx.repos.attemptRecord(did, collection, rkey);
    if (record === null || (wanted !== undefined && wanted !== record.cid)) {
      throw new InvalidRequestError(`Could not locate record: ${uri}`, "RecordNotFound");
    }
    return { encoding: "application/json", body: { uri, cid: record.cid, value: lexToJson(record.value) } };
  },
});
