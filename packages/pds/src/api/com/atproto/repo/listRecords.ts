import { lexToJson } from "@putrecord/repo";
import { recordUri } from "../../../../repo/types.js";
import { defineRoute } from "../../../../xrpc/route.js";
import { formatParam } from "../../../input.js";
import { boolParam, intParam, optionalParam, readableAccount } from "../../../repo-read.js";

/**
 * com.atproto.repo.listRecords: a page of a collection, newest rkey first unless `reverse`. The
 * reference's page is `limit` records whatever their size (100 × 1 MB); ours also ends after the record
 * that reaches `PDS_LIST_RECORDS_PAGE_BYTES` of DAG-CBOR, with the same cursor rule, so paging clients
 * see no change but shorter pages.
 */
export const listRecords = defineRoute({
  nsid: "com.atproto.repo.listRecords",
  type: "query",
  handler: ({ params, ctx }) => {
    const { did } = readableAccount(ctx, formatParam(params, "repo", "at-identifier"));
    const collection = formatParam(params, "collection", "nsid");
    const rows = ctx.repos.listRecords(did, collection, {
      limit: intParam(params, "limit", 1, 100, 50),
      cursor: optionalParam(params, "cursor"),
      reverse: boolParam(params, "reverse"),
      maxBytes: ctx.config.reads.listRecordsPageBytes,
    });
    const records = rows.map((r) => ({
      uri: recordUri(did, collection, r.rkey),
      cid: r.cid,
      value: lexToJson(r.value),
    }));
    return { encoding: "application/json", body: { records, cursor: rows.at(-1)?.rkey } };
  },
});
