import { accessStandard } from "../../../../auth/verifier.js";
import { defineRoute } from "../../../../xrpc/route.js";

/** Largest accepted blob upload (the limit the reference's installer configures, 50 MiB). */
export const BLOB_UPLOAD_LIMIT = 50 * 1024 * 1024;

/** com.atproto.repo.uploadBlob: stores bytes as a temporary blob until a record references it. */
export const uploadBlob = defineRoute({
  nsid: "com.atproto.repo.uploadBlob",
  type: "procedure",
  auth: accessStandard,
  input: "binary",
  bodyLimit: BLOB_UPLOAD_LIMIT,
  handler: async ({ input, auth, req, ctx }) => {
    const blob = await ctx.blobs.upload(auth.did, input as Buffer, req.headers["content-type"]);
    return {
      encoding: "application/json",
      body: { blob: { $type: "blob", ref: { $link: blob.cid }, mimeType: blob.mimeType, size: blob.size } },
    };
  },
});
