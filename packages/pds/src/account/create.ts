import { Secp256k1Keypair } from "@putrecord/repo";
import type { AppContext } from "../context.js";
import type { Account } from "./manager.js";
import { hashPassword } from "./passwords.js";
import { createGenesisOp, encodePlcOp, publishPlcOp } from "./plc.js";

/** A checked account request: the handle is already normalized. */
export interface CreateAccountInput {
  handle: string;
  email?: string;
  password: string;
  recoveryKey?: string;
}

/**
 * Creates an account: a fresh secp256k1 signing key, a did:plc from a signed genesis operation
 * (published only when a PLC directory is configured), the stored account row, then, in the
 * reference's order, its `#identity` and `#account` events and its repo (whose first commit is
 * sequenced by the repo manager). Throws the account layer's errors (HandleTakenError,
 * EmailTakenError, PlcDirectoryError); nothing is left behind when a step fails.
 */
export async function createAccount(ctx: AppContext, input: CreateAccountInput): Promise<Account> {
  const signingKey = Secp256k1Keypair.create();
  const { did, op } = createGenesisOp({
    handle: input.handle,
    signingKey,
    rotationKey: ctx.secrets.plcRotationKey,
    recoveryKey: input.recoveryKey,
    pdsEndpoint: ctx.config.publicUrl,
  });
  const passwordHash = await hashPassword(input.password);
  // Checked before publishing, so a taken handle never leaves an orphan DID in the directory.
  ctx.accounts.insertAccount({
    did,
    handle: input.handle,
    email: input.email,
    passwordHash,
    signingKey,
    plcOp: encodePlcOp(op),
  });
  try {
    if (ctx.config.plcUrl !== undefined) await publishPlcOp(ctx.config.plcUrl, did, op);
    ctx.sequencer.sequenceIdentity(did, input.handle);
    ctx.sequencer.sequenceAccount(did, true);
    await ctx.repos.createRepo(did, ctx.accounts.signingKey(did));
  } catch (err) {
    ctx.accounts.deleteAccount(did);
    throw err;
  }
  ctx.logger.info({ did, handle: input.handle }, "account created");
  return ctx.accounts.getAccount(did)!;
}
