import { spawn } from "node:child_process";
import { mkdtemp, readFile, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Fixture, type FixtureRequest, jsonOf, startFixture, xrpcError } from "./_xrpc-fixture.js";

const PACKAGE_DIR = fileURLToPath(new URL("..", import.meta.url));
const DID = "did:plc:ewvi7nxzyoun6zhxrhs64oiz";
const HANDLE = "alice.test";
const RECORD = { $type: "app.example.thing", text: "hello" };
const RECORD_CID = "bafyreie6xt6ldi7x2gqxjz7ukldwa6paqvaorniytsomv4idiqhctjndw4";
const URI = `at://${DID}/app.example.thing/self`;

type Run = { code: number | null; stdout: string; stderr: string };

let server: Fixture;
let dir: string;
let sessionFile: string;
// The access token the server accepts; a test rotates it to make the saved one expire.
let validAccess = "access-1";
let claimedCid = RECORD_CID;

/** Runs the CLI from its sources as a user's shell would, against the fixture server. */
function cli(args: string[], options: { stdin?: string; env?: Record<string, string> } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["--conditions=bsky-source", "--import", "tsx", "src/cli/main.ts", ...args],
      {
        cwd: PACKAGE_DIR,
        env: {
          PATH: process.env.PATH,
          BLUESKY_SERVER_URL: server.url,
          BLUESKY_SESSION_FILE: sessionFile,
          ...options.env,
        },
      },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.stdin ?? "");
  });
}

const bearer = (req: FixtureRequest) => req.headers.authorization?.replace(/^Bearer /, "");
const tokens = (n: number) => ({
  accessJwt: `access-${n}`,
  refreshJwt: `refresh-${n}`,
  handle: HANDLE,
  did: DID,
});

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "bluesky-cli-"));
  server = await startFixture({
    "com.atproto.server.createSession": (req) => {
      const { identifier, password } = jsonOf(req);
      return identifier === HANDLE && password === "hunter2"
        ? { body: tokens(1) }
        : xrpcError(401, "AuthenticationRequired", "Invalid identifier or password");
    },
    "com.atproto.server.refreshSession": (req) =>
      bearer(req) === "refresh-1" ? { body: tokens(2) } : xrpcError(400, "ExpiredToken", "Token has expired"),
    "com.atproto.repo.putRecord": (req) =>
      bearer(req) === validAccess
        ? { body: { uri: URI, cid: claimedCid, commit: { cid: RECORD_CID, rev: "3jzfcijpj2z2a" } } }
        : xrpcError(400, "ExpiredToken", "Token has expired"),
    "com.atproto.repo.getRecord": (req) =>
      req.params.get("rkey") === "self"
        ? { body: { uri: URI, cid: RECORD_CID, value: RECORD } }
        : xrpcError(400, "RecordNotFound", `Could not locate record: ${req.params.get("rkey")}`),
    "com.atproto.repo.listRecords": () => ({
      body: { records: [{ uri: URI, cid: RECORD_CID, value: RECORD }] },
    }),
  });
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  sessionFile = join(dir, `session-${Math.random().toString(36).slice(2)}.json`);
  validAccess = "access-1";
  claimedCid = RECORD_CID;
});

const login = () => cli(["login", "--identifier", HANDLE, "--password", "hunter2"]);

