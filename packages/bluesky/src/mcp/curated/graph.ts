// like-post and follow-account: the two records an agent writes most after posts. A like points to the
// post by URI and CID (read from the post itself); a follow names the account by DID (a handle is
// resolved first).
import { atprotoIdentityResolveHandle } from "../../funcs/atprotoIdentityResolveHandle.js";
import { repoCreateRecord } from "../../funcs/repoCreateRecord.js";
import { FORMAT_TESTS } from "../../lib/formats.js";
import type { RecordOf } from "../../models/components/records.js";
import { unwrap } from "../../types/fp.js";
import { NotSignedInError, type Tool, type ToolContext, ToolInputError } from "../tool.js";
import { getRecord, parseRecordUri } from "./records.js";

/** Writes a record of `collection` to the signed-in account's repo. */
async function create<C extends string>(ctx: ToolContext, collection: C, record: RecordOf<C>) {
  if (!ctx.did) throw new NotSignedInError();
  const options = { fetchOptions: { signal: ctx.signal } };
  const { uri, cid } = unwrap(
    await repoCreateRecord(ctx.client, { repo: ctx.did, collection, record }, options),
  );
  return { uri, cid };
}

/** like-post. */
export const likePostTool: Tool = {
  name: "like-post",
  scope: "write",
  description:
    "Like a post (or a feed, list or other record) as the signed-in account. Returns the like's at:// URI.",
  inputSchema: {
    type: "object",
    properties: { uri: { type: "string", description: "The post's at:// URI or bsky.app link." } },
    required: ["uri"],
  },
  async run(args, ctx) {
    if (!ctx.did) throw new NotSignedInError();
    const { uri, cid } = await getRecord(ctx, parseRecordUri("uri", args.uri));
    const like = {
      $type: "app.bsky.feed.like",
      subject: { uri, cid },
      createdAt: new Date().toISOString(),
    } as const;
    return create(ctx, "app.bsky.feed.like", like);
  },
};

/** follow-account. */
export const followAccountTool: Tool = {
  name: "follow-account",
  scope: "write",
  description: "Follow an account as the signed-in account. Returns the follow record's at:// URI.",
  inputSchema: {
    type: "object",
    properties: { actor: { type: "string", description: "The account to follow: its handle or DID." } },
    required: ["actor"],
  },
  async run(args, ctx) {
    if (!ctx.did) throw new NotSignedInError();
    const { actor } = args;
    if (typeof actor !== "string" || !FORMAT_TESTS["at-identifier"]!(actor.replace(/^@/, ""))) {
      throw new ToolInputError("actor", "expected a handle or DID");
    }
    let subject = actor.replace(/^@/, "");
    if (!subject.startsWith("did:")) {
      const options = { fetchOptions: { signal: ctx.signal } };
      ({ did: subject } = unwrap(
        await atprotoIdentityResolveHandle(ctx.client, { handle: subject }, options),
      ));
    }
    const follow = { $type: "app.bsky.graph.follow", subject, createdAt: new Date().toISOString() } as const;
    return { ...(await create(ctx, "app.bsky.graph.follow", follow)), did: subject };
  },
};
