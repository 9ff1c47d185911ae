// The SDK's operations as the benchmarks see them: every standalone function in packages/bluesky/src/funcs,
// with the NSID of the declaration it calls. Read from the files, so the benchmarks follow whatever the
// generator has written.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const SRC = fileURLToPath(new URL("../../packages/bluesky/src/", import.meta.url));

/** One standalone function: its name (`repoPutRecord`), its NSID and whether it is a query. */
export type SdkOperation = { fn: string; nsid: string; kind: "query" | "procedure" };

/** Every operation with a standalone function, sorted by function name. */
export async function sdkOperations(): Promise<SdkOperation[]> {
  const out: SdkOperation[] = [];
  for (const file of readdirSync(join(SRC, "funcs")).sort()) {
    if (!file.endsWith(".ts")) continue;
    const text = readFileSync(join(SRC, "funcs", file), "utf8");
    const model = /from "\.\.\/models\/operations\/(\w+)\.js"/.exec(text)?.[1];
    if (!model) continue;
    const module = (await import(`bluesky/models/operations/${model}.js`)) as Record<string, unknown>;
    const op = Object.values(module).find(
      (v): v is { id: string; kind: "query" | "procedure" } =>
        typeof (v as { id?: unknown })?.id === "string",
    );
    if (op) out.push({ fn: file.slice(0, -3), nsid: op.id, kind: op.kind });
  }
  return out;
}

/**
 * Operations an app is likely to import, most likely first: what the 10- and 20-operation apps use when
 * the SDK has them. The rest of each app is filled from the other operations in name order.
 */
const TYPICAL = [
  "com.atproto.repo.putRecord",
  "com.atproto.repo.createRecord",
  "com.atproto.repo.deleteRecord",
  "com.atproto.repo.getRecord",
  "com.atproto.repo.uploadBlob",
  "com.atproto.server.createSession",
  "app.bsky.feed.getTimeline",
  "app.bsky.actor.getProfile",
  "app.bsky.feed.getPostThread",
  "app.bsky.feed.getAuthorFeed",
  "app.bsky.notification.listNotifications",
  "app.bsky.graph.getFollows",
  "app.bsky.graph.getFollowers",
  "app.bsky.feed.getLikes",
  "app.bsky.actor.searchActors",
  "app.bsky.feed.searchPosts",
  "app.bsky.notification.updateSeen",
  "app.bsky.actor.getPreferences",
  "chat.bsky.convo.listConvos",
  "chat.bsky.convo.sendMessage",
  "com.atproto.repo.listRecords",
  "com.atproto.repo.applyWrites",
  "com.atproto.repo.describeRepo",
  "com.atproto.server.getSession",
  "com.atproto.server.refreshSession",
];

/** `n` operations for an app: the typical ones the SDK has, then others by name. */
export function pickOperations(all: SdkOperation[], n: number): SdkOperation[] {
  const byNsid = new Map(all.map((op) => [op.nsid, op]));
  const picked = TYPICAL.flatMap((nsid) => byNsid.get(nsid) ?? []);
  for (const op of all) if (!picked.includes(op)) picked.push(op);
  return picked.slice(0, n);
}
