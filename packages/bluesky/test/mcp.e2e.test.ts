// `bluesky mcp start` against our PDS on 127.0.0.1, over stdio and Streamable HTTP, with both generations
// of the official MCP client: the tool list and its schemas arrive whole, repo-put-record and create-post
// write records that read back from the PDS as sent, errors come back as tool errors with their XRPC name,
// `--scope read` serves no write tool, `--tool` serves only the tools named, an expired session refreshes
// in the middle of a conversation, and no password or token ever reaches stdout or stderr.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allTools } from "../src/mcp/catalog.js";
import {
  connectMcp,
  type Flavor,
  type McpSession,
  PACKAGE_DIR,
  parsed,
  type TransportKind,
  toolError,
} from "./_mcp.js";
import { createAccount, expiredAccessToken, type LocalPds, startLocalPds, stopLocalPds } from "./_pds.js";

type Account = Awaited<ReturnType<typeof createAccount>>;

let pds: LocalPds;
let alice: Account;
let bob: Account;
let scratch: string;
const stderrs: string[] = [];

beforeAll(async () => {
  pds = await startLocalPds();
  alice = await createAccount(pds.url, "alice");
  bob = await createAccount(pds.url, "bob");
  scratch = mkdtempSync(join(tmpdir(), "bluesky-mcp-"));
});
afterAll(async () => {
  await stopLocalPds(pds);
  rmSync(scratch, { recursive: true, force: true });
});

/** Alice's credentials, as a host's MCP configuration passes them; no saved session is looked at. */
const env = (extra: Record<string, string> = {}) => ({
  BLUESKY_SERVER_URL: pds.url,
  BLUESKY_IDENTIFIER: "alice.test",
  BLUESKY_PASSWORD: alice.password,
  BLUESKY_SESSION_FILE: join(scratch, "no-session.json"),
  ...extra,
});

/** A record as the PDS has it. */
async function readBack(uri: string): Promise<{ cid: string; value: Record<string, unknown> }> {
  const [repo, collection, rkey] = uri.slice("at://".length).split("/");
  const res = await fetch(
    `${pds.url}/xrpc/com.atproto.repo.getRecord?repo=${repo}&collection=${collection}&rkey=${rkey}`,
  );
  expect(res.status).toBe(200);
  return (await res.json()) as { cid: string; value: Record<string, unknown> };
}

const post = (text: string) => ({ $type: "app.bsky.feed.post", text, createdAt: new Date().toISOString() });

