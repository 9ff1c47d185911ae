import { BlockMap } from "@putrecord/repo";
import type { AppContext } from "../context.js";
import { commitCar } from "../sequencer/car.js";
import { accountStatus } from "./session.js";

/** Tells the firehose the account's current status (`#account`), after a takedown or (de)activation. */
export function sequenceAccountStatus(ctx: AppContext, did: string): void {
  const account = ctx.accounts.getAccount(did);
  if (!account) return;
  const { active, status } = accountStatus(account);
  ctx.sequencer.sequenceAccount(did, active, status);
}

/**
 * After activateAccount, as the reference: `#account` (active), `#identity`, then `#sync` with the
 * current commit, so consumers that dropped the repo while it was inactive (or that knew it on another
 * server: an account that moved here) pick it up again from this commit.
 */
export function sequenceActivation(ctx: AppContext, did: string): void {
  sequenceAccountStatus(ctx, did);
  ctx.sequencer.sequenceIdentity(did, ctx.accounts.getAccount(did)?.handle);
  const head = ctx.repos.attemptHead(did);
  if (!head) return;
  const bytes = ctx.repos.blockStore(did).getBlock(head.cid);
  if (bytes) {
    ctx.sequencer.sequenceSync(did, commitCar(head.cid, new BlockMap().set(head.cid, bytes)), head.rev);
  }
}
