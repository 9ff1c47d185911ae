// create-post and reply-to-post: a post record built the way the Bluesky app builds one (facets for links,
// mentions and tags, images with alt text, root and parent refs for a reply), checked against the lexicon
// before anything is uploaded, then written to the signed-in account's repo.
import { atprotoIdentityResolveHandle } from "../../funcs/atprotoIdentityResolveHandle.js";
import { repoCreateRecord } from "../../funcs/repoCreateRecord.js";
import * as post from "../../records/appBskyFeedPost.js";
import { unwrap } from "../../types/fp.js";
import { NotSignedInError, type Tool, type ToolContext, ToolInputError } from "../tool.js";
import { facetsOf } from "./facets.js";
import { IMAGE_ARG, imagesEmbed } from "./images.js";
import { getRecord, parseRecordUri } from "./records.js";

type StrongRef = { uri: string; cid: string };

const TEXT_ARGS = {
  text: {
    type: "string",
    maxLength: 3000,
    description:
      "The post's text: at most 300 graphemes. http(s) links, @handles and #hashtags in it become links, mentions and tags.",
  },
  images: {
    type: "array",
    items: IMAGE_ARG,
    maxItems: 4,
    description: "Up to 4 images, each with alt text.",
  },
  langs: {
    type: "array",
    items: { type: "string" },
    maxItems: 3,
    description: 'The languages of the text as BCP 47 tags, e.g. ["en"].',
  },
};

/** The DID a handle resolves to, through the client's server; undefined when it does not resolve. */
async function resolveHandle(ctx: ToolContext, handle: string): Promise<string | undefined> {
  const res = await atprotoIdentityResolveHandle(
    ctx.client,
    { handle },
    { fetchOptions: { signal: ctx.signal } },
  );
  return res.ok ? res.value.did : undefined;
}

/** The reply refs of a reply to `parent`: the parent itself, and the root of its thread. */
async function replyRefs(ctx: ToolContext, parentUri: unknown) {
  const address = parseRecordUri("parent", parentUri);
  if (address.collection !== post.$type)
    throw new ToolInputError("parent", `not a post; got ${address.collection}`);
  const { uri, cid, value } = await getRecord(ctx, address);
  const parent: StrongRef = { uri, cid };
  const root = (value.reply as { root?: StrongRef } | undefined)?.root ?? parent;
  return { root, parent };
}

/** Writes a post as the signed-in account; `replyTo` makes it a reply. */
async function publish(ctx: ToolContext, args: Record<string, unknown>, replyTo?: unknown) {
  if (!ctx.did) throw new NotSignedInError();
  const { text, langs } = args;
  if (typeof text !== "string") throw new ToolInputError("text", "expected a string");
  // `langs` is checked with the rest of the record, by the lexicon.
  const draft = post.$build({
    text,
    createdAt: new Date().toISOString(),
    ...(langs !== undefined && { langs: langs as string[] }),
  });
  // Text and languages are checked before the images are uploaded, so a refused post uploads nothing.
  unwrap(post.$validate(draft));
  const reply = replyTo === undefined ? undefined : await replyRefs(ctx, replyTo);
  const { facets, unresolved } = await facetsOf(text, (handle) => resolveHandle(ctx, handle));
  const embed = await imagesEmbed(ctx, args.images);
  const record = unwrap(
    post.$validate({
      ...draft,
      ...(facets.length && { facets }),
      ...(reply && { reply }),
      ...(embed && { embed }),
    }),
  );
  const options = { fetchOptions: { signal: ctx.signal } };
  const created = unwrap(
    await repoCreateRecord(ctx.client, { repo: ctx.did, collection: post.$type, record }, options),
  );
  const rkey = created.uri.split("/").at(-1);
  return {
    uri: created.uri,
    cid: created.cid,
    url: `https://bsky.app/profile/${ctx.did}/post/${rkey}`,
    ...(unresolved.length && { unresolvedMentions: unresolved }),
  };
}

/** create-post. */
export const createPostTool: Tool = {
  name: "create-post",
  scope: "write",
  description:
    "Publish a post as the signed-in account. Links, @mentions (resolved to the account's DID; a handle that does not resolve stays plain text) and #hashtags in the text become rich-text facets; images are uploaded and attached with their alt text. Returns the post's at:// URI, CID and bsky.app link.",
  inputSchema: { type: "object", properties: TEXT_ARGS, required: ["text"] },
  run: (args, ctx) => publish(ctx, args),
};

/** reply-to-post. */
export const replyToPostTool: Tool = {
  name: "reply-to-post",
  scope: "write",
  description:
    "Reply to a post as the signed-in account: the reply points to the post (parent) and to the first post of its thread (root), so it shows in the thread. Text, links, mentions, tags and images as in create-post.",
  inputSchema: {
    type: "object",
    properties: {
      parent: { type: "string", description: "The post replied to: its at:// URI or bsky.app link." },
      ...TEXT_ARGS,
    },
    required: ["parent", "text"],
  },
  run: (args, ctx) => publish(ctx, args, args.parent),
};
