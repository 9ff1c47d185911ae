import type { Operation } from "../../lib/operation.js";
import type { BinaryInput } from "../../lib/request.js";
import { anyStr, int, obj, type Schema, str } from "../../lib/schema.js";
import type { BlobRef } from "../components/records.js";
import {
  ComAtprotoRepoUploadBlobRepoResponseBody,
  ComAtprotoRepoUploadBlobResponseBody as UploadBlobBadRequest,
} from "../errors/comatprotorepouploadblob.js";

/** Input of com.atproto.repo.uploadBlob: the bytes and their MIME type (a Blob's own type is used if omitted). */
export type ComAtprotoRepoUploadBlobRequest = BinaryInput;

/** Output of com.atproto.repo.uploadBlob: the reference to put in a record. */
export type ComAtprotoRepoUploadBlobResponseBody = { blob: BlobRef };

const bytes: Schema = (v, path, issues) => {
  const ok =
    v instanceof Blob || v instanceof ArrayBuffer || v instanceof Uint8Array || v instanceof ReadableStream;
  if (!ok) issues.push({ path, message: "expected a Blob, ArrayBuffer, Uint8Array or ReadableStream" });
};

/** com.atproto.repo.uploadBlob: upload a blob; it is kept once a record references it. */
export const comAtprotoRepoUploadBlob: Operation<
  ComAtprotoRepoUploadBlobRequest,
  ComAtprotoRepoUploadBlobResponseBody,
  UploadBlobBadRequest,
  ComAtprotoRepoUploadBlobRepoResponseBody
> = {
  id: "com.atproto.repo.uploadBlob",
  kind: "procedure",
  encoding: "binary",
  auth: "access",
  input: /* @__PURE__ */ obj({ body: bytes }, { contentType: /* @__PURE__ */ str() }),
  output: /* @__PURE__ */ obj({
    blob: /* @__PURE__ */ obj({
      ref: /* @__PURE__ */ obj({ $link: anyStr }),
      mimeType: anyStr,
      size: /* @__PURE__ */ int(0),
    }),
  }),
  errors: [],
  badRequest: UploadBlobBadRequest,
  unauthorized: ComAtprotoRepoUploadBlobRepoResponseBody,
};
