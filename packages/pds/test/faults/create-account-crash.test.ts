import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, expect, test } from "vitest";
import type { CreateAccountStep } from "../../src/account/create.js";
import { type ServerProcess, startServerProcess } from "../_server-process.js";
import { putRecord, xrpc } from "../_util.js";

// kill -9 at every step of createAccount (the server stops itself at the step, then is killed): after
// a restart the account is either whole (it logs in and writes) or absent (its handle and email are
// free again), and the store holds no row or event of a half account.
const STEPS: CreateAccountStep[] = [
  "genesis-signed",
  "plc-published",
  "account-inserted",
  "repo-created",
  "committed",
];
const dirs: string[] = [];
const servers: ServerProcess[] = [];
afterAll(async () => {
  for (const server of servers) await server.kill();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const account = { handle: "crash.test", email: "crash@example.com", password: "crash-pass" };
const login = (url: string) =>
  xrpc(url, "com.atproto.server.createSession", {
    body: { identifier: account.handle, password: account.password },
  });

/** Rows and events of `did` in every table, and accounts without repos or repos without accounts. */
function storeOf(dataDirectory: string, did: string) {
  const db = new Database(join(dataDirectory, "pds.sqlite"), { readonly: true });
  try {
    const count = (sql: string, ...args: string[]) =>
      db
        .prepare(sql)
        .pluck()
        .get(...args) as number;
    return {
      account: count("SELECT count(*) FROM account WHERE did = ?", did),
      repoRoot: count("SELECT count(*) FROM repo_root WHERE did = ?", did),
      blocks: count("SELECT count(*) FROM repo_block WHERE did = ?", did),
      events: count("SELECT count(*) FROM repo_seq WHERE did = ?", did),
      accountsWithoutRepo: count("SELECT count(*) FROM account WHERE did NOT IN (SELECT did FROM repo_root)"),
      reposWithoutAccount: count("SELECT count(*) FROM repo_root WHERE did NOT IN (SELECT did FROM account)"),
    };
  } finally {
    db.close();
  }
}

test.each(STEPS)(
  "kill -9 at %s leaves the whole account or none of it",
  async (step) => {
    const dir = mkdtempSync(join(tmpdir(), "pds-crash-"));
    dirs.push(dir);
    const first = await startServerProcess(dir, { pauseAt: step });
    servers.push(first);
    const request = xrpc(first.url, "com.atproto.server.createAccount", { body: account }).catch(
      (err: Error) => err,
    );
    const { did } = await first.paused;
    await first.kill();
    // The client never got an answer: the connection died with the server.
    expect(await request).toBeInstanceOf(Error);

    const second = await startServerProcess(dir);
    servers.push(second);
    if (step === "committed") {
      const session = await login(second.url);
      expect([session.status, session.body.did]).toEqual([200, did]);
      expect((await putRecord(second, session.body, "com.example.note", "a", { text: "hi" })).status).toBe(
        200,
      );
    } else {
      expect((await login(second.url)).status).toBe(401);
      const again = await xrpc(second.url, "com.atproto.server.createAccount", { body: account });
      expect(again.status).toBe(200);
      expect(again.body.did).not.toBe(did);
      expect((await putRecord(second, again.body, "com.example.note", "a", { text: "hi" })).status).toBe(200);
    }
    await second.kill();

    const store = storeOf(dir, did);
    expect({
      accountsWithoutRepo: store.accountsWithoutRepo,
      reposWithoutAccount: store.reposWithoutAccount,
    }).toEqual({ accountsWithoutRepo: 0, reposWithoutAccount: 0 });
    if (step === "committed") {
      expect(store).toMatchObject({ account: 1, repoRoot: 1 });
      expect(store.events).toBeGreaterThanOrEqual(4); // #identity, #account, #commit, #sync, then the write
    } else {
      expect(store).toMatchObject({ account: 0, repoRoot: 0, blocks: 0, events: 0 });
    }
  },
  60_000,
);
