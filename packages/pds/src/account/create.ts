import { channel } from "node:diagnostics_channel";
import { Secp256k1Keypair } from "@putrecord/repo";
import type { AppContext } from "../context.js";
import { createRepo } from "../write/create-repo.js";
import { AccountExistsError } from "./errors.js";
import type { Account, NewAccount } from "./manager.js";
import { hashPassword } from "./passwords.js";
import { createGenesisOp, encodePlcOp, publishPlcOp } from "./plc.js";
import { repoSigner } from "./repo-signer.js";

/** A checked account request: the handle is already normalized. */
export interface CreateAccountInput {
  handle: string;
  email?: string;
  password: string;
  recoveryKey?: string;
  /** An existing DID (the account is moving in; its owner proved control of it). */
  did?: string;
}

/** The steps of account creation, in order, as published on CREATE_ACCOUNT_CHANNEL. */
export type CreateAccountStep =
  | "genesis-signed"
  | "plc-published"
  | "account-inserted"
  | "repo-created"
  | "committed";

/**
 * A `node:diagnostics_channel` that receives `{ did, step }` as creation passes each step (free while
 * nobody subscribes). Only code inside the process can subscribe, so no setting can turn it on: the
 * crash test's child process uses it to be killed at each step.
 */
export const CREATE_ACCOUNT_CHANNEL = "putrecord.pds.createAccount";
const steps = channel(CREATE_ACCOUNT_CHANNEL);

function reached(did: string, step: CreateAccountStep): void {
  if (steps.hasSubscribers) steps.publish({ did, step });
}

/**
 * Creates an account: a fresh secp256k1 signing key, a did:plc from a signed genesis operation
 * (published only when a PLC directory is configured), then ONE transaction holding the account row,
 * its `#identity` and `#account` events and its repo's first commit (`#commit`, `#sync`), in the
 * reference's order. A crash at any point leaves either the whole account or none of it. Throws the
 * account layer's errors (HandleTakenError, EmailTakenError, PlcDirectoryError).
 */
export async function createAccount(ctx: AppContext, input: CreateAccountInput): Promise<Account> {
  if (input.did !== undefined) return createMovingAccount(ctx, { ...input, did: input.did });
  const signingKey = Secp256k1Keypair.create();
  const { did, op } = createGenesisOp({
    handle: input.handle,
    signingKey,
    rotationKey: ctx.secrets.plcRotationKey,
    recoveryKey: input.recoveryKey,
    pdsEndpoint: ctx.config.publicUrl,
  });
  const passwordHash = await hashPassword(input.password);
  reached(did, "genesis-signed");
  // Checked before publishing, so a taken handle never leaves an orphan DID in the directory (two
  // sign-ups racing for one handle can still publish one; the transaction refuses the second).
  ctx.accounts.assertAvailable(input.handle, input.email);
  if (ctx.config.plcUrl !== undefined) await publishPlcOp(ctx.config.plcUrl, did, op);
  reached(did, "plc-published");
  await storeAccount(ctx, {
    did,
    handle: input.handle,
    email: input.email,
    passwordHash,
    signingKey,
    plcOp: encodePlcOp(op),
  });
  reached(did, "committed");
  ctx.logger.info({ did, handle: input.handle }, "account created");
  return ctx.accounts.getAccount(did)!;
}

/**
 * ONE transaction: the account row, its `#identity` and `#account` events and its repo's first commit
 * (`#commit`, `#sync`), in the reference's order; HandleTakenError or EmailTakenError on a clash.
 */
export async function storeAccount(ctx: AppContext, account: NewAccount): Promise<void> {
  const { did, handle } = account;
  await ctx.writes.transact(() => {
    ctx.accounts.insertAccount(account);
    reached(did, "account-inserted");
    // Appended, not sequenced: they are published with the repo's events once the transaction commits.
    ctx.sequencer.append(did, "identity", { did, handle });
    ctx.sequencer.append(did, "account", { did, active: true });
    createRepo(ctx.writes.tables, did, repoSigner(account.signingKey));
    reached(did, "repo-created");
  });
}

/**
 * An account bringing its DID from another server (account migration): a fresh signing key, no DID
 * operation (the old server signs the one that points the DID here, later), and a repo that stays
 * deactivated, with no firehose event, until activateAccount: until then the network still reads the
 * account from its old server.
 */
async function createMovingAccount(
  ctx: AppContext,
  input: CreateAccountInput & { did: string },
): Promise<Account> {
  const { did } = input;
  const signingKey = Secp256k1Keypair.create();
  const passwordHash = await hashPassword(input.password);
  ctx.accounts.assertAvailable(input.handle, input.email);
  const { handle, email } = input;
  await storeMovingAccount(ctx, { did, handle, email, passwordHash, signingKey, plcOp: null });
  ctx.logger.info({ did, handle: input.handle }, "account created for a DID moving in");
  return ctx.accounts.getAccount(did)!;
}

/**
 * ONE transaction: the row of an account moving in, deactivated, and its empty repo, with no firehose
 * event (the account is announced by activateAccount); AccountExistsError when the DID is here already.
 */
export async function storeMovingAccount(ctx: AppContext, account: NewAccount): Promise<void> {
  const { did } = account;
  if (ctx.accounts.getAccount(did) !== null) throw new AccountExistsError(did);
  await ctx.writes.transact(() => {
    ctx.accounts.insertAccount({ ...account, deactivatedAt: new Date().toISOString() });
    createRepo(ctx.writes.tables, did, repoSigner(account.signingKey), { sequence: false });
  });
}
