import { toAccountXrpcError } from "@putrecord/pds/api/account-errors.js";
import { MigrationCallError } from "@putrecord/pds/migrate/client.js";
import { XRPCError } from "@putrecord/pds/xrpc/errors.js";
import { CellCallError } from "../cell-client.js";
import { isUnavailable } from "../db/sql.js";
import { NoCellError, UnknownCellError } from "../directory/errors.js";
import { InvalidInviteError } from "../directory/invites.js";

/** Seconds a client is told to wait while PostgreSQL or a cell is away. */
export const RETRY_AFTER_S = 5;

/** The one place the entryway's domain errors become XRPC errors; anything else is rethrown as is. */
export function toEntrywayXrpcError(err: unknown): unknown {
  if (err instanceof XRPCError) return err;
  if (isUnavailable(err)) {
    return new XRPCError(503, "DirectoryUnavailable", "The account directory is unavailable; retry shortly", {
      "retry-after": String(RETRY_AFTER_S),
    });
  }
  if (err instanceof InvalidInviteError)
    return new XRPCError(400, "InvalidInviteCode", "Provided invite code not available");
  if (err instanceof NoCellError)
    return new XRPCError(503, "NoCellAvailable", "No PDS cell takes new accounts now");
  if (err instanceof UnknownCellError)
    return new XRPCError(400, "InvalidRequest", `Unknown cell: ${err.cell}`);
  if (err instanceof CellCallError) {
    // A cell's own refusal (4xx) is the client's answer; a cell down or failing is the entryway's 502/503.
    if (err.status >= 400 && err.status < 500)
      return new XRPCError(err.status, err.error ?? "InvalidRequest", err.message);
    return new XRPCError(
      err.status === 0 ? 503 : 502,
      "UpstreamFailure",
      "The account's PDS cell did not answer",
      {
        "retry-after": String(RETRY_AFTER_S),
      },
    );
  }
  // A move's protocol call to a cell failed: the admin reads which cell, method and answer.
  if (err instanceof MigrationCallError) return new XRPCError(502, "UpstreamFailure", err.message);
  return toAccountXrpcError(err);
}

/** Runs `fn`, translating errors on the way out. */
export async function mapErrors<T>(fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw toEntrywayXrpcError(err);
  }
}
