import type { AppContext } from "../context.js";
import { claimedHandle, type DidDocument, InvalidDidDocumentError } from "../identity/did-document.js";
import { DidDeactivatedError, UnsupportedDidMethodError } from "../identity/did-resolver.js";
import { OutboundError } from "../net/errors.js";
import { InvalidRequestError, XRPCError } from "../xrpc/errors.js";

/** What resolveIdentity answers: the DID, its handle if both agree (else `handle.invalid`), the document. */
export interface IdentityInfo {
  did: string;
  handle: string;
  didDoc: DidDocument;
}

/** The DID's document; the lexicon's DidNotFound / DidDeactivated, or 502 when its source is unreachable. */
export async function lookupDidDocument(
  ctx: AppContext,
  did: string,
  forceRefresh = false,
): Promise<DidDocument> {
  let doc: DidDocument | null;
  try {
    doc = await ctx.identity.dids.resolve(did, { forceRefresh });
  } catch (err) {
    if (err instanceof DidDeactivatedError)
      throw new InvalidRequestError("DID has been deactivated", "DidDeactivated");
    if (err instanceof UnsupportedDidMethodError)
      throw new InvalidRequestError(`Unsupported DID method: ${did}`);
    if (err instanceof InvalidDidDocumentError)
      throw new XRPCError(502, "UpstreamFailure", `Invalid DID document: ${err.reason}`);
    if (err instanceof OutboundError)
      throw new XRPCError(502, "UpstreamFailure", "Could not resolve the DID");
    throw err;
  }
  if (doc === null) throw new InvalidRequestError("DID not found", "DidNotFound");
  return doc;
}

/** The DID a handle names: an account hosted here, else DNS TXT or the well-known file; null if none. */
export async function handleToDid(ctx: AppContext, handle: string): Promise<string | null> {
  const account = ctx.accounts.getAccount(handle);
  if (account && account.handle === handle) return account.did;
  return ctx.identity.handles.resolve(handle);
}

/**
 * Resolves a handle or DID both ways, as resolveIdentity specifies: the handle must name the DID and
 * the DID document must claim the handle, else the handle is `handle.invalid`.
 */
export async function lookupIdentity(
  ctx: AppContext,
  identifier: string,
  forceRefresh = false,
): Promise<IdentityInfo> {
  if (identifier.startsWith("did:")) {
    const didDoc = await lookupDidDocument(ctx, identifier, forceRefresh);
    const claimed = claimedHandle(didDoc);
    const verified = claimed !== null && (await handleToDid(ctx, claimed)) === identifier;
    return { did: identifier, handle: verified ? claimed : "handle.invalid", didDoc };
  }
  const handle = identifier.toLowerCase();
  const did = await handleToDid(ctx, handle);
  if (did === null) throw new InvalidRequestError("Unable to resolve handle", "HandleNotFound");
  const didDoc = await lookupDidDocument(ctx, did, forceRefresh);
  return { did, handle: claimedHandle(didDoc) === handle ? handle : "handle.invalid", didDoc };
}
