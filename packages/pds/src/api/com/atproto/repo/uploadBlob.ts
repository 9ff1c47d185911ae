import { withScope } from "../../../../auth/permissions.js";
import { accessStandard } from "../../../../auth/verifier.js";
import { defineRoute } from "../../../../xrpc/route.js";

/** Largest accepted blob upload (the limit the reference's installer configures, 50 MiB). */
export const BLOB_UPLOAD_LIMIT = 50 * 1024 * 1024;

/** The upload's declared media type without parameters; none declared reads as bytes of any kind. */
function declaredMime(contentType: string | undefined): string {
  return contentType?.split(";")[0]?.trim().toLowerCase() || "application/octet-stream";
}

/** com.atproto.repo.uploadBlob: stores bytes as a temporary blob until a record references it. */
export const uploadBlob = defineRoute({
  nsid: "com.atproto.repo.uploadBlob",
  type: "procedure",
  // Checked before the bytes are read, as the reference: the declared type is all there is yet.
  auth: withScope(accessStandard, (req) => ({ blob: { mime: declaredMime(req.headers["content-type"]) } })),
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
