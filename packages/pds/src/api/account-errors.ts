import {
  AccountExistsError,
  AccountNotFoundError,
  AppPasswordExistsError,
  EmailTakenError,
  HandleTakenError,
  InvalidHandleError,
  PlcDirectoryError,
  UnsupportedDomainError,
} from "../account/errors.js";
import { InvalidPlcOperationError } from "../identity/plc-verify.js";
import { InvalidRequestError, XRPCError } from "../xrpc/errors.js";

/** The one place the account and identity layers' errors become XRPC errors; anything else is rethrown as is. */
export function toAccountXrpcError(err: unknown): unknown {
  if (err instanceof InvalidHandleError) return new InvalidRequestError(err.reason, "InvalidHandle");
  if (err instanceof UnsupportedDomainError) {
    return new InvalidRequestError("Not a supported handle domain", "UnsupportedDomain");
  }
  if (err instanceof HandleTakenError) {
    // The reference answers a taken handle with a plain InvalidRequest, not the lexicon's HandleNotAvailable.
    return new InvalidRequestError(`Handle already taken: ${err.handle}`);
  }
  if (err instanceof EmailTakenError) return new InvalidRequestError(`Email already taken: ${err.email}`);
  if (err instanceof AppPasswordExistsError) {
    return new InvalidRequestError("Could not create app-specific password: the name is already used");
  }
  if (err instanceof AccountExistsError)
    return new InvalidRequestError(`Account already exists: ${err.did}`, "AlreadyExists");
  if (err instanceof AccountNotFoundError)
    return new InvalidRequestError("Account not found", "AccountNotFound");
  if (err instanceof InvalidPlcOperationError)
    return new InvalidRequestError(`Invalid operation: ${err.reason}`);
  if (err instanceof PlcDirectoryError) {
    return new XRPCError(502, "UpstreamFailure", `The PLC directory failed: ${err.reason}`);
  }
  return err;
}

/** Runs `fn`, translating account-layer errors on the way out. */
export async function mapAccountErrors<T>(fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw toAccountXrpcError(err);
  }
}
