import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, test } from "vitest";
import { parseCli } from "../src/cli.js";
import { ConfigError, resolveConfig } from "../src/config.js";
import { loadSecrets } from "../src/secrets.js";
import { startFromCli } from "../src/start.js";

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "pds-config-"));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe("resolveConfig", () => {
  test("defaults are local development: localhost:2583, .test handles, no invites, limits off", () => {
    const config = resolveConfig({ dataDirectory: "data" });
    expect(config).toMatchObject({
      port: 2583,
      hostname: "localhost",
      bindHost: "localhost",
      devMode: true,
      publicUrl: "http://localhost:2583",
      serviceDid: "did:web:localhost",
      handleDomains: [".test"],
      inviteRequired: false,
      plcUrl: undefined,
      rateLimitsEnabled: false,
      loginDelayMs: 350,
    });
    expect(config.dataDirectory).toBe(join(process.cwd(), "data"));
    expect(config.blobstoreLocation).toBe(join(process.cwd(), "data", "blocks"));
  });

  test("a public hostname needs no dev defaults: https, its own handle domain, invites on, all interfaces", () => {
    const config = resolveConfig({ dataDirectory: "/srv/pds", hostname: "PDS.Example.com" });
    expect(config).toMatchObject({
      hostname: "pds.example.com",
      devMode: false,
      bindHost: "0.0.0.0",
      publicUrl: "https://pds.example.com",
      serviceDid: "did:web:pds.example.com",
      handleDomains: [".pds.example.com"],
      inviteRequired: true,
    });
  });

  test.each([
    [{ port: 70000 }, /PDS_PORT/],
    [{ hostname: "not a host" }, /PDS_HOSTNAME/],
    [{ hostname: "single-label" }, /PDS_HOSTNAME/],
    [{ handleDomains: ["test"] }, /PDS_SERVICE_HANDLE_DOMAINS/],
    [{ plcUrl: "ftp://plc" }, /PDS_DID_PLC_URL/],
    [{ plcUrl: "not a url" }, /PDS_DID_PLC_URL/],
    [{ repoBackfillLimitMs: 0 }, /PDS_REPO_BACKFILL_LIMIT_MS must be a positive integer/],
    [{ maxSubscribers: 0 }, /PDS_MAX_SUBSCRIBERS/],
    [{ subscriptionBufferBytes: 1.5 }, /PDS_SUBSCRIPTION_BUFFER_BYTES/],
    [{ prepareThreads: -1 }, /PDS_PREPARE_THREADS/],
    [{ prepareThreads: 65 }, /PDS_PREPARE_THREADS/],
    [{ dbCacheMb: 0 }, /PDS_DB_CACHE_MB/],
    [{ dbCacheMb: 2.5 }, /PDS_DB_CACHE_MB/],
    [{ maxRepoExports: 0 }, /PDS_MAX_REPO_EXPORTS must be a positive integer/],
    [{ repoExportTimeoutMs: -1 }, /PDS_REPO_EXPORT_TIMEOUT_MS/],
    [{ listRecordsPageBytes: 0 }, /PDS_LIST_RECORDS_PAGE_BYTES/],
  ])("%o is refused with a message naming the setting", (bad, message) => {
    expect(() => resolveConfig({ dataDirectory: "data", ...bad })).toThrow(message);
  });
});

