// The `bluesky` command as users reach it: `npx bluesky` in this repository (linked by npm from the
// committed launcher, so it never falls through to the registry's unrelated `bluesky`), a checkout
// that was never built, and the packed tarball, which must carry dist/. Then --version and logout.
import { execFile } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFromCli } from "../../pds/src/start.js";
import { createAccount, type LocalPds, startLocalPds, stopLocalPds } from "./_pds.js";

const run = promisify(execFile);
const PACKAGE_DIR = fileURLToPath(new URL("..", import.meta.url));
const ROOT = join(PACKAGE_DIR, "../..");
const VERSION = JSON.parse(readFileSync(join(PACKAGE_DIR, "package.json"), "utf8")).version as string;
const env = { PATH: process.env.PATH, HOME: process.env.HOME, npm_config_update_notifier: "false" };

let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), "bluesky-bin-"));
});
// Two built checkouts and an unpacked tarball: tens of thousands of files, slow to delete on a busy machine.
afterAll(() => rmSync(scratch, { recursive: true, force: true }), 300_000);

/** A copy of the package as a fresh clone has it (sources, no dist/), with the repo's node_modules. */
function freshCheckout(name: string): string {
  const checkout = join(scratch, name);
  const pkg = join(checkout, "packages/bluesky");
  mkdirSync(pkg, { recursive: true });
  cpSync(join(ROOT, "tsconfig.base.json"), join(checkout, "tsconfig.base.json"));
  for (const part of ["package.json", "tsconfig.json", "README.md", "bin", "src"]) {
    cpSync(join(PACKAGE_DIR, part), join(pkg, part), { recursive: true });
  }
  symlinkSync(join(ROOT, "node_modules"), join(checkout, "node_modules"));
  return pkg;
}

describe("the bluesky command", () => {
  it("npx finds the workspace's commands, never the registry's", async () => {
    expect(readFileSync(join(ROOT, "node_modules/.bin/bluesky"), "utf8")).toContain("./launch.js");
    expect(readFileSync(join(PACKAGE_DIR, "bin/launch.js"), "utf8")).toContain("dist/cli/main.js");
    // --no-install: npx fails rather than download a package it does not find locally.
    const { stdout } = await run("npx", ["--no-install", "bluesky", "--version"], { cwd: ROOT, env });
    expect(stdout.trim()).toBe(VERSION);
    const mcp = await run("npx", ["--no-install", "bluesky-mcp", "--help"], { cwd: ROOT, env });
    expect(mcp.stdout).toMatch(/^usage: bluesky mcp start /);
  });

  it("runs the login line `npm start` prints, as printed", async () => {
    const printed: string[] = [];
    const data = join(scratch, "npm-start-data");
    const args = ["--port", "0", "--bind-host", "127.0.0.1", "--data-directory", data];
    const pds = await startFromCli(args, { LOG_LEVEL: "silent" }, (text) => printed.push(text));
    try {
      const line = printed
        .join("\n")
        .split("\n")
        .map((l) => l.trim())
        .find((l) => l.startsWith("npx bluesky login"))!;
      const sessionFile = join(scratch, "npm-start-session.json");
      // Offline: were the workspace's command missing, npx could not quietly fetch the registry's `bluesky`.
      await run("sh", ["-c", line], {
        cwd: ROOT,
        env: { ...env, npm_config_offline: "true", BLUESKY_SESSION_FILE: sessionFile },
      });
      expect(JSON.parse(readFileSync(sessionFile, "utf8"))).toMatchObject({ handle: "dev.test" });
    } finally {
      await pds?.close();
    }
  }, 60_000);

  it("builds itself on first use in a checkout that was never built", async () => {
    const pkg = freshCheckout("checkout");
    const { stdout, stderr } = await run(process.execPath, [join(pkg, "bin/bluesky.js"), "--version"], {
      env,
    });
    expect(stdout.trim()).toBe(VERSION);
    expect(stderr).toMatch(/building the SDK/);
    expect(existsSync(join(pkg, "dist/cli/main.js"))).toBe(true);
  }, 180_000);

  it("packs a tarball with dist/ built from a fresh clone, and the packed command runs", async () => {
    const { stdout } = await run("npm", ["pack", "--json", "--pack-destination", scratch], {
      cwd: freshCheckout("pack"),
      env,
      maxBuffer: 64 * 1024 * 1024, // the JSON lists every one of the package's several thousand files
    });
    const [packed] = JSON.parse(stdout.slice(stdout.indexOf("["))) as {
      filename: string;
      files: { path: string }[];
    }[];
    const paths = packed!.files.map((f) => f.path);
    for (const path of [
      "bin/bluesky.js",
      "bin/bluesky-mcp.js",
      "bin/launch.js",
      "dist/cli/mcp.js",
      "dist/mcp/index.js",
      "dist/mcp/tools.js",
      "dist/index.js",
      "dist/index.d.ts",
      "dist/core.js",
      "dist/cli/main.js",
      "dist/funcs/repoPutRecord.js",
      "dist/lib/subscribe.js",
      "dist/lib/subscription/websocket-node.js",
      "dist/lib/subscription/websocket-web.js",
      "package.json",
      "README.md",
    ]) {
      expect(paths).toContain(path);
    }
    expect(paths.filter((p) => p.startsWith("test/") || p.includes("tsbuildinfo"))).toEqual([]);
    // Installed as a dependency would be: the package under node_modules, its dependencies beside it.
    const app = join(scratch, "app/node_modules");
    mkdirSync(app, { recursive: true });
    await run("tar", ["-xzf", join(scratch, packed!.filename), "-C", app]);
    renameSync(join(app, "package"), join(app, "bluesky"));
    // The dependencies and theirs (the MCP SDK's zod and hono).
    for (const dep of ["@atcute", "ws", "@modelcontextprotocol", "zod", "hono", "@hono"]) {
      symlinkSync(join(ROOT, "node_modules", dep), join(app, dep));
    }
    const version = await run(process.execPath, [join(app, "bluesky/bin/bluesky.js"), "--version"], { env });
    expect(version.stdout.trim()).toBe(VERSION);
    expect(version.stderr).toBe("");
    const mcp = await run(process.execPath, [join(app, "bluesky/bin/bluesky-mcp.js"), "--help"], { env });
    expect(mcp.stdout).toMatch(/^usage: bluesky mcp start /);
  }, 180_000);
});

