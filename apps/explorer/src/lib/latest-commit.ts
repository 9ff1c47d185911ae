import { type QueryClient, type UseQueryResult, useQuery } from "@tanstack/react-query";

/** The repo's head: commit CID and revision. */
export type LatestCommit = { cid: string; rev: string };

/** getLatestCommit answered with an error status. */
export class LatestCommitError extends Error {
  override readonly name = "LatestCommitError";
  constructor(
    readonly status: number,
    readonly error: string | undefined,
  ) {
    super(`getLatestCommit failed; status=${status} error=${error ?? "unknown"}`);
  }
}

const latestCommitKey = (did: string) => ["explorer", "sync", "getLatestCommit", did] as const;

/** Reads com.atproto.sync.getLatestCommit (the SDK has no sync operations; it is one public GET). */
async function fetchLatestCommit(did: string, signal: AbortSignal): Promise<LatestCommit> {
  const res = await fetch(`/xrpc/com.atproto.sync.getLatestCommit?did=${encodeURIComponent(did)}`, {
    signal,
  });
  const body = (await res.json()) as LatestCommit & { error?: string };
  if (!res.ok) throw new LatestCommitError(res.status, body.error);
  return body;
}

/** The repo's current commit, cached like the SDK's queries. */
export function useLatestCommit(did: string): UseQueryResult<LatestCommit, LatestCommitError> {
  return useQuery({
    queryKey: latestCommitKey(did),
    queryFn: ({ signal }) => fetchLatestCommit(did, signal),
  });
}

/** Marks the cached head stale after a write. */
export function invalidateLatestCommit(queryClient: QueryClient, did: string): Promise<void> {
  return queryClient.invalidateQueries({ queryKey: latestCommitKey(did) });
}