describe("parseCli", () => {
  test("reads the reference's environment names; flags win", () => {
    const env = {
      PDS_PORT: "3000",
      PDS_HOSTNAME: "pds.example.com",
      PDS_DATA_DIRECTORY: "/srv/pds",
      PDS_BLOBSTORE_DISK_LOCATION: "/srv/blobs",
      PDS_INVITE_REQUIRED: "false",
      PDS_DID_PLC_URL: "https://plc.directory",
      PDS_RATE_LIMITS_ENABLED: "true",
      PDS_JWT_SECRET: "jwt",
      PDS_ADMIN_PASSWORD: "admin",
    };
    expect(parseCli(["--port", "4000"], env)).toMatchObject({
      port: 4000,
      hostname: "pds.example.com",
      dataDirectory: "/srv/pds",
      blobstoreLocation: "/srv/blobs",
      inviteRequired: false,
      plcUrl: "https://plc.directory",
      rateLimitsEnabled: true,
      jwtSecret: "jwt",
      adminPassword: "admin",
    });
  });

  test("reads the firehose limits, the reference's backfill window by its name", () => {
    const env = { PDS_REPO_BACKFILL_LIMIT_MS: "60000", PDS_SUBSCRIPTION_BUFFER_BYTES: "1048576" };
    const input = parseCli(["--max-subscribers", "5"], env)!;
    expect(input).toMatchObject({
      repoBackfillLimitMs: 60000,
      maxSubscribers: 5,
      subscriptionBufferBytes: 1048576,
    });
    expect(resolveConfig(input).firehose).toEqual({
      repoBackfillLimitMs: 60000,
      maxSubscribers: 5,
      subscriptionBufferBytes: 1048576,
    });
    expect(resolveConfig({ dataDirectory: "data" }).firehose.repoBackfillLimitMs).toBe(86_400_000);
  });

  test("reads the prepare threads; the flag wins; none by default", () => {
    expect(parseCli([], { PDS_PREPARE_THREADS: "2" })).toMatchObject({ prepareThreads: 2 });
    const input = parseCli(["--prepare-threads", "0"], { PDS_PREPARE_THREADS: "2" })!;
    expect(resolveConfig(input).prepareThreads).toBe(0);
    expect(resolveConfig({ dataDirectory: "data" }).prepareThreads).toBe(0);
  });

  test("reads the database cache size; the flag wins; 128 MB by default", () => {
    expect(parseCli([], { PDS_DB_CACHE_MB: "64" })).toMatchObject({ dbCacheMb: 64 });
    const input = parseCli(["--db-cache-mb", "16"], { PDS_DB_CACHE_MB: "64" })!;
    expect(resolveConfig(input).dbCacheMb).toBe(16);
    expect(resolveConfig({ dataDirectory: "data" }).dbCacheMb).toBe(128);
  });

  test("reads the large-read limits", () => {
    const env = { PDS_MAX_REPO_EXPORTS: "4", PDS_LIST_RECORDS_PAGE_BYTES: "65536" };
    const input = parseCli(["--repo-export-timeout-ms", "30000"], env)!;
    expect(resolveConfig(input).reads).toEqual({
      maxRepoExports: 4,
      repoExportTimeoutMs: 30000,
      listRecordsPageBytes: 65536,
    });
    expect(resolveConfig({ dataDirectory: "data" }).reads).toEqual({
      maxRepoExports: 32,
      repoExportTimeoutMs: 600_000,
      listRecordsPageBytes: 1_048_576,
    });
  });

  test("--help asks for the usage text", () => {
    expect(parseCli(["--help"], {})).toBeNull();
  });

  test.each([
    [["--port", "abc"], {}, /PDS_PORT must be a whole number/],
    [[], { PDS_RATE_LIMITS_ENABLED: "maybe" }, /PDS_RATE_LIMITS_ENABLED must be true or false/],
    [["--no-such-flag"], {}, /no-such-flag/],
  ])("bad input %o %o is a ConfigError", (argv, env, message) => {
    expect(() => parseCli(argv, env)).toThrow(ConfigError);
    expect(() => parseCli(argv, env)).toThrow(message);
  });
});

describe("secrets", () => {
  const none = { accounts: 0, warn: () => {} };
  test("made on first run in an owner-only file, the same on the next run; env values win unwritten", () => {
    const dir = tempDir();
    const first = loadSecrets(dir, { dataDirectory: dir }, none);
    const file = join(dir, "secrets.json");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    const second = loadSecrets(dir, { dataDirectory: dir }, none);
    expect(second.jwtSecret).toBe(first.jwtSecret);
    expect(second.adminPassword).toBe(first.adminPassword);
    expect(second.plcRotationKey.did()).toBe(first.plcRotationKey.did());
    const fromEnv = "from-env-0123456789abcdef-0123456789abcdef";
    const overridden = loadSecrets(dir, { dataDirectory: dir, jwtSecret: fromEnv }, none);
    expect(overridden.jwtSecret).toBe(fromEnv);
    expect(readFileSync(file, "utf8")).not.toContain(fromEnv);
  });

  test("a corrupt secrets file stops the start with a clear message", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "secrets.json"), "{not json");
    expect(() => loadSecrets(dir, { dataDirectory: dir }, none)).toThrow(/secrets.json is not valid JSON/);
  });
});

