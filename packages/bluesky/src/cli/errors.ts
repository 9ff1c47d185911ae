import { RecordCidMismatchError, RecordEncodingError } from "../integrity.js";
import { BlueskyError, XRPCError } from "../models/errors/blueskyerror.js";
import { HTTPClientError, InvalidRequestError } from "../models/errors/httpclienterrors.js";
import { SDKValidationError } from "../models/errors/sdkvalidationerror.js";

/** Exit codes, one per kind of failure, so scripts can tell a refused write from a dead network. */
export const EXIT = { ok: 0, api: 1, usage: 2, network: 3, integrity: 4 } as const;

/** The command line is wrong: unknown command or flag, missing argument, unreadable record file. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** A command needs a session and `bluesky login` has not saved one at `path`. */
export class NotLoggedInError extends UsageError {
  constructor(readonly path: string) {
    super(`not logged in; run \`bluesky login\` first (no session at ${path})`);
  }
}

/** The exit code and the one-line message a failure prints. */
export function describeFailure(err: unknown): { code: number; message: string } {
  if (err instanceof XRPCError) {
    return { code: EXIT.api, message: `${err.error ?? err.name} (HTTP ${err.statusCode}): ${err.message}` };
  }
  if (err instanceof BlueskyError)
    return { code: EXIT.api, message: `${err.name} (HTTP ${err.statusCode}): ${err.message}` };
  if (err instanceof SDKValidationError) return { code: EXIT.usage, message: err.pretty() };
  if (err instanceof UsageError || err instanceof InvalidRequestError)
    return { code: EXIT.usage, message: err.message };
  if (err instanceof HTTPClientError) return { code: EXIT.network, message: `${err.name}: ${err.message}` };
  if (err instanceof RecordCidMismatchError || err instanceof RecordEncodingError) {
    return { code: EXIT.integrity, message: err.message };
  }
  throw err;
}
