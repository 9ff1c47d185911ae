// Reading records: get-record and list-records, and the record lookups the write tools need (the post
// a reply or a like points to). Records are addressed by at:// URI or by the bsky.app link people paste.
import { repoGetRecord } from "../../funcs/repoGetRecord.js";
import { repoListRecords } from "../../funcs/repoListRecords.js";
import { FORMAT_TESTS } from "../../lib/formats.js";
import { unwrap } from "../../types/fp.js";
import { type Tool, type ToolContext, ToolInputError } from "../tool.js";

/** Where a record lives: its repo (a DID or handle), collection and record key. */
export type RecordAddress = { repo: string; collection: string; rkey: string };

/** The collections behind bsky.app's link paths (`/profile/<actor>/post/<rkey>`). */
const APP_PATHS: Record<string, string> = {
  post: "app.bsky.feed.post",
  feed: "app.bsky.feed.generator",
  lists: "app.bsky.graph.list",
};

/** Reads an at:// record URI or a bsky.app link; the error names `field`. */
export function parseRecordUri(field: string, value: unknown): RecordAddress {
  if (typeof value !== "string") throw new ToolInputError(field, "expected an at:// URI or a bsky.app link");
  let parts: string[] | undefined;
  if (value.startsWith("at://")) {
    const [repo, collection, rkey, ...rest] = value.slice(5).split("/");
    if (!rest.length) parts = [repo!, collection!, rkey!];
  } else if (URL.canParse(value) && new URL(value).hostname === "bsky.app") {
    const [, profile, actor, kind, rkey, ...rest] = new URL(value).pathname.split("/");
    const collection = APP_PATHS[kind ?? ""];
    if (profile === "profile" && collection && !rest.length) parts = [actor!, collection, rkey!];
  }
  const [repo, collection, rkey] = parts ?? [];
  if (
    !repo ||
    !collection ||
    !rkey ||
    !FORMAT_TESTS["at-identifier"]!(decodeURIComponent(repo)) ||
    !FORMAT_TESTS.nsid!(collection) ||
    !FORMAT_TESTS["record-key"]!(rkey)
  ) {
    throw new ToolInputError(field, `not a record's at:// URI or bsky.app link; got ${value}`);
  }
  return { repo: decodeURIComponent(repo), collection, rkey };
}

/** A record: its URI (with the repo's DID), CID and value; throws the server's error when it is missing. */
export async function getRecord(ctx: ToolContext, address: RecordAddress) {
  const options = { fetchOptions: { signal: ctx.signal } };
  const { uri, cid, value } = unwrap(await repoGetRecord(ctx.client, address, options));
  if (!cid) throw new ToolInputError("uri", `the server returned no CID for ${uri}`);
  return { uri, cid, value: value as Record<string, unknown> };
}

const URI_ARG = {
  type: "string",
  description:
    "The record's at:// URI (at://<did or handle>/<collection>/<rkey>), or its https://bsky.app link.",
};

/** get-record. */
export const getRecordTool: Tool = {
  name: "get-record",
  scope: "read",
  description:
    "Read one record by its at:// URI or bsky.app link: a post, like, follow, profile, list, or any other record. Returns its URI, CID and value.",
  inputSchema: { type: "object", properties: { uri: URI_ARG }, required: ["uri"] },
  run: (args, ctx) => getRecord(ctx, parseRecordUri("uri", args.uri)),
};

/** list-records. */
export const listRecordsTool: Tool = {
  name: "list-records",
  scope: "read",
  description:
    "List the records of one collection of a repo, newest first, a page at a time: pass the cursor a page returns to get the next one (no cursor means the last page).",
  inputSchema: {
    type: "object",
    properties: {
      collection: { type: "string", description: "The collection's NSID, e.g. app.bsky.feed.post." },
      repo: { type: "string", description: "The repo's DID or handle; the signed-in account when left out." },
      limit: { type: "integer", minimum: 1, maximum: 100, default: 50, description: "Records per page." },
      cursor: { type: "string", description: "The cursor of the previous page." },
      reverse: { type: "boolean", description: "Oldest first." },
    },
    required: ["collection"],
  },
  async run(args, ctx) {
    const repo = args.repo ?? ctx.did;
    if (typeof repo !== "string")
      throw new ToolInputError("repo", "give a repo: the server has no signed-in account");
    const request = { ...args, repo } as Parameters<typeof repoListRecords>[1];
    const page = unwrap(await repoListRecords(ctx.client, request, { fetchOptions: { signal: ctx.signal } }));
    return { records: page.records, ...(page.cursor && { cursor: page.cursor }) };
  },
};