describe.each([
  ["stdio", "v1"],
  ["stdio", "v2"],
  ["http", "v1"],
  ["http", "v2"],
] as [TransportKind, Flavor][])("over %s, with the %s client", (transport, flavor) => {
  let mcp: McpSession;
  beforeAll(async () => {
    mcp = await connectMcp(transport, flavor, env());
  }, 90_000);
  afterAll(async () => {
    await mcp?.stop();
    stderrs.push(mcp?.stderr() ?? "");
  });

  it("lists every tool, each with its lexicon description and JSON Schema", async () => {
    const { tools } = await mcp.client.listTools();
    const expected = allTools();
    expect(tools.map((t) => t.name)).toEqual(expected.map((t) => t.name));
    for (const [i, tool] of tools.entries()) {
      expect(tool.description).toBe(expected[i]!.description);
      expect(tool.inputSchema).toEqual(expected[i]!.inputSchema);
      expect(tool.annotations?.readOnlyHint).toBe(expected[i]!.scope === "read");
    }
    expect(tools.find((t) => t.name === "repo-put-record")).toMatchObject({
      title: "com.atproto.repo.putRecord",
      inputSchema: { required: ["repo", "collection", "rkey", "record"] },
    });
  });

  it("writes a record with repo-put-record, and the PDS has it as sent", async () => {
    const rkey = `3mcpput${transport[0]}${flavor === "v1" ? "b" : "c"}aaaa`; // a TID, as posts' keys must be
    const record = post(`put over ${transport} by ${flavor}`);
    const arguments_ = { repo: alice.did, collection: "app.bsky.feed.post", rkey, record };
    const put = parsed<{ uri: string; cid: string }>(
      await mcp.client.callTool({ name: "repo-put-record", arguments: arguments_ }),
    );
    expect(put.uri).toBe(`at://${alice.did}/app.bsky.feed.post/${rkey}`);
    const stored = await readBack(put.uri);
    expect(stored).toMatchObject({ cid: put.cid, value: record });
    const got = parsed(await mcp.client.callTool({ name: "get-record", arguments: { uri: put.uri } }));
    expect(got).toEqual({ uri: put.uri, cid: put.cid, value: record });
  });

  it("posts with create-post: a link and a mention become facets over their UTF-8 bytes", async () => {
    const text = `héllo 🎉 @bob.test, via ${transport}: https://example.com/x. #mcp`;
    const created = parsed<{ uri: string; cid: string; url: string }>(
      await mcp.client.callTool({ name: "create-post", arguments: { text, langs: ["en"] } }),
    );
    expect(created.url).toBe(`https://bsky.app/profile/${alice.did}/post/${created.uri.split("/").at(-1)}`);
    const { value } = await readBack(created.uri);
    expect(value).toMatchObject({ $type: "app.bsky.feed.post", text, langs: ["en"] });
    const bytes = Buffer.from(text);
    const facets = value.facets as { index: { byteStart: number; byteEnd: number }; features: unknown[] }[];
    expect(
      facets.map((f) => [bytes.subarray(f.index.byteStart, f.index.byteEnd).toString(), f.features]),
    ).toEqual([
      ["@bob.test", [{ $type: "app.bsky.richtext.facet#mention", did: bob.did }]],
      ["https://example.com/x", [{ $type: "app.bsky.richtext.facet#link", uri: "https://example.com/x" }]],
      ["#mcp", [{ $type: "app.bsky.richtext.facet#tag", tag: "mcp" }]],
    ]);
  });

  it("returns a refused call as a tool error with its XRPC name and message", async () => {
    const rkey = `3mcpswap${transport[0]}${flavor === "v1" ? "b" : "c"}aaa`;
    const args = { repo: alice.did, collection: "app.bsky.feed.post", rkey, record: post("first") };
    parsed(await mcp.client.callTool({ name: "repo-put-record", arguments: args }));
    const again = { ...args, record: post("second"), swapRecord: null };
    expect(toolError(await mcp.client.callTool({ name: "repo-put-record", arguments: again }))).toMatchObject(
      {
        error: "InvalidSwap",
        message: expect.stringMatching(/^Record was at bafyrei/),
        status: 400,
      },
    );
    // Refused before sending: the lexicon check names the field.
    const bad = { ...args, rkey: "no/slashes" };
    expect(toolError(await mcp.client.callTool({ name: "repo-put-record", arguments: bad }))).toMatchObject({
      error: "InvalidRequest",
      message: expect.stringContaining("rkey"),
    });
  });
});

describe("scopes and allow-lists", () => {
  it("serves no write tool under --scope read, and refuses a call to one", async () => {
    const mcp = await connectMcp("stdio", "v1", env(), ["--scope", "read"]);
    try {
      const names = (await mcp.client.listTools()).tools.map((t) => t.name);
      expect(names).toContain("repos-get-record");
      expect(names).toContain("list-records");
      for (const write of ["repo-put-record", "create-post", "like-post", "repo-upload-blob"]) {
        expect(names).not.toContain(write);
      }
      const args = {
        repo: alice.did,
        collection: "app.bsky.feed.post",
        rkey: "3mcpreadonlyz",
        record: post("no"),
      };
      await expect(mcp.client.callTool({ name: "repo-put-record", arguments: args })).rejects.toThrow(
        /Unknown tool/,
      );
      const res = await fetch(
        `${pds.url}/xrpc/com.atproto.repo.getRecord?repo=${alice.did}&collection=app.bsky.feed.post&rkey=3mcpreadonlyz`,
      );
      expect(res.status).toBe(400);
    } finally {
      await mcp.stop();
      stderrs.push(mcp.stderr());
    }
  }, 90_000);

  it("serves only the tools --tool names", async () => {
    const mcp = await connectMcp("http", "v2", env(), ["--tool", "create-post", "--tool", "repos-*"]);
    try {
      const names = (await mcp.client.listTools()).tools.map((t) => t.name);
      expect(names).toEqual([
        "create-post",
        ...allTools()
          .map((t) => t.name)
          .filter((n) => n.startsWith("repos-")),
      ]);
    } finally {
      await mcp.stop();
      stderrs.push(mcp.stderr());
    }
  }, 90_000);
});

