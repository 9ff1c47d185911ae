import type { AppContext } from "../context.js";
import type { DidDocument } from "../identity/did-document.js";

/**
 * The account's DID document for a session answer (PDS_ENABLE_DID_DOC_WITH_SESSION, on by default), so
 * a client learns where the account lives without asking the PLC directory; none when it cannot be
 * resolved right now (the session works without it), as the reference.
 */
export async function sessionDidDoc(
  ctx: AppContext,
  did: string,
  always = false,
): Promise<DidDocument | undefined> {
  if (!always && !ctx.config.network.identity.didDocWithSession) return undefined;
  try {
    return (await ctx.identity.dids.resolve(did)) ?? undefined;
  } catch {
    return undefined;
  }
}
