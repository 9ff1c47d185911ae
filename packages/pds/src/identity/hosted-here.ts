import type { AppContext } from "../context.js";
import { atprotoSigningKey, pdsEndpoint } from "./did-document.js";
import { latestPlcOperation } from "./plc-update.js";

/**
 * Why the account's DID document does not make this server its host, or null when it does: it must
 * resolve, name this server's URL and the account's signing key here, and (did:plc) list this
 * server's rotation key. The reference's checks and messages; asked fresh, past the cache.
 */
export async function whyNotHostedHere(ctx: AppContext, did: string): Promise<string | null> {
  const doc = await ctx.identity.dids.resolve(did, { forceRefresh: true }).catch(() => null);
  if (doc === null) return "Could not resolve DID";
  if (did.startsWith("did:plc:")) {
    const op = await latestPlcOperation(ctx, did).catch(() => null);
    if (op !== null && !op.rotationKeys.includes(ctx.secrets.plcRotationKey.did())) {
      return "Server rotation key not included in PLC DID data";
    }
  }
  if (pdsEndpoint(doc) !== ctx.config.publicUrl) {
    return "DID document atproto_pds service endpoint does not match PDS public url";
  }
  if (atprotoSigningKey(doc) !== ctx.accounts.signingKey(did).did()) {
    return "DID document verification method does not match expected signing key";
  }
  return null;
}