describe("sessions", () => {
  it.each(["stdio", "http"] as TransportKind[])(
    "refreshes an expired session in the middle of a conversation (%s), and saves the new tokens",
    async (transport) => {
      // `bluesky login`'s saved session, whose access token has expired; no password is given.
      const sessionFile = join(scratch, `expired-${transport}.json`);
      const login = await fetch(`${pds.url}/xrpc/com.atproto.server.createSession`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ identifier: "alice.test", password: alice.password }),
      });
      const session = (await login.json()) as { did: string; accessJwt: string; refreshJwt: string };
      const expired = expiredAccessToken(pds, alice.did);
      writeFileSync(sessionFile, JSON.stringify({ ...session, accessJwt: expired, service: pds.url }));
      const mcp = await connectMcp(transport, "v1", {
        BLUESKY_SERVER_URL: pds.url,
        BLUESKY_SESSION_FILE: sessionFile,
      });
      try {
        // The conversation starts with calls that need no account...
        expect((await mcp.client.listTools()).tools.length).toBe(allTools().length);
        const resolved = await mcp.client.callTool({
          name: "atproto-identity-resolve-handle",
          arguments: { handle: "bob.test" },
        });
        expect(parsed(resolved)).toEqual({ did: bob.did });
        // ...then a write: the PDS refuses the expired token, the session refreshes, the write goes through.
        const created = parsed<{ uri: string }>(
          await mcp.client.callTool({ name: "create-post", arguments: { text: "after refresh" } }),
        );
        expect((await readBack(created.uri)).value.text).toBe("after refresh");
        const saved = JSON.parse(readFileSync(sessionFile, "utf8")) as typeof session;
        expect(saved.accessJwt).not.toBe(expired);
        expect(saved.refreshJwt).not.toBe(session.refreshJwt);
        expect(mcp.stderr()).not.toContain(saved.accessJwt);
        expect(mcp.stderr()).not.toContain(saved.refreshJwt);
        expect(mcp.stderr()).not.toContain(session.refreshJwt);
      } finally {
        await mcp.stop();
        stderrs.push(mcp.stderr());
      }
    },
    90_000,
  );

  it("exits with the server's error, and never the password, when the sign-in is refused", async () => {
    const result = await promisify(execFile)(
      process.execPath,
      ["--conditions=bsky-source", "--import", "tsx", "src/cli/main.ts", "mcp", "start"],
      {
        cwd: PACKAGE_DIR,
        env: { PATH: process.env.PATH, ...env({ BLUESKY_PASSWORD: "wrong-horse-battery" }) },
      },
    ).catch((e: { code: number; stdout: string; stderr: string }) => e);
    expect(result).toMatchObject({ code: 1, stdout: "" });
    expect(result.stderr).toMatch(/^bluesky: AuthenticationRequired \(HTTP 401\)/m);
    expect(result.stderr).not.toContain("wrong-horse-battery");
  }, 60_000);

  it("never wrote a password or token to stderr", () => {
    expect(stderrs.length).toBeGreaterThan(0);
    for (const text of stderrs) {
      expect(text).toMatch(/signed in as alice\.test/);
      expect(text).not.toContain(alice.password);
      expect(text).not.toMatch(/eyJ[\w-]+\.[\w-]+/); // nothing shaped like a JWT
    }
  });
});
