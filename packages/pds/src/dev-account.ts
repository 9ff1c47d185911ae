import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createAccount } from "./account/create.js";
import { hashPassword } from "./account/passwords.js";
import type { AppContext } from "./context.js";

/** The local development account `npm start` makes on first run. */
export interface DevAccount {
  handle: string;
  email: string;
  password: string;
  did: string;
}

/** Where the dev account's password is kept (mode 0600), so each start can print it again. */
export const DEV_ACCOUNT_FILE = "dev-account.json";
/** Handle of the dev account, under the dev-mode `.test` domain. */
export const DEV_HANDLE = "dev.test";

/** Reads the dev account of an earlier run, or creates it (dev mode only). */
export async function ensureDevAccount(ctx: AppContext): Promise<DevAccount> {
  const file = join(ctx.config.dataDirectory, DEV_ACCOUNT_FILE);
  if (existsSync(file)) {
    const saved = JSON.parse(readFileSync(file, "utf8")) as DevAccount;
    if (ctx.accounts.getAccount(saved.did)) return saved;
  }
  const password = randomBytes(12).toString("base64url");
  const email = "dev@example.test";
  // The file is gone but the account is not: its password cannot be recovered, so it gets a new one.
  const existing = ctx.accounts.getAccount(DEV_HANDLE);
  if (existing) ctx.accounts.setPasswordHash(existing.did, await hashPassword(password));
  const account = existing ?? (await createAccount(ctx, { handle: DEV_HANDLE, email, password }));
  const dev: DevAccount = {
    handle: account.handle,
    email: account.email ?? email,
    password,
    did: account.did,
  };
  writeFileSync(file, `${JSON.stringify(dev, null, 2)}\n`, { mode: 0o600 });
  return dev;
}

/** The start-up banner: where the server is, the dev login, and ready-to-paste SDK and CLI lines. */
export function devBanner(url: string, dev: DevAccount, dataDirectory: string): string {
  return [
    `PDS running at ${url} (development mode; data in ${dataDirectory})`,
    "",
    `Dev account (saved in ${join(dataDirectory, DEV_ACCOUNT_FILE)}):`,
    `  handle:   ${dev.handle}`,
    `  password: ${dev.password}`,
    `  did:      ${dev.did}`,
    "",
    "SDK:",
    `  import { Bluesky } from "bluesky";`,
    `  const bsky = new Bluesky({ serverURL: "${url}" });`,
    `  await bsky.login({ identifier: "${dev.handle}", password: "${dev.password}" });`,
    `  await bsky.repo.putRecord({ repo: "${dev.did}", collection: "app.bsky.actor.profile", rkey: "self", record: { displayName: "Dev" } });`,
    "",
    "CLI:",
    `  npx bluesky login --service ${url} --identifier ${dev.handle} --password ${dev.password}`,
    "",
  ].join("\n");
}
