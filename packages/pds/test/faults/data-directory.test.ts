import {
  chmodSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { afterAll, describe, expect, test } from "vitest";
import { StartupError } from "../../src/config.js";
import { startPds } from "../../src/index.js";
import { type BinProcess, type ServerProcess, startBin, startServerProcess } from "../_server-process.js";
import { createTestAccount, xrpc } from "../_util.js";

// The data directory's faults: a second server, lost or damaged secrets, a lost, empty, truncated or
// foreign database. Each stops the start with a message saying what is wrong and what to do.
const dirs: string[] = [];
const servers: (ServerProcess | BinProcess)[] = [];
afterAll(async () => {
  for (const server of servers) await server.kill();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "pds-datadir-"));
  dirs.push(dir);
  return dir;
};

/** Starts a server in this process on `dir`, its log lines collected. */
async function start(dir: string, extra: Record<string, string> = {}) {
  const lines: string[] = [];
  const pds = await startPds(
    { port: 0, hostname: "localhost", bindHost: "127.0.0.1", dataDirectory: dir, loginDelayMs: 0, ...extra },
    {
      logLevel: "info",
      logDestination: new Writable({
        write: (chunk, _enc, done) => {
          lines.push(String(chunk));
          done();
        },
      }),
    },
  );
  return { pds, log: () => lines.join("") };
}

/** A data directory that hosts one account, its server stopped cleanly. */
async function hostingOneAccount(): Promise<string> {
  const dir = tempDir();
  const { pds } = await start(dir);
  await createTestAccount(pds, "held");
  await pds.close();
  return dir;
}

/** The start fails with a StartupError (a ConfigError is one) whose message matches. */
async function refused(dir: string, message: RegExp, extra: Record<string, string> = {}) {
  const err = await start(dir, extra).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(StartupError);
  expect((err as Error).message).toMatch(message);
}

describe("one server per data directory", () => {
  test("a second server is refused with the running one's pid; the first keeps serving", async () => {
    const dir = tempDir();
    const first = await startServerProcess(dir);
    servers.push(first);
    const second = startBin({ PDS_DATA_DIRECTORY: dir });
    servers.push(second);
    expect(await second.exited).toBe(1);
    expect(second.stderr()).toContain(
      `pds: cannot start: another PDS (pid ${first.child.pid}) is already running on the data directory ${dir}`,
    );
    const account = await createTestAccount(first, "still");
    expect(account.did).toMatch(/^did:plc:/);
  });

  test("kill -9 leaves no stale lock: the next server starts at once", async () => {
    const dir = tempDir();
    const first = await startServerProcess(dir);
    servers.push(first);
    await createTestAccount(first, "before");
    await first.kill();
    const next = await startServerProcess(dir);
    servers.push(next);
    const login = await xrpc(next.url, "com.atproto.server.createSession", {
      body: { identifier: "before.test", password: "before-pass" },
    });
    expect(login.status).toBe(200);
  });

  test("two servers in one process are told apart too, and close gives the directory back", async () => {
    const dir = tempDir();
    const { pds } = await start(dir);
    await expect(start(dir)).rejects.toThrow(StartupError);
    await pds.close();
    await (await start(dir)).pds.close();
  });
});

