import { intParam, optionalParam } from "@putrecord/pds/api/repo-read.js";
import { XRPCError } from "@putrecord/pds/xrpc/errors.js";
import { CELL_CALL_TIMEOUT_MS } from "../cell-client.js";
import { defineEntrywayRoute } from "./route.js";

type RepoEntry = { did: string };

/**
 * `com.atproto.sync.listRepos` over every cell: each cell lists by DID after the cursor, the pages are
 * merged and cut to `limit`, so the cursor (the last DID) walks all cells at once. A cell that does not
 * answer fails the page (502) rather than silently leaving its repos out.
 */
export const listRepos = defineEntrywayRoute({
  nsid: "com.atproto.sync.listRepos",
  type: "query",
  handler: async ({ ctx, params }) => {
    const limit = intParam(params, "limit", 1, 1000, 500);
    const cursor = optionalParam(params, "cursor");
    const query = new URLSearchParams({ limit: String(limit), ...(cursor !== undefined && { cursor }) });
    const pages = await Promise.all(
      ctx.directory.cells.all().map(async (cell) => {
        const res = await fetch(`${cell.url}/xrpc/com.atproto.sync.listRepos?${query}`, {
          signal: AbortSignal.timeout(CELL_CALL_TIMEOUT_MS),
        }).catch(() => null);
        if (!res?.ok) throw new XRPCError(502, "UpstreamFailure", `Cell ${cell.id} did not list its repos`);
        return ((await res.json()) as { repos: RepoEntry[] }).repos;
      }),
    );
    const repos = pages
      .flat()
      .sort((a, b) => (a.did < b.did ? -1 : a.did > b.did ? 1 : 0))
      .slice(0, limit);
    const next = repos.length === limit ? repos.at(-1)?.did : undefined;
    return { encoding: "application/json", body: { cursor: next, repos } };
  },
});
