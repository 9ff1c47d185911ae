import { MigrationCallError, XrpcClient } from "./client.js";

/** The account's login on its current server. */
export interface OldAccount {
  url: string;
  /** Handle, DID or email. */
  identifier: string;
  password: string;
}

/** The account to open on the new server (the same DID). */
export interface NewAccount {
  url: string;
  handle: string;
  email: string;
  password: string;
  inviteCode?: string;
}

/** How a migration reports and asks. */
export interface MigrationIo {
  /** The code the old server emailed (requestPlcOperationSignature). */
  plcToken(): Promise<string>;
  /** One line per step, for a person watching. */
  log?(line: string): void;
}

/** What arrived, as the new server counts it (checkAccountStatus), and how long it took. */
export interface MigrationReport {
  did: string;
  indexedRecords: number;
  expectedBlobs: number;
  importedBlobs: number;
  blobsCopied: number;
  preferencesCopied: boolean;
  ms: number;
}

const CREATE_ACCOUNT = "com.atproto.server.createAccount";

/**
 * Moves an account between two servers the way the protocol describes (atproto.com/guides/
 * account-migration): a deactivated account for the same DID on the new server (authorized by a
 * service token from the old one), the repo streamed across, every missing blob, the preferences, the
 * DID pointed at the new server (an operation the old server signs with the emailed code and the new
 * one submits), then the new account activated and the old one deactivated. A step that fails throws
 * MigrationCallError; every step may be run again, so a failed migration can be retried.
 */
export async function migrateAccount(
  old: OldAccount,
  next: NewAccount,
  io: MigrationIo,
): Promise<MigrationReport> {
  const started = performance.now();
  const log = io.log ?? (() => {});
  const from = new XrpcClient(old.url.replace(/\/+$/, ""));
  const to = new XrpcClient(next.url.replace(/\/+$/, ""));

  const oldSession = await from.call("com.atproto.server.createSession", {
    json: { identifier: old.identifier, password: old.password },
  });
  const did: string = oldSession.did;
  log(`logged in to ${from.url} as ${did}`);

  const newToken = await openNewAccount(from, to, oldSession.accessJwt, did, next);
  log(`account open on ${to.url} (deactivated)`);

  const car = await from.raw("com.atproto.sync.getRepo", { params: { did } });
  await to.raw("com.atproto.repo.importRepo", {
    token: newToken,
    stream: { body: car.body!, type: "application/vnd.ipld.car" },
  });
  log("repo imported");

  const blobsCopied = await copyMissingBlobs(from, to, did, newToken);
  log(`${blobsCopied} blobs copied`);
  const preferencesCopied = await copyPreferences(from, to, oldSession.accessJwt, newToken, log);

  const credentials = await to.call("com.atproto.identity.getRecommendedDidCredentials", { token: newToken });
  await from.raw("com.atproto.identity.requestPlcOperationSignature", {
    token: oldSession.accessJwt,
    post: true,
  });
  log(`${from.url} emailed a confirmation code`);
  const token = (await io.plcToken()).trim();
  const { operation } = await from.call("com.atproto.identity.signPlcOperation", {
    token: oldSession.accessJwt,
    json: { token, ...credentials },
  });
  await to.raw("com.atproto.identity.submitPlcOperation", { token: newToken, json: { operation } });
  log(`${did} now names ${to.url}`);

  await to.raw("com.atproto.server.activateAccount", { token: newToken, post: true });
  await from.raw("com.atproto.server.deactivateAccount", { token: oldSession.accessJwt, json: {} });
  log("account active on the new server, deactivated on the old one");

  const status = await to.call("com.atproto.server.checkAccountStatus", { token: newToken });
  return {
    did,
    indexedRecords: status.indexedRecords,
    expectedBlobs: status.expectedBlobs,
    importedBlobs: status.importedBlobs,
    blobsCopied,
    preferencesCopied,
    ms: performance.now() - started,
  };
}

/**
 * Logs in to the account on the new server when a previous run opened it (a retry: the DID may already
 * name the new server, so the old server's token would no longer be accepted), else creates it there
 * with a service token from the old one.
 */
async function openNewAccount(
  from: XrpcClient,
  to: XrpcClient,
  oldToken: string,
  did: string,
  next: NewAccount,
): Promise<string> {
  try {
    const session = await to.call("com.atproto.server.createSession", {
      json: { identifier: did, password: next.password },
    });
    return session.accessJwt;
  } catch (err) {
    if (!(err instanceof MigrationCallError) || err.status !== 401) throw err;
  }
  const server = await to.call("com.atproto.server.describeServer");
  const { token } = await from.call("com.atproto.server.getServiceAuth", {
    token: oldToken,
    params: { aud: server.did, lxm: CREATE_ACCOUNT, exp: String(Math.floor(Date.now() / 1000) + 600) },
  });
  const body = {
    did,
    handle: next.handle,
    email: next.email,
    password: next.password,
    inviteCode: next.inviteCode,
  };
  return (await to.call(CREATE_ACCOUNT, { token, json: body })).accessJwt;
}

/** Uploads, one by one and streamed, every blob the new server's records name but it does not have. */
export async function copyMissingBlobs(
  from: XrpcClient,
  to: XrpcClient,
  did: string,
  token: string,
): Promise<number> {
  let copied = 0;
  let cursor: string | undefined;
  for (;;) {
    const params: Record<string, string> = { limit: "500" };
    if (cursor) params.cursor = cursor;
    const page = await to.call("com.atproto.repo.listMissingBlobs", { token, params });
    for (const { cid } of page.blobs as { cid: string }[]) {
      const blob = await from.raw("com.atproto.sync.getBlob", { params: { did, cid } });
      const type = blob.headers.get("content-type") ?? "application/octet-stream";
      await to.raw("com.atproto.repo.uploadBlob", { token, stream: { body: blob.body!, type } });
      copied++;
    }
    if (!page.cursor || page.blobs.length === 0) return copied;
    cursor = page.cursor;
  }
}

/**
 * Copies the app.bsky preferences. A server that keeps none (the reference without an AppView) refuses
 * both calls; the migration goes on without them and says so.
 */
export async function copyPreferences(
  from: XrpcClient,
  to: XrpcClient,
  oldToken: string,
  newToken: string,
  log: (line: string) => void,
): Promise<boolean> {
  try {
    const { preferences } = await from.call("app.bsky.actor.getPreferences", { token: oldToken });
    await to.raw("app.bsky.actor.putPreferences", { token: newToken, json: { preferences } });
    log(`${preferences.length} preferences copied`);
    return true;
  } catch (err) {
    if (!(err instanceof MigrationCallError) || err.status >= 500) throw err;
    log(`preferences not copied: ${err.message}`);
    return false;
  }
}