describe("bluesky logout", () => {
  let pds: LocalPds;
  beforeAll(async () => {
    pds = await startLocalPds();
  });
  afterAll(() => stopLocalPds(pds));

  const cli = (args: string[], sessionFile: string) =>
    run(process.execPath, ["--conditions=bsky-source", "--import", "tsx", "src/cli/main.ts", ...args], {
      cwd: PACKAGE_DIR,
      env: { ...env, BLUESKY_SESSION_FILE: sessionFile, BLUESKY_SERVER_URL: pds.url },
    });

  it("revokes the session on the server and removes the session file", async () => {
    const dave = await createAccount(pds.url, "dave");
    const sessionFile = join(scratch, "dave-session.json");
    await cli(["login", "--identifier", "dave.test", "--password", dave.password], sessionFile);
    const { refreshJwt } = JSON.parse(readFileSync(sessionFile, "utf8")) as { refreshJwt: string };
    const { stdout } = await cli(["logout"], sessionFile);
    expect(JSON.parse(stdout)).toMatchObject({ did: dave.did, handle: "dave.test", revoked: true });
    expect(existsSync(sessionFile)).toBe(false);
    const refresh = await fetch(`${pds.url}/xrpc/com.atproto.server.refreshSession`, {
      method: "POST",
      headers: { authorization: `Bearer ${refreshJwt}` },
    });
    expect(refresh.status).toBe(400);
    const again = await cli(["logout"], sessionFile).catch((e: { code: number; stderr: string }) => e);
    expect(again).toMatchObject({ code: 2 });
    expect((again as { stderr: string }).stderr).toMatch(/not logged in/);
  });

  it("prints the version", async () => {
    const { stdout } = await cli(["--version"], join(scratch, "none.json"));
    expect(stdout.trim()).toBe(VERSION);
  });
});

// The tarball's dependencies must be installable by users: every import of dist/ is a dependency.
it("lists ws, @atcute and the MCP SDK as dependencies, so the packed commands find them", () => {
  const pkg = JSON.parse(readFileSync(join(PACKAGE_DIR, "package.json"), "utf8"));
  expect(Object.keys(pkg.dependencies)).toEqual(
    expect.arrayContaining([
      "@atcute/cbor",
      "@atcute/cid",
      "@atcute/lexicons",
      "ws",
      "@modelcontextprotocol/server",
      "@modelcontextprotocol/node",
    ]),
  );
  expect(dirname(pkg.bin.bluesky)).toBe("bin");
  expect(dirname(pkg.bin["bluesky-mcp"])).toBe("bin");
});
