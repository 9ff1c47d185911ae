import { InvalidRequestError } from "../../../../xrpc/errors.js";
import { defineRoute } from "../../../../xrpc/route.js";
import { formatParam } from "../../../params.js";
import { syncAccountForCaller } from "../../../sync-caller.js";

/** com.atproto.sync.getBlob: a referenced blob's bytes, served so browsers never run them. */
export const getBlob = defineRoute({
  nsid: "com.atproto.sync.getBlob",
  type: "query",
  handler: async ({ params, ctx, req }) => {
    const { did } = await syncAccountForCaller(ctx, req, formatParam(params, "did", "did"));
    const cid = formatParam(params, "cid", "cid");
    const blob = await ctx.blobs.attemptRead(did, cid);
    if (blob === null) throw new InvalidRequestError("Blob not found", "BlobNotFound");
    return {
      encoding: blob.mimeType,
      body: blob.bytes,
      headers: {
        "content-length": String(blob.bytes.length),
        // As the reference: never sniffed, downloaded rather than rendered (uploaded HTML must not run
        // on this origin, nor its links be followed), and sandboxed should a browser render it anyway.
        "x-content-type-options": "nosniff",
        "content-disposition": `attachment; filename="${cid}"`,
        "content-security-policy": "default-src 'none'; sandbox",
      },
    };
  },
});
