import { decodePlcOp, encodePlcOp, plcOpCid, type SignedPlcOp } from "../account/plc.js";
import type { AppContext } from "../context.js";
import { InvalidPlcOperationError, isSignedByOneOf } from "./plc-verify.js";

/**
 * The DID's latest operation: from the PLC directory when one is configured (another server may have
 * changed the DID since), else the one stored with the account. Null when neither knows the DID.
 * Throws PlcDirectoryError.
 */
export async function latestPlcOperation(ctx: AppContext, did: string): Promise<SignedPlcOp | null> {
  if (ctx.identity.plc !== null) return ctx.identity.plc.lastOperation(did);
  const stored = ctx.accounts.plcOperation(did);
  return stored === null ? null : decodePlcOp(stored);
}

/**
 * Checks that `op` may follow `prev` (its `prev` names it and one of its rotation keys signed it), then
 * publishes it to the PLC directory (when configured), keeps it with the account, and forgets the cached
 * DID document. Throws InvalidPlcOperationError or PlcDirectoryError.
 */
export async function applyPlcOperation(
  ctx: AppContext,
  did: string,
  prev: SignedPlcOp,
  op: SignedPlcOp,
): Promise<void> {
  if (op.prev !== plcOpCid(prev))
    throw new InvalidPlcOperationError("prev is not the DID's latest operation");
  if (!isSignedByOneOf(op, prev.rotationKeys)) {
    throw new InvalidPlcOperationError("not signed by a rotation key of the DID's latest operation");
  }
  if (ctx.identity.plc !== null) await ctx.identity.plc.send(did, op);
  ctx.accounts.setPlcOperation(did, encodePlcOp(op));
  ctx.identity.dids.invalidate(did);
}
