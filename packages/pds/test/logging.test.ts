import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { afterAll, describe, expect, test } from "vitest";
import { startPds } from "../src/index.js";
import { createLogger, logFormat } from "../src/logging.js";
import { defineRoute } from "../src/xrpc/route.js";
import { type BinProcess, startBin } from "./_server-process.js";
import { xrpc } from "./_util.js";
import { rawXrpc } from "./conformance/raw-http.js";

const dirs: string[] = [];
const bins: BinProcess[] = [];
afterAll(async () => {
  for (const bin of bins) await bin.kill();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "pds-logs-"));
  dirs.push(dir);
  return dir;
};

describe("log format", () => {
  test("pretty on a terminal, JSON anywhere else; LOG_FORMAT decides when set", () => {
    expect(logFormat({}, true)).toBe("pretty");
    expect(logFormat({}, false)).toBe("json");
    expect(logFormat({ LOG_FORMAT: "json" }, true)).toBe("json");
    expect(logFormat({ LOG_FORMAT: "pretty" }, false)).toBe("pretty");
  });

  test("the pretty form is one readable line per record, redacted as the JSON form is", async () => {
    let out = "";
    const sink = new Writable({
      write: (chunk, _enc, done) => {
        out += chunk;
        done();
      },
    });
    const logger = createLogger("info", sink, "pretty");
    logger.info(
      { method: "POST", status: 200, password: "hunter2", req: { headers: { authorization: "Bearer x" } } },
      "request",
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(out.trim().split("\n")).toHaveLength(1);
    expect(out).toMatch(/INFO.*request.*"method":"POST".*"status":200/);
    expect(out).not.toContain("hunter2");
    expect(out).not.toContain("Bearer x");
    expect(() => JSON.parse(out)).toThrow();
  });

  test("npm start on a terminal prints pretty lines, not JSON", async () => {
    const bin = startBin({ PDS_DATA_DIRECTORY: tempDir(), LOG_LEVEL: "info" }, { tty: true });
    bins.push(bin);
    await bin.waitFor(/listening/);
    const line = bin
      .stdout()
      .split("\n")
      .find((l) => l.includes("listening"))!;
    expect(line).toMatch(/INFO/);
    expect(line).not.toMatch(/^\{"level"/);
    await bin.kill();
  });
});

describe("request log", () => {
  // A reader that stops mid-body and destroys the request (as the body reader once did on a 413) makes
  // Node clear `req.socket`; the request log used to read the address from it at the end: a TypeError
  // thrown from an event handler, straight to the process.
  test("a request destroyed mid-body is logged, with its address, and nothing escapes", async () => {
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({
      write: (chunk, _enc, done) => {
        lines.push(JSON.parse(String(chunk)));
        done();
      },
    });
    const escaped: unknown[] = [];
    const onEscape = (err: unknown) => escaped.push(err);
    process.on("uncaughtException", onEscape);
    const dataDirectory = tempDir();
    const pds = await startPds(
      { port: 0, hostname: "localhost", bindHost: "127.0.0.1", dataDirectory },
      { logLevel: "info", logDestination: sink },
    );
    try {
      pds.app.router.add(
        defineRoute({
          nsid: "com.example.test.dropBody",
          type: "procedure",
          handler: async ({ req }) => {
            const body = req[Symbol.asyncIterator]();
            await body.next();
            await body.return?.();
            return undefined;
          },
        }),
      );
      const sent = rawXrpc(pds.url, "com.example.test.dropBody", {
        body: "x".repeat(300_000),
        chunked: true,
      });
      await sent.catch(() => undefined); // the server destroyed the request, so the socket is gone
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(escaped).toEqual([]);
      const line = lines.find((l) => l.msg === "request" && l.path === "/xrpc/com.example.test.dropBody");
      expect(line).toMatchObject({ method: "POST", ip: "127.0.0.1" });
    } finally {
      process.off("uncaughtException", onEscape);
      await pds.close();
    }
  });
});

test("a real run that creates an account, logs in, refreshes and more logs no secret", async () => {
  const dir = tempDir();
  // A public-mode server (no dev account banner), JSON logs at the most verbose level.
  const bin = startBin({
    PDS_DATA_DIRECTORY: dir,
    PDS_HOSTNAME: "pds.example.com",
    PDS_INVITE_REQUIRED: "false",
    LOG_LEVEL: "trace",
  });
  bins.push(bin);
  await bin.waitFor(/"msg":"listening"/);
  const url = JSON.parse(
    bin
      .stdout()
      .split("\n")
      .find((l) => l.includes('"listening"'))!,
  ).url as string;
  const password = "correct-horse-battery-staple";
  const made = await xrpc(url, "com.atproto.server.createAccount", {
    body: { handle: "sam.pds.example.com", email: "sam@example.com", password },
  });
  expect(made.status).toBe(200);
  const login = await xrpc(url, "com.atproto.server.createSession", {
    body: { identifier: "sam.pds.example.com", password },
  });
  const refreshed = await xrpc(url, "com.atproto.server.refreshSession", {
    method: "POST",
    token: login.body.refreshJwt,
  });
  expect(refreshed.status).toBe(200);
  const app = await xrpc(url, "com.atproto.server.createAppPassword", {
    token: refreshed.body.accessJwt,
    body: { name: "phone" },
  });
  const appLogin = await xrpc(url, "com.atproto.server.createSession", {
    body: { identifier: "sam@example.com", password: app.body.password },
  });
  expect(appLogin.status).toBe(200);
  await xrpc(url, "com.atproto.server.createSession", {
    body: { identifier: "sam@example.com", password: "wrong-guess-1" },
  });
  await xrpc(url, "com.atproto.repo.putRecord", {
    token: appLogin.body.accessJwt,
    body: { repo: made.body.did, collection: "com.example.note", rkey: "a", record: { text: "hi" } },
  });
  const secrets = JSON.parse(readFileSync(join(dir, "secrets.json"), "utf8"));
  await xrpc(url, "com.atproto.admin.updateSubjectStatus", {
    authorization: `Basic ${Buffer.from(`admin:${secrets.adminPassword}`).toString("base64")}`,
    body: {
      subject: { $type: "com.atproto.admin.defs#repoRef", did: made.body.did },
      deactivated: { applied: false },
    },
  });
  await xrpc(url, "com.atproto.server.deleteSession", { method: "POST", token: refreshed.body.refreshJwt });
  expect(await bin.stop()).toBe(0);

  const output = bin.stdout() + bin.stderr();
  expect(output.split("\n").filter((l) => l.includes('"msg":"request"')).length).toBeGreaterThanOrEqual(9);
  const jwts = [made.body, login.body, refreshed.body, appLogin.body].flatMap((b) => [
    b.accessJwt,
    b.refreshJwt,
  ]);
  const forbidden = {
    password,
    appPassword: app.body.password,
    wrongPassword: "wrong-guess-1",
    jwtSecret: secrets.jwtSecret,
    adminPassword: secrets.adminPassword,
    plcRotationKeyHex: secrets.plcRotationKeyHex,
    // A token's signature alone would do harm; none of a token's parts may appear.
    ...Object.fromEntries(
      jwts.flatMap((jwt, i) =>
        jwt
          .split(".")
          .slice(1)
          .map((part: string, j: number) => [`jwt${i}.${j}`, part]),
      ),
    ),
  };
  for (const [name, secret] of Object.entries(forbidden)) {
    expect(output.includes(secret as string), `${name} appears in the log`).toBe(false);
  }
});
