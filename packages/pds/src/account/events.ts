import type { AppContext } from "../context.js";
import { accountStatus } from "./session.js";

/** Tells the firehose the account's current status (`#account`), after a takedown or (de)activation. */
export function sequenceAccountStatus(ctx: AppContext, did: string): void {
  const account = ctx.accounts.getAccount(did);
  if (!account) return;
  const { active, status } = accountStatus(account);
  ctx.sequencer.sequenceAccount(did, active, status);
}
