import { BlockMap, formatCommit, type Signer } from "@putrecord/repo";
import { commitCar } from "../sequencer/car.js";
import type { RepoRoot } from "../store/root-table.js";
import { type CommitTables, storeCommit } from "./store.js";

/**
 * Writes a new repo's empty, signed first commit and appends its `#commit` and `#sync` events, inside
 * the caller's transaction (none with `sequence: false`): createAccount runs it in a WriteQueue.transact job with the account row and
 * its `#identity` and `#account` events, so an account never exists without its repo. Its blocks reach
 * the block cache on first read.
 */
export function createRepo(
  tables: CommitTables,
  did: string,
  signer: Signer,
  opts: { sequence?: boolean } = {},
): RepoRoot {
  const data = formatCommit(tables.store.blockStore(did), null, did, signer, []);
  if (opts.sequence === false) {
    // An account moving in stays silent until it is activated: its first commit has no events.
    tables.store.blockStore(did).putBlocks(data.newBlocks, data.rev, () => false);
    tables.store.roots.put(did, { cid: data.cid, rev: data.rev });
    return { cid: data.cid, rev: data.rev };
  }
  storeCommit(tables, did, data, []);
  const commitBlock = new BlockMap().set(data.cid, data.newBlocks.get(data.cid)!);
  tables.sequencer.append(did, "sync", { did, blocks: commitCar(data.cid, commitBlock), rev: data.rev });
  return { cid: data.cid, rev: data.rev };
}
