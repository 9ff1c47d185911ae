import { UnsupportedDomainError } from "../account/errors.js";
import { normalizeHandle } from "../account/handles.js";
import type { AppContext } from "../context.js";
import { InvalidRequestError } from "../xrpc/errors.js";
import { toAccountXrpcError } from "./account-errors.js";

/**
 * A requested handle, lower-cased and checked as the reference does: under one of this server's
 * domains it must follow their rules; any other handle only for an account that already has a DID
 * (`did`), and only when the handle resolves to it (DNS TXT or well-known), which proves its owner's
 * consent. Throws the XRPC error to answer.
 */
export async function checkHandle(ctx: AppContext, requested: string, did?: string): Promise<string> {
  try {
    return normalizeHandle(requested, ctx.config.handleDomains);
  } catch (err) {
    if (!(err instanceof UnsupportedDomainError) || did === undefined) throw toAccountXrpcError(err);
  }
  const handle = requested.toLowerCase();
  if ((await ctx.identity.handles.resolve(handle)) !== did) {
    throw new InvalidRequestError("External handle did not resolve to DID");
  }
  return handle;
}
