import { BlockMap, encodeCommit, type Signer, signCommit, Tid } from "@putrecord/repo";
import type { Db } from "../db/database.js";
import { commitCar } from "../sequencer/car.js";
import { RepoNotFoundError } from "../store/errors.js";
import type { RepoRoot } from "../store/root-table.js";
import { indexImportedRecords, type VerifiedImport } from "./import.js";
import type { CommitTables } from "./store.js";

/**
 * Replaces the repo with a verified import, inside the caller's transaction (a WriteQueue.transact
 * job): the import's reachable blocks and records, under a commit of this server's over the imported
 * tree, signed with the account's key (its DID document names that key once the account has moved) and
 * with a rev newer than both the imported and the current one, so relays and AppViews take it as the
 * next state. `announce` sequences a `#sync` (an active account; one moving in is announced when
 * activated).
 */
export function replaceWithImport(
  tables: CommitTables,
  db: Db,
  did: string,
  imported: VerifiedImport,
  signer: Signer,
  announce: boolean,
): RepoRoot {
  const root = tables.store.roots.attemptGet(did);
  if (root === null) throw new RepoNotFoundError(did);
  const rev = Tid.next([root.rev, imported.commit.rev].sort()[1]); // TIDs sort by time
  const unsigned = { did, version: 3 as const, data: imported.commit.data, rev, prev: null };
  const block = encodeCommit(signCommit(unsigned, signer));
  tables.store.blocks.replaceWithImport(did, imported.staging.id, rev);
  tables.store.blocks.put(did, block.cid.bytes, rev, block.bytes);
  tables.store.roots.put(did, { cid: block.cid, rev });
  indexImportedRecords(db, did, imported.staging.id, rev);
  if (announce) {
    const car = commitCar(block.cid, new BlockMap().set(block.cid, block.bytes));
    tables.sequencer.append(did, "sync", { did, blocks: car, rev });
  }
  imported.staging.discard();
  return { cid: block.cid, rev };
}
