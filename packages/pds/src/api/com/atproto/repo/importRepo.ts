import { withScope } from "../../../../auth/permissions.js";
import { accessFull } from "../../../../auth/verifier.js";
import type { AppContext } from "../../../../context.js";
import { atprotoSigningKey } from "../../../../identity/did-document.js";
import { stageAndVerifyImport } from "../../../../write/import.js";
import { replaceWithImport } from "../../../../write/import-commit.js";
import { XRPCError } from "../../../../xrpc/errors.js";
import { defineRoute } from "../../../../xrpc/route.js";
import { toRepoXrpcError } from "../../../repo-errors.js";

/** The keys an imported commit may be signed with: its DID document's, and the account's key here. */
async function acceptedKeys(ctx: AppContext, did: string): Promise<string[]> {
  const keys = [ctx.accounts.signingKey(did).did()];
  const doc = await ctx.identity.dids.resolve(did, { forceRefresh: true }).catch(() => null);
  const key = doc ? atprotoSigningKey(doc) : null;
  if (key !== null && !keys.includes(key)) keys.push(key);
  return keys;
}

/**
 * `com.atproto.repo.importRepo`: replaces the caller's repo with a CAR (account migration), read as it
 * streams in up to PDS_MAX_REPO_IMPORT_SIZE, staged on disk and verified in full (see
 * src/write/import.ts) before one transaction swaps it in under a commit signed by this server. The
 * records' blobs are then listed by listMissingBlobs until uploaded.
 */
export const importRepo = defineRoute({
  nsid: "com.atproto.repo.importRepo",
  type: "procedure",
  auth: withScope(accessFull, () => ({ account: { attr: "repo", action: "manage" } })),
  input: "stream",
  bodyLimit: (ctx) => ctx.config.network.imports.maxBytes,
  mapErrors: toRepoXrpcError,
  handler: async ({ ctx, auth, input, req }) => {
    if (!ctx.config.network.imports.accepting) {
      req.pause();
      throw new XRPCError(400, "InvalidRequest", "Service is not accepting repo imports", {
        connection: "close",
      });
    }
    const account = ctx.accounts.getAccount(auth.did)!;
    const keys = await acceptedKeys(ctx, auth.did);
    const source = input as AsyncIterable<Uint8Array>;
    const imported = await stageAndVerifyImport(ctx.db, source, auth.did, keys);
    const signer = ctx.accounts.signingKey(auth.did);
    const announce = account.deactivatedAt === null;
    await ctx.writes.transact(() =>
      replaceWithImport(ctx.writes.tables, ctx.db, auth.did, imported, signer, announce),
    );
    ctx.logger.info(
      { did: auth.did, records: imported.records, bytes: imported.staging.bytes },
      "repo imported",
    );
    return undefined;
  },
});
