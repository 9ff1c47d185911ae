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
 * After activateAccount, as the reference: `#identity`, `#account` (active), then `#sync` with the
 * current commit, so consumers that dropped the repo while it was inactive can pick it up again.
 */
export function sequenceActivation(ctx: AppContext, did: string): void {
  ctx.sequencer.sequenceIdentity(did, ctx.accounts.getAccount(did)?.handle);
  sequenceAccountStatus(ctx, did);
  const head = ctx.repos.attemptHead(did);
  if (!head) return;
  const bytes = ctx.repos.blockStore(did).getBlock(head.cid);
  if (bytes) {
    ctx.sequencer.sequenceSync(did, commitCar(head.cid, new BlockMap().set(head.cid, bytes)), head.rev);
  }
}