describe("bluesky login", () => {
  it("saves the session, readable by its owner only", async () => {
    const run = await login();
    expect(run).toMatchObject({ code: 0, stderr: "" });
    expect(JSON.parse(run.stdout)).toMatchObject({ did: DID, handle: HANDLE, service: server.url });
    expect(JSON.parse(await readFile(sessionFile, "utf8"))).toMatchObject({
      ...tokens(1),
      service: server.url,
    });
    expect((await stat(sessionFile)).mode & 0o777).toBe(0o600);
  });

  it("reads the password from stdin when no flag or variable gives it", async () => {
    const run = await cli(["login", "--identifier", HANDLE], { stdin: "hunter2\n" });
    expect(run.code).toBe(0);
    expect(jsonOf(server.requests[0]!)).toEqual({ identifier: HANDLE, password: "hunter2" });
  });

  it("exits 1 with the XRPC error name and message on a wrong password", async () => {
    const run = await cli(["login", "--identifier", HANDLE, "--password", "nope"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("AuthenticationRequired (HTTP 401): Invalid identifier or password");
  });
});

describe("bluesky put-record", () => {
  it("writes a record from a file", async () => {
    await login();
    const file = join(dir, "record.json");
    await writeFile(file, JSON.stringify(RECORD));
    const run = await cli(["put-record", DID, "app.example.thing", "self", "--record", file]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ uri: URI, cid: RECORD_CID });
    const put = server.requests.find((r) => r.nsid === "com.atproto.repo.putRecord")!;
    expect(jsonOf(put)).toEqual({ repo: DID, collection: "app.example.thing", rkey: "self", record: RECORD });
    expect(put.headers.authorization).toBe("Bearer access-1");
  });

  it("reads the record from stdin with -, and passes swap and validate flags", async () => {
    await login();
    const run = await cli(
      [
        "put-record",
        DID,
        "app.example.thing",
        "self",
        "--record",
        "-",
        "--swap-record",
        RECORD_CID,
        "--no-validate",
      ],
      { stdin: JSON.stringify(RECORD) },
    );
    expect(run.code).toBe(0);
    const put = server.requests.find((r) => r.nsid === "com.atproto.repo.putRecord")!;
    expect(jsonOf(put)).toMatchObject({ record: RECORD, swapRecord: RECORD_CID, validate: false });
  });

  it("refreshes an expired session once, saves it and retries", async () => {
    await login();
    validAccess = "access-2";
    const run = await cli(["put-record", DID, "app.example.thing", "self", "--record", "-"], {
      stdin: JSON.stringify(RECORD),
    });
    expect(run.code).toBe(0);
    expect(server.requests.map((r) => r.nsid).slice(1)).toEqual([
      "com.atproto.repo.putRecord",
      "com.atproto.server.refreshSession",
      "com.atproto.repo.putRecord",
    ]);
    expect(JSON.parse(await readFile(sessionFile, "utf8"))).toMatchObject(tokens(2));
  });

  it("exits 4 when --verify finds the server's cid is not the record's", async () => {
    await login();
    claimedCid = "bafyreiclp443lavogvhj3d2ob2cxbfuscni2k5jk7bebjzg7khl3esabwq";
    const run = await cli(["put-record", DID, "app.example.thing", "self", "--record", "-", "--verify"], {
      stdin: JSON.stringify(RECORD),
    });
    expect(run.code).toBe(4);
    expect(run.stderr).toContain(`computed=${RECORD_CID}`);
  });

  it("exits 2 on a record that is not JSON, before sending anything", async () => {
    await login();
    const run = await cli(["put-record", DID, "app.example.thing", "self", "--record", "-"], {
      stdin: "{nope",
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("record is not JSON; file=stdin");
    expect(server.requests.map((r) => r.nsid)).toEqual(["com.atproto.server.createSession"]);
  });

  it("exits 2 when not logged in", async () => {
    const run = await cli(["put-record", DID, "app.example.thing", "self", "--record", "-"], { stdin: "{}" });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("not logged in; run `bluesky login` first");
  });
});

describe("bluesky get-record and list-records", () => {
  it("prints a record, verified on request", async () => {
    const run = await cli(["get-record", DID, "app.example.thing", "self", "--verify"]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ uri: URI, cid: RECORD_CID, value: RECORD });
  });

  it("exits 1 with RecordNotFound for a missing record", async () => {
    const run = await cli(["get-record", DID, "app.example.thing", "missing"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("RecordNotFound (HTTP 400): Could not locate record: missing");
  });

  it("lists records with paging flags", async () => {
    const run = await cli([
      "list-records",
      DID,
      "app.example.thing",
      "--limit",
      "2",
      "--cursor",
      "abc",
      "--reverse",
    ]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).records).toHaveLength(1);
    const params = Object.fromEntries(server.requests[0]!.params);
    expect(params).toEqual({
      repo: DID,
      collection: "app.example.thing",
      limit: "2",
      cursor: "abc",
      reverse: "true",
    });
  });
});

describe("usage and network errors", () => {
  it.each([
    [["frobnicate"], "unknown command: frobnicate"],
    [["get-record", DID], "expected 3 argument(s), got 1"],
    [["list-records", DID, "app.example.thing", "--limit", "ten"], "--limit must be a whole number"],
    [["get-record", DID, "a.b.c", "self", "--bogus"], "Unknown option '--bogus'"],
    [["put-record", DID, "a.b.c", "self"], "put-record needs --record"],
  ])("exits 2 for %j", async (args, message) => {
    const run = await cli(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
  });

  it("exits 3 when the server cannot be reached", async () => {
    const run = await cli([
      "get-record",
      DID,
      "app.example.thing",
      "self",
      "--service",
      "http://127.0.0.1:9",
    ]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain("ConnectionError");
  });

  it("prints help and exits 0", async () => {
    const run = await cli(["--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("exit codes: 0 ok, 1 the server answered with an error, 2 usage, 3 network");
  });
});
