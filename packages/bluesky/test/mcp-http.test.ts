// The Streamable HTTP transport in this process, against our PDS: a session that expires between two
// calls of one conversation is refreshed by the SDK and the second call goes through; and the guards in
// front of the endpoint hold: loopback Host and Origin only (DNS rebinding), the bearer token when one is
// set, the body limit, one path.
import { request as httpRequest } from "node:http";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BlueskyCore } from "../src/core.js";
import { login, resumeSession, type SessionState } from "../src/lib/session.js";
import { selectTools } from "../src/mcp/catalog.js";
import { HTTP_LIMITS, type HttpServer, serveHttp } from "../src/mcp/http.js";
import { mcpServerFactory } from "../src/mcp/server.js";
import { unwrap } from "../src/types/fp.js";
import { lexiconValidator } from "../src/validation.js";
import { type CallResult, parsed } from "./_mcp.js";
import { createAccount, expiredAccessToken, type LocalPds, startLocalPds, stopLocalPds } from "./_pds.js";

let pds: LocalPds;
let did: string;
let bluesky: BlueskyCore;
let session: SessionState;
let server: HttpServer;
let factory: ReturnType<typeof mcpServerFactory>;

beforeAll(async () => {
  pds = await startLocalPds();
  const alice = await createAccount(pds.url, "alice");
  did = alice.did;
  bluesky = new BlueskyCore({ serverURL: pds.url, validator: lexiconValidator });
  session = unwrap(await login(bluesky, { identifier: "alice.test", password: alice.password })).data;
  factory = mcpServerFactory({ tools: selectTools(), context: { client: bluesky, did }, version: "test" });
  server = await serveHttp(factory, { port: 0 });
});
afterAll(async () => {
  await server?.close();
  await stopLocalPds(pds);
});

async function connect(url: string, headers: Record<string, string> = {}) {
  const client = new Client({ name: "bluesky-tests", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } }));
  return client;
}

const initialize = JSON.stringify({
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "1" } },
});

/** One raw request, so the Host header can be anything (fetch will not send a forged one). */
function raw(url: string, headers: Record<string, string>, body = initialize, path?: string) {
  const target = new URL(url);
  return new Promise<number>((resolve, reject) => {
    const req = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        path: path ?? target.pathname,
        method: "POST",
        headers: {
          "content-type": "application/json",
          accept: "application/json, text/event-stream",
          ...headers,
        },
      },
      (res) => {
        res.resume();
        resolve(res.statusCode!);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

describe("a conversation over HTTP", () => {
  it("refreshes a session that expired between two calls, and the second call goes through", async () => {
    const client = await connect(server.url);
    try {
      const first = parsed<{ uri: string }>(
        (await client.callTool({ name: "create-post", arguments: { text: "one" } })) as CallResult,
      );
      expect(first.uri).toMatch(/^at:\/\//);
      // The access token expires now: the next call is refused with ExpiredToken, then refreshed and sent again.
      const updates: SessionState[] = [];
      resumeSession(bluesky, { ...session, accessJwt: expiredAccessToken(pds, did) }, (s) => updates.push(s));
      const record = { $type: "app.bsky.feed.post", text: "two", createdAt: new Date().toISOString() };
      const args = { repo: did, collection: "app.bsky.feed.post", rkey: "3mcprefreshed", record };
      const put = parsed<{ uri: string }>(
        (await client.callTool({ name: "repo-put-record", arguments: args })) as CallResult,
      );
      expect(put.uri).toBe(`at://${did}/app.bsky.feed.post/3mcprefreshed`);
      expect(updates).toHaveLength(1);
      expect(updates[0]!.refreshJwt).not.toBe(session.refreshJwt);
    } finally {
      await client.close();
    }
  });
});

describe("the HTTP endpoint's guards", () => {
  const origin = () => new URL(server.url).host;

  it("answers a loopback client", async () => {
    expect(await raw(server.url, {})).toBe(200);
    expect(await raw(server.url, { host: `localhost:${new URL(server.url).port}` })).toBe(200);
    expect(await raw(server.url, { origin: "http://localhost:6274" })).toBe(200);
  });

  it("refuses a Host that is not this machine (DNS rebinding) and a foreign browser Origin", async () => {
    expect(await raw(server.url, { host: `evil.example:${new URL(server.url).port}` })).toBe(403);
    expect(await raw(server.url, { origin: "https://evil.example" })).toBe(403);
    expect(await raw(server.url, { host: origin(), origin: "null" })).toBe(403);
  });

  it("answers only on /mcp, and refuses a body over the limit", async () => {
    expect(await raw(server.url, {}, initialize, "/other")).toBe(404);
    const huge = JSON.stringify({
      jsonrpc: "2.0",
      id: 1,
      method: "ping",
      params: { pad: "x".repeat(HTTP_LIMITS.maxBodyBytes) },
    });
    expect(await raw(server.url, {}, huge)).toBe(413);
  });

  it("asks for the bearer token when one is set, compared in full", async () => {
    const guarded = await serveHttp(factory, { port: 0, token: "s3cret-token" });
    try {
      expect(await raw(guarded.url, {})).toBe(401);
      expect(await raw(guarded.url, { authorization: "Bearer s3cret-tokem" })).toBe(401);
      expect(await raw(guarded.url, { authorization: "Bearer s3cret" })).toBe(401);
      const client = await connect(guarded.url, { authorization: "Bearer s3cret-token" });
      expect((await client.listTools()).tools.length).toBe(selectTools().length);
      await client.close();
    } finally {
      await guarded.close();
    }
  });

  it("refuses to listen beyond loopback unless the hostnames it answers to are named", async () => {
    await expect(serveHttp(factory, { host: "0.0.0.0", port: 0 })).rejects.toThrow(/--allowed-host/);
  });
});
