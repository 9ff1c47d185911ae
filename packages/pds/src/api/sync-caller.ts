import type { IncomingMessage } from "node:http";
import type { Account } from "../account/manager.js";
import { accessStandard } from "../auth/verifier.js";
import type { AppContext } from "../context.js";
import { syncAccount } from "./sync-read.js";

/**
 * The account a sync method serves, as syncAccount checks it, except that the account itself (a
 * session in an Authorization header) may read its repo and blobs while deactivated, as the reference
 * allows: a migration may be retried after the old account was deactivated. A bad token is refused.
 */
export async function syncAccountForCaller(
  ctx: AppContext,
  req: IncomingMessage,
  did: string,
): Promise<Account> {
  const self = req.headers.authorization !== undefined && (await accessStandard(req, ctx)).did === did;
  return syncAccount(ctx, did, self);
}
