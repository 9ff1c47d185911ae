import { setImmediate as nextTurn } from "node:timers/promises";
import { Cid, encodeCarChunks, exportRepoBlocks } from "@putrecord/repo";
import type { RepoSnapshot } from "./snapshot.js";

/** CAR bytes handed to the socket at a time; the event loop gets a turn between chunks. */
const CHUNK_BYTES = 64 * 1024;

/** The blocks a CAR carries: the whole repo at `head` (MST walk), or those written after rev `since`. */
function carBlocks(
  snapshot: RepoSnapshot,
  did: string,
  head: Cid,
  since?: string,
): Iterable<[Cid, Uint8Array]> {
  if (since === undefined) return exportRepoBlocks(snapshot.blockStore(did), head);
  return (function* () {
    for (const row of snapshot.blocksSince(did, since)) yield [Cid.decode(row.cid), row.bytes];
  })();
}

/**
 * The repo as a CAR v1 rooted at `head`, read from `snapshot` as the consumer pulls, 64 KB at a time:
 * a large repo is never whole in memory, a slow client reads at its own pace, and other requests run
 * between chunks. The snapshot is closed when the stream ends, fails or is abandoned.
 */
export async function* repoCarStream(
  snapshot: RepoSnapshot,
  did: string,
  head: Cid,
  since?: string,
): AsyncGenerator<Uint8Array> {
  try {
    for (const chunk of encodeCarChunks([head], carBlocks(snapshot, did, head, since), CHUNK_BYTES)) {
      yield chunk;
      await nextTurn();
    }
  } finally {
    snapshot.close();
  }
}