describe("npm start (startFromCli, and bin for the exit code)", () => {
  const start = async (dir: string) => {
    let printed = "";
    const pds = await startFromCli(
      ["--port", "0", "--bind-host", "127.0.0.1", "--data-directory", dir],
      { LOG_LEVEL: "silent" },
      (t) => {
        printed += t;
      },
    );
    return { pds: pds!, printed };
  };

  test("first run makes secrets and a dev account and prints how to use it; a restart keeps them", async () => {
    const dir = tempDir();
    const first = await start(dir);
    await first.pds.close();
    const dev = JSON.parse(readFileSync(join(dir, "dev-account.json"), "utf8"));
    expect(statSync(join(dir, "dev-account.json")).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, "pds.sqlite")).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, "secrets.json")).mode & 0o777).toBe(0o600);
    expect(dev).toMatchObject({ handle: "dev.test", did: expect.stringMatching(/^did:plc:/) });
    const banner = first.printed;
    expect(banner).toContain("handle:   dev.test");
    expect(banner).toContain(`password: ${dev.password}`);
    expect(banner).toContain(`did:      ${dev.did}`);
    expect(banner).toMatch(/new Bluesky\(\{ serverURL: "http:\/\/localhost:\d+" \}\)/);
    expect(banner).toContain(`--identifier dev.test --password ${dev.password}`);

    const second = await start(dir);
    try {
      expect(second.printed).toContain(`did:      ${dev.did}`);
      const login = await fetch(`${second.pds.url}/xrpc/com.atproto.server.createSession`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ identifier: "dev.test", password: dev.password }),
      });
      expect(login.status).toBe(200);
      expect((await login.json()).did).toBe(dev.did);
      expect(second.pds.ctx.repos.attemptHead(dev.did)).not.toBeNull();
    } finally {
      await second.pds.close();
    }
  });

  test("a lost dev-account.json gets the same account a new password, not a failed start", async () => {
    const dir = tempDir();
    await (await start(dir)).pds.close();
    const before = JSON.parse(readFileSync(join(dir, "dev-account.json"), "utf8"));
    rmSync(join(dir, "dev-account.json"));
    const again = await start(dir);
    try {
      const after = JSON.parse(readFileSync(join(dir, "dev-account.json"), "utf8"));
      expect(after.did).toBe(before.did);
      expect(after.password).not.toBe(before.password);
      const login = async (password: string) =>
        (
          await fetch(`${again.pds.url}/xrpc/com.atproto.server.createSession`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ identifier: "dev.test", password }),
          })
        ).status;
      expect(await login(after.password)).toBe(200);
      expect(await login(before.password)).toBe(401);
    } finally {
      await again.pds.close();
    }
  });

  test("--help prints the settings and starts nothing", async () => {
    let printed = "";
    expect(
      await startFromCli(["--help"], {}, (t) => {
        printed += t;
      }),
    ).toBeNull();
    expect(printed).toContain("PDS_DATA_DIRECTORY");
  });

  test("bin: a bad setting exits 1 with a message naming it", async () => {
    const bin = fileURLToPath(new URL("../src/bin.ts", import.meta.url));
    const child = spawn(process.execPath, ["--conditions=bsky-source", "--import", "tsx", bin], {
      env: { ...process.env, PDS_PORT: "eighty", PDS_DATA_DIRECTORY: tempDir() },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let err = "";
    child.stderr.on("data", (c) => {
      err += c;
    });
    expect(await new Promise((resolve) => child.on("exit", resolve))).toBe(1);
    expect(err).toContain("configuration error: PDS_PORT must be a whole number");
  });
});
