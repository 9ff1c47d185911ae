// Images: upload one (upload-image), or several straight into a post's app.bsky.embed.images. The
// lexicon's limits (image types, 2 MB, four images) are checked before any byte is sent, so a refused
// image leaves no orphan blob behind.
import { repoUploadBlob } from "../../funcs/repoUploadBlob.js";
import { appBskyEmbedImagesLexicon } from "../../lexicons/appbskyembedimages.js";
import { acceptsMime } from "../../lib/lex/formats.js";
import type { BlobRef } from "../../models/components/json.js";
import { unwrap } from "../../types/fp.js";
import { bytesArgument } from "../bytes.js";
import { type JsonSchema, type Tool, type ToolContext, ToolInputError } from "../tool.js";

type Limits = { accept: string[]; maxSize: number; maxImages: number };

/** The image blob's accepted types and size, and the most images per post, from the lexicon. */
const limits = (): Limits => {
  const defs = appBskyEmbedImagesLexicon.defs as Record<string, { properties?: Record<string, unknown> }>;
  const image = defs.image!.properties!.image as { accept: string[]; maxSize: number };
  const images = defs.main!.properties!.images as { maxLength: number };
  return { accept: image.accept, maxSize: image.maxSize, maxImages: images.maxLength };
};

const BYTES_ARGS = {
  data: {
    type: "string",
    contentEncoding: "base64",
    description: "The image file, in base64 (or give path).",
  },
  path: {
    type: "string",
    description:
      "A local image file instead of data; only inside the directory the server reads (--files DIR).",
  },
  mimeType: { type: "string", description: "image/png, image/jpeg, ...; read from the bytes when left out." },
};

/** One image of create-post: bytes (data or path) or an uploaded blob, and its alt text. */
export const IMAGE_ARG: JsonSchema = {
  type: "object",
  properties: {
    ...BYTES_ARGS,
    blob: { type: "object", description: "A blob upload-image returned, instead of data or path." },
    alt: { type: "string", description: "Alt text: what the image shows, for people who cannot see it." },
  },
  required: ["alt"],
};

/** Uploads the image in `args` (data or path) and returns its blob ref; `prefix` locates the argument. */
export async function uploadImage(
  ctx: ToolContext,
  args: Record<string, unknown>,
  prefix = "",
): Promise<BlobRef> {
  const { accept, maxSize } = limits();
  const { bytes, mimeType } = await bytesArgument(args, ctx.files, prefix);
  if (!mimeType || !acceptsMime(accept, mimeType)) {
    throw new ToolInputError(`${prefix}mimeType`, `not an image type; got ${mimeType ?? "unknown bytes"}`);
  }
  if (bytes.byteLength > maxSize) {
    throw new ToolInputError(`${prefix}data`, `the image is ${bytes.byteLength} bytes; at most ${maxSize}`);
  }
  const request = { body: bytes, contentType: mimeType };
  return unwrap(await repoUploadBlob(ctx.client, request, { fetchOptions: { signal: ctx.signal } })).blob;
}

/** The app.bsky.embed.images of a post, uploading what is not uploaded yet; undefined for no images. */
export async function imagesEmbed(ctx: ToolContext, images: unknown) {
  if (images === undefined) return undefined;
  const { maxImages } = limits();
  if (!Array.isArray(images) || images.length > maxImages) {
    throw new ToolInputError("images", `expected a list of at most ${maxImages} images`);
  }
  const embedded = [];
  for (const [i, image] of images.entries()) {
    const prefix = `images.${i}.`;
    if (typeof image !== "object" || image === null)
      throw new ToolInputError(`images.${i}`, "expected an object");
    const { alt, blob } = image as { alt?: unknown; blob?: unknown };
    if (typeof alt !== "string") throw new ToolInputError(`${prefix}alt`, "give alt text (may be empty)");
    const ref = blob === undefined ? await uploadImage(ctx, image as Record<string, unknown>, prefix) : blob;
    embedded.push({ $type: "app.bsky.embed.images#image", image: ref as BlobRef, alt });
  }
  return embedded.length ? { $type: "app.bsky.embed.images" as const, images: embedded } : undefined;
}

/** upload-image. */
export const uploadImageTool: Tool = {
  name: "upload-image",
  scope: "write",
  description:
    "Upload an image (PNG, JPEG, GIF or WebP, at most 2 MB) to the signed-in account's PDS. Returns the blob ref to attach with create-post or reply-to-post (images: [{ blob, alt }]); create-post can also take the image directly.",
  inputSchema: { type: "object", properties: BYTES_ARGS },
  run: async (args, ctx) => ({ blob: await uploadImage(ctx, args) }),
};
