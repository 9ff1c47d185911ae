// `bluesky mcp start` refuses a wrong command line before it serves anything: exit code 2, one line on
// stderr saying what to change, and nothing on stdout (which, over stdio, is the protocol's).
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { run } from "../src/cli/main.js";

async function cli(argv: string[], env: Record<string, string> = {}) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (c: Buffer) => {
    out += c.toString();
  });
  stderr.on("data", (c: Buffer) => {
    err += c.toString();
  });
  const io = {
    env: {
      BLUESKY_SESSION_FILE: "/nonexistent/session.json",
      BLUESKY_SERVER_URL: "http://127.0.0.1:9",
      ...env,
    },
    stdin: new PassThrough(),
    stdout,
    stderr,
  };
  const code = await run(argv, io);
  return { code, stdout: out, stderr: err };
}

describe("bluesky mcp start, given a wrong command line", () => {
  it.each([
    [["mcp"], /unknown command: mcp/],
    [["mcp", "stop"], /unknown command: mcp stop/],
    [["mcp", "start", "--scope", "admin"], /--scope must be read or write/],
    [["mcp", "start", "--scope", "write"], /--scope write needs an account/],
    [["mcp", "start", "--identifier", "alice.test"], /needs both --identifier and --password/],
    [["mcp", "start", "--tool", "no-such-tool"], /--tool no-such-tool: no such tool/],
    [["mcp", "start", "--tool", "repo-put-record"], /repo-put-record is a write tool, and the scope is read/],
    [["mcp", "start", "--files", "/nonexistent/dir"], /--files must be a directory/],
    [["mcp", "start", "--http", "--port", "70000"], /--port must be 0-65535/],
    [["mcp", "start", "--http", "--port", "0", "--host", "0.0.0.0"], /--allowed-host/],
    [["mcp", "start", "--bogus"], /Unknown option '--bogus'/],
  ])("%j exits 2 and says why", async (argv, message) => {
    const { code, stdout, stderr } = await cli(argv);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toMatch(message);
  });

  it("prints its usage with --help", async () => {
    const { code, stdout } = await cli(["mcp", "start", "--help"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^usage: bluesky mcp start \[--identifier HANDLE --password APP_PASSWORD\]/);
  });
});
