import { createUpdateOp, publishPlcOp, type SignedPlcOp } from "@putrecord/pds/account/plc.js";
import { SCOPE_ACCESS } from "@putrecord/pds/auth/scopes.js";
import { XrpcClient } from "@putrecord/pds/migrate/client.js";
import { copyMissingBlobs, copyPreferences } from "@putrecord/pds/migrate/migrate.js";
import { InvalidRequestError } from "@putrecord/pds/xrpc/errors.js";
import type { EntrywayContext } from "../context.js";
import type { DirectoryAccount } from "../directory/accounts.js";
import type { Cell } from "../directory/cells.js";
import type { MoveGate } from "./gate.js";

/** What a move did, and how long the account's requests were held. */
export interface MoveReport {
  did: string;
  from: string;
  to: string;
  blobsCopied: number;
  preferencesCopied: boolean;
  /** How long requests for the account waited at the entryway (the final phase). */
  pausedMs: number;
  /** Milliseconds of each step of the final phase: drain, deactivate, copy, firehose, activate. */
  phases: Record<string, number>;
  ms: number;
}

/** The operation after the account's latest one, naming `cell` and the signing key it reserved. */
function opNaming(account: DirectoryAccount, cell: Cell, signingKey: string, ctx: EntrywayContext) {
  const prev = account.plcOp;
  return createUpdateOp(
    prev,
    {
      verificationMethods: { ...prev.verificationMethods, atproto: signingKey },
      services: { ...prev.services, atproto_pds: { type: "AtprotoPersonalDataServer", endpoint: cell.url } },
    },
    ctx.secrets.plcRotationKey,
  );
}

/** The repo as the old cell holds it now, streamed into the new one (importRepo replaces what it had). */
async function copyRepo(from: XrpcClient, to: XrpcClient, did: string, oldToken: string, newToken: string) {
  // The account's own token: the old cell lets it read its repo even once deactivated.
  const car = await from.raw("com.atproto.sync.getRepo", { params: { did }, token: oldToken });
  await to.raw("com.atproto.repo.importRepo", {
    token: newToken,
    stream: { body: car.body!, type: "application/vnd.ipld.car" },
  });
}

/**
 * Moves an account to another cell with the protocol's migration steps (docs/deployment.md, "Moving an
 * account"). Writes go on while the repo, blobs and preferences are copied; then the account's requests
 * are held at the entryway, the old cell deactivates it (and refuses writes from then on), what changed
 * is copied again, the DID names the new cell, the directory points there, and the new cell activates
 * it; held requests then go to the new cell. A failure before the directory changes reactivates the
 * account on its old cell and throws; the deactivated copy on the new cell is never routed to, and a
 * later move there takes it up again (as a move back to a cell the account left does).
 */
export async function moveAccount(
  ctx: EntrywayContext,
  gate: MoveGate,
  did: string,
  toCellId: string,
  log: (msg: string, fields?: Record<string, unknown>) => void,
): Promise<MoveReport> {
  const started = performance.now();
  const { accounts, cells, locator } = ctx.directory;
  const account = await accounts.attempt(did);
  if (account === null) throw new InvalidRequestError(`Could not find account: ${did}`, "AccountNotFound");
  const fromCell = cells.get(account.cellId);
  const toCell = cells.get(toCellId);
  if (fromCell.id === toCell.id) throw new InvalidRequestError(`The account is on ${toCell.id} already`);
  if (gate.isHeld(did)) throw new InvalidRequestError("The account is being moved already", "AccountMoving");
  const from = new XrpcClient(fromCell.url);
  const to = new XrpcClient(toCell.url);
  const oldToken = ctx.tokens.createAccess(did, fromCell.did, SCOPE_ACCESS);
  const newToken = ctx.tokens.createAccess(did, toCell.did, SCOPE_ACCESS);

  const reserved = await ctx.cellClient.reserveSigningKey(toCell);
  const email = account.email ?? undefined;
  const signingKey = await ctx.cellClient.importAccount(toCell, {
    did,
    handle: account.handle,
    email,
    signingKey: reserved,
    plcOp: account.plcOp,
  });
  const plcOp = opNaming(account, toCell, signingKey, ctx);
  await copyRepo(from, to, did, oldToken, newToken);
  const blobs = await copyMissingBlobs(from, to, did, newToken);
  const preferencesCopied = await copyPreferences(from, to, oldToken, newToken, (line) => log(line));
  log("copied while writes went on", { did, blobs });

  const paused = performance.now();
  const phases: Record<string, number> = {};
  let mark = paused;
  const lap = (phase: string) => {
    phases[phase] = Math.round(performance.now() - mark);
    mark = performance.now();
  };
  const release = await gate.hold(did);
  lap("drain");
  let flipped = false;
  try {
    // Its last commit, now that the writes passed on have been answered (its rev goes once deactivated).
    const { rev } = await from.call("com.atproto.sync.getRepoStatus", { params: { did } });
    await from.raw("com.atproto.server.deactivateAccount", { token: oldToken, json: {} });
    lap("deactivate");
    await copyRepo(from, to, did, oldToken, newToken);
    const lateBlobs = await copyMissingBlobs(from, to, did, newToken);
    lap("copy");
    // The old cell's commits first in the combined firehose, then the new cell's.
    if (!(await ctx.copied.reached(fromCell.id, did, rev)))
      log("the combined firehose has not copied the old cell's last commit yet; going on", { did, rev });
    lap("firehose");
    await flip(ctx, account, fromCell, toCell, plcOp);
    flipped = true;
    locator.forget(did, account.handle);
    await ctx.cellClient.activateAccount(toCell, did, plcOp);
    lap("activate");
    const pausedMs = performance.now() - paused;
    log("account moved", { did, from: fromCell.id, to: toCell.id, pausedMs, phases });
    return {
      did,
      from: fromCell.id,
      to: toCell.id,
      blobsCopied: blobs + lateBlobs,
      preferencesCopied,
      pausedMs,
      phases,
      ms: performance.now() - started,
    };
  } catch (err) {
    if (!flipped) await ctx.cellClient.activateAccount(fromCell, did, account.plcOp).catch(() => {});
    throw err;
  } finally {
    release();
  }
}

/** The DID names the new cell (published when a PLC directory is configured) and the directory routes there. */
async function flip(
  ctx: EntrywayContext,
  account: DirectoryAccount,
  fromCell: Cell,
  toCell: Cell,
  plcOp: SignedPlcOp,
): Promise<void> {
  if (ctx.config.plcUrl !== undefined) await publishPlcOp(ctx.config.plcUrl, account.did, plcOp);
  if (!(await ctx.directory.accounts.moveTo(account.did, fromCell.id, toCell.id, plcOp)))
    throw new InvalidRequestError("The account was moved meanwhile", "AccountMoving");
}