describe("secrets", () => {
  test("a lost secrets.json is refused while accounts exist, not made anew", async () => {
    const dir = await hostingOneAccount();
    const saved = JSON.parse(readFileSync(join(dir, "secrets.json"), "utf8"));
    rmSync(join(dir, "secrets.json"));
    const bin = startBin({ PDS_DATA_DIRECTORY: dir });
    servers.push(bin);
    expect(await bin.exited).toBe(1);
    expect(bin.stderr()).toMatch(
      /pds: cannot start: .*secrets\.json is missing, but this PDS hosts 1 account\(s\).*Restore the file from a backup, or set PDS_JWT_SECRET, PDS_ADMIN_PASSWORD, PDS_PLC_ROTATION_KEY_K256_PRIVATE_KEY_HEX/,
    );
    // Given by the environment instead, they work (and are not written to a new file).
    const { pds } = await start(dir, {
      jwtSecret: saved.jwtSecret,
      adminPassword: saved.adminPassword,
      plcRotationKeyHex: saved.plcRotationKeyHex,
    });
    expect(pds.ctx.secrets.plcRotationKey.did()).not.toBe("");
    await pds.close();
  });

  test("a secrets.json without its rotation key is refused, naming the key", async () => {
    const dir = await hostingOneAccount();
    const file = join(dir, "secrets.json");
    const { plcRotationKeyHex: _lost, ...rest } = JSON.parse(readFileSync(file, "utf8"));
    writeFileSync(file, JSON.stringify(rest), { mode: 0o600 });
    await refused(dir, /has no plcRotationKeyHex.*set PDS_PLC_ROTATION_KEY_K256_PRIVATE_KEY_HEX/);
    expect(JSON.parse(readFileSync(file, "utf8")).plcRotationKeyHex).toBeUndefined();
  });

  test.each([
    ["empty", ""],
    ["not JSON", "{ not json"],
  ])("a damaged (%s) secrets.json is refused", async (_name, content) => {
    const dir = await hostingOneAccount();
    writeFileSync(join(dir, "secrets.json"), content);
    await refused(dir, /secrets\.json is not valid JSON: restore it from a backup/);
  });

  test.each([
    ["jwtSecret", "short", /PDS_JWT_SECRET is too weak/],
    ["adminPassword", "admin", /PDS_ADMIN_PASSWORD is too weak/],
    ["adminPassword", "a".repeat(40), /PDS_ADMIN_PASSWORD is too weak/],
    ["plcRotationKeyHex", `${"0".repeat(63)}1`, /PDS_PLC_ROTATION_KEY_K256_PRIVATE_KEY_HEX is too weak/],
    ["plcRotationKeyHex", "zz", /PDS_PLC_ROTATION_KEY_K256_PRIVATE_KEY_HEX must be 64 hex characters/],
  ])("a weak %s from the environment (%s) is refused", async (name, value, message) => {
    await refused(tempDir(), message, { [name]: value });
  });

  test("a weak secret in secrets.json is refused, naming the file", async () => {
    const dir = await hostingOneAccount();
    const file = join(dir, "secrets.json");
    writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, "utf8")), jwtSecret: "secret" }));
    await refused(dir, /jwtSecret in .*secrets\.json is too weak/);
  });

  test("a secrets.json others can read is warned about in the log; new ones are owner-only", async () => {
    const dir = tempDir();
    await (await start(dir)).pds.close();
    expect(statSync(join(dir, "secrets.json")).mode & 0o777).toBe(0o600);
    chmodSync(join(dir, "secrets.json"), 0o644);
    const { pds, log } = await start(dir);
    await pds.close();
    expect(log()).toMatch(/secrets\.json is readable by other users \(mode 644\).*chmod 600/);
  });
});

describe("the database", () => {
  test("a lost pds.sqlite (secrets.json still there) is refused", async () => {
    const dir = await hostingOneAccount();
    rmSync(join(dir, "pds.sqlite"));
    await refused(
      dir,
      /pds\.sqlite is missing, but secrets\.json beside it says this data directory held a PDS/,
    );
  });

  test("an empty (0-byte) pds.sqlite is refused, not started empty", async () => {
    const dir = await hostingOneAccount();
    truncateSync(join(dir, "pds.sqlite"), 0);
    await refused(dir, /pds\.sqlite is empty \(0 bytes\)/);
  });

  test("a truncated pds.sqlite is refused", async () => {
    const dir = await hostingOneAccount();
    const file = join(dir, "pds.sqlite");
    truncateSync(file, Math.floor(statSync(file).size / 2));
    await refused(dir, /pds\.sqlite is truncated/);
  });

  test("a pds.sqlite that is not SQLite, or another program's database, is refused", async () => {
    const garbage = await hostingOneAccount();
    writeFileSync(join(garbage, "pds.sqlite"), Buffer.alloc(8192, 7));
    await refused(garbage, /pds\.sqlite is not an SQLite database/);
    const foreign = tempDir();
    const { default: Database } = await import("better-sqlite3");
    const other = new Database(join(foreign, "pds.sqlite"));
    other.exec("CREATE TABLE notes (body TEXT)");
    other.close();
    await refused(foreign, /pds\.sqlite is an SQLite database, but not a PDS's/);
  });

  test("an upload a crash interrupted leaves no file after the restart", async () => {
    const dir = tempDir();
    await (await start(dir)).pds.close();
    writeFileSync(join(dir, "blocks", ".tmp", "bafkreiinterrupted.0a1b2c"), Buffer.alloc(4096));
    const { pds } = await start(dir);
    await pds.close();
    expect(readdirSync(join(dir, "blocks", ".tmp"))).toEqual([]);
  });
});
