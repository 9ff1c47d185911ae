import { normalizeHandle } from "@putrecord/pds/account/handles.js";
import { createUpdateOp, publishPlcOp } from "@putrecord/pds/account/plc.js";
import { updateHandle as pdsUpdateHandle } from "@putrecord/pds/api/com/atproto/identity/updateHandle.js";
import { InvalidRequestError } from "@putrecord/pds/xrpc/errors.js";
import { accessFull } from "../auth/verifier.js";
import { defineEntrywayRoute } from "./route.js";

/**
 * `com.atproto.identity.updateHandle`: unique across cells, so the directory decides; the entryway signs
 * and publishes the did:plc operation, then the cell stores the handle and tells the firehose.
 */
export const updateHandle = defineEntrywayRoute({
  nsid: "com.atproto.identity.updateHandle",
  type: "procedure",
  auth: accessFull,
  input: "json",
  parseInput: pdsUpdateHandle.parseInput,
  handler: async ({ ctx, auth, input }) => {
    const handle = normalizeHandle(input.handle, ctx.config.handleDomains);
    const { accounts, cells, locator } = ctx.directory;
    const account = await accounts.attempt(auth.did);
    if (!account) throw new InvalidRequestError("Account not found", "AccountNotFound");
    let op = account.plcOp;
    if (account.handle !== handle) {
      if (await accounts.attempt(handle))
        throw new InvalidRequestError(`Handle already taken: ${handle}`, "HandleNotAvailable");
      op = createUpdateOp(account.plcOp, { alsoKnownAs: [`at://${handle}`] }, ctx.secrets.plcRotationKey);
      if (ctx.config.plcUrl !== undefined) await publishPlcOp(ctx.config.plcUrl, auth.did, op);
      await accounts.setHandle(auth.did, handle, op);
      locator.forget(account.handle, auth.did);
    }
    await ctx.cellClient.updateHandle(cells.get(account.cellId), auth.did, handle, op);
    return undefined;
  },
});
