// Sessions against our PDS: after login calls go to the account's PDS from its DID document, reads carry
// the session's token, tokens never go to another server, logout revokes on the server, and the
// atproto-proxy header is sent as configured.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BlueskyCore } from "../src/core.js";
import { repoGetRecord } from "../src/funcs/repoGetRecord.js";
import { HTTPClient } from "../src/lib/http.js";
import { login, logout } from "../src/lib/session.js";
import * as errors from "../src/models/errors/index.js";
import { Bluesky } from "../src/sdk/sdk.js";
import { type DnsFixture, startDns } from "./_dns.js";
import {
  createAccount,
  expiredAccessToken,
  freePort,
  type LocalPds,
  startLocalPds,
  stopLocalPds,
} from "./_pds.js";
import { type PlcFixture, startPlc } from "./_plc.js";
import { type Fixture, json, serve } from "./_util.js";

let plc: PlcFixture;
let pds: LocalPds;
let dns: DnsFixture;
let entryway: Fixture;
let carol: Awaited<ReturnType<typeof createAccount>>;
let pdsOrigin: string;

/** Requests the client sent, as `<METHOD> <origin><path> <authorization>`. */
function recorder() {
  const sent: { url: string; authorization: string | null; proxy: string | null }[] = [];
  const http = new HTTPClient().addHook("beforeRequest", (req) => {
    sent.push({
      url: req.url,
      authorization: req.headers.get("authorization"),
      proxy: req.headers.get("atproto-proxy"),
    });
    return req;
  });
  return { sent, http };
}

beforeAll(async () => {
  plc = await startPlc();
  pds = await startLocalPds({ port: await freePort(), plcUrl: plc.url });
  // The DID documents name the PDS as localhost; the tests reach it as 127.0.0.1 to log in.
  pdsOrigin = pds.url.replace("127.0.0.1", "localhost");
  carol = await createAccount(pds.url, "carol");
  dns = await startDns({ "_atproto.carol.test": [[`did=${carol.did}`]] });
  // An entryway in miniature: forwards every request to the PDS, as bsky.social does for its PDS hosts.
  entryway = await serve(async (req, res) => {
    const upstream = await fetch(`${pds.url}${req.path}?${req.query}`, {
      method: req.method,
      headers: {
        ...(req.headers.authorization && { authorization: req.headers.authorization }),
        ...(req.headers["content-type"] && { "content-type": req.headers["content-type"] }),
      },
      body: req.method === "POST" ? req.body : undefined,
    });
    res.writeHead(upstream.status, { "content-type": upstream.headers.get("content-type") ?? "text/plain" });
    res.end(Buffer.from(await upstream.arrayBuffer()));
  });
});
afterAll(async () => {
  await stopLocalPds(pds);
  await Promise.all([plc?.close(), dns?.close(), entryway?.close()]);
});

/** Carol logged in through the entryway, with every request the client sends recorded. */
async function loginAtEntryway() {
  const { sent, http } = recorder();
  const bluesky = new Bluesky({
    serverURL: entryway.url,
    httpClient: http,
    identity: { plcDirectoryURL: plc.url },
  });
  const session = await bluesky.login({ identifier: "carol.test", password: carol.password });
  return { sent, bluesky, session };
}

const post = (text: string) => ({ $type: "app.bsky.feed.post", text, createdAt: new Date().toISOString() });

describe("a session on the account's PDS", () => {
  // Our PDS sends the account's DID document with the session (PDS_ENABLE_DID_DOC_WITH_SESSION, on by
  // default, as the reference), so no PLC lookup is needed; the resolvePds case below asks the PLC.
  it("logs in at the entryway, then sends calls to the PDS its DID document names", async () => {
    const { sent, bluesky, session } = await loginAtEntryway();
    expect(session.pdsURL).toBe(pdsOrigin);
    expect(session.service).toBe(`${entryway.url}/`);
    await bluesky.repo.putRecord({
      repo: carol.did,
      collection: "app.bsky.feed.post",
      rkey: "3jzfcijpj2z2a",
      record: post("hi"),
    });
    const got = await bluesky.repo.getRecord({
      repo: carol.did,
      collection: "app.bsky.feed.post",
      rkey: "3jzfcijpj2z2a",
    });
    expect(got.value.text).toBe("hi");
    const calls = sent.map((s) => new URL(s.url).origin + new URL(s.url).pathname);
    expect(calls).toEqual([
      `${entryway.url}/xrpc/com.atproto.server.createSession`,
      `${pdsOrigin}/xrpc/com.atproto.repo.putRecord`,
      `${pdsOrigin}/xrpc/com.atproto.repo.getRecord`,
    ]);
    expect(session.didDoc).toMatchObject({ id: carol.did });
    // getRecord is a public read, and still carries the session's token.
    expect(sent[2]!.authorization).toBe(`Bearer ${session.accessJwt}`);
    // deleteSession goes where the session was created.
    await bluesky.logout();
    expect(sent.at(-1)!.url).toBe(`${entryway.url}/xrpc/com.atproto.server.deleteSession`);
  });

  it("refreshes an expired token where the session was created, then retries on the PDS", async () => {
    const { sent, bluesky, session } = await loginAtEntryway();
    bluesky.resumeSession({ ...session, accessJwt: expiredAccessToken(pds, carol.did) });
    sent.length = 0;
    await bluesky.repo.putRecord({
      repo: carol.did,
      collection: "app.bsky.feed.post",
      rkey: "3jzfcijpj2z2b",
      record: post("again"),
    });
    expect(sent.map((s) => s.url.replace(/\?.*/, ""))).toEqual([
      `${pdsOrigin}/xrpc/com.atproto.repo.putRecord`,
      `${entryway.url}/xrpc/com.atproto.server.refreshSession`,
      `${pdsOrigin}/xrpc/com.atproto.repo.putRecord`,
    ]);
  });

  it("with resolvePds, resolves the handle (DNS, PLC) and logs in at the PDS itself", async () => {
    const { sent, http } = recorder();
    // The client's own server is closed: nothing may go there.
    const client = new BlueskyCore({
      serverURL: "http://127.0.0.1:1",
      httpClient: http,
      identity: { dnsServers: [dns.server], plcDirectoryURL: plc.url },
    });
    const res = await login(
      client,
      { identifier: "carol.test", password: carol.password },
      { resolvePds: true },
    );
    expect(res.error).toBeUndefined();
    const xrpc = sent.filter((s) => s.url.includes("/xrpc/"));
    expect(xrpc.map((s) => new URL(s.url).origin)).toEqual([pdsOrigin]);
    // The DID was resolved at the PLC directory, which is sent no token.
    expect(sent.filter((s) => s.url === `${plc.url}/${carol.did}`).map((s) => s.authorization)).toEqual([
      null,
    ]);
    expect(res.value?.data).toMatchObject({ service: `${pdsOrigin}/`, pdsURL: pdsOrigin });
  });

  it("never sends the session's tokens to another server, even when a call names it", async () => {
    const other = await serve((req, res) =>
      json(res, 200, { uri: "at://x/y/z", value: {}, seen: req.headers.authorization }),
    );
    try {
      const { sent, http } = recorder();
      const client = new BlueskyCore({
        serverURL: pds.url,
        httpClient: http,
        identity: { plcDirectoryURL: plc.url },
      });
      await login(client, { identifier: "carol.test", password: carol.password });
      const res = await repoGetRecord(
        client,
        { repo: carol.did, collection: "app.bsky.feed.post", rkey: "3jzfcijpj2z2a" },
        { serverURL: other.url },
      );
      expect(res.ok).toBe(true);
      expect(other.seen[0]!.headers.authorization).toBeUndefined();
      expect(sent.at(-1)!.authorization).toBeNull();
    } finally {
      await other.close();
    }
  });

  it("logout revokes the refresh token on the server and forgets the session", async () => {
    const bluesky = new Bluesky({ serverURL: pds.url, identity: { plcDirectoryURL: plc.url } });
    const { refreshJwt } = await bluesky.login({ identifier: "carol.test", password: carol.password });
    await bluesky.logout();
    expect(bluesky.session).toBeUndefined();
    const again = await fetch(`${pds.url}/xrpc/com.atproto.server.refreshSession`, {
      method: "POST",
      headers: { authorization: `Bearer ${refreshJwt}` },
    });
    expect(again.status).toBe(400);
    expect(((await again.json()) as { error: string }).error).toBe("ExpiredToken");
  });

  it("logout forgets the session even when its server cannot be reached", async () => {
    const client = new BlueskyCore({ serverURL: pds.url, identity: { plcDirectoryURL: plc.url } });
    const res = await login(
      client,
      { identifier: "carol.test", password: carol.password },
      { serverURL: entryway.url },
    );
    expect(res.ok).toBe(true);
    const closed = await serve(() => {});
    await closed.close();
    // The session was created at the entryway: point its record of that server at a dead port.
    (res.value!.data as { service: string }).service = `${closed.url}/`;
    await logout(client);
    expect(client._session).toBeUndefined();
  });
});

describe("atproto-proxy", () => {
  let fx: Fixture;
  beforeAll(async () => {
    fx = await serve((_req, res) => json(res, 200, { uri: "at://x/y/z", value: {} }));
  });
  afterAll(() => fx.close());
  const request = { repo: "did:plc:abc", collection: "app.bsky.feed.post", rkey: "a" };
  const lastProxy = () => fx.seen.at(-1)!.headers["atproto-proxy"];

  it("is sent per call, and null overrides the client's", async () => {
    const client = new BlueskyCore({
      serverURL: fx.url,
      atprotoProxy: { "com.atproto.repo": "did:web:repo.example#svc" },
    });
    await repoGetRecord(client, request);
    expect(lastProxy()).toBe("did:web:repo.example#svc");
    await repoGetRecord(client, request, {
      atprotoProxy: "did:plc:ar7c4by46qjdydhdevvrndac#atproto_labeler",
    });
    expect(lastProxy()).toBe("did:plc:ar7c4by46qjdydhdevvrndac#atproto_labeler");
    await repoGetRecord(client, request, { atprotoProxy: null });
    expect(lastProxy()).toBeUndefined();
  });

  it("as one client-wide string, applies to every method outside com.atproto", async () => {
    const client = new BlueskyCore({ serverURL: fx.url, atprotoProxy: "did:web:api.bsky.app#bsky_appview" });
    await repoGetRecord(client, request);
    expect(lastProxy()).toBeUndefined();
  });

  it("refuses a value that is not a service DID and id, naming it, the call's or the client's", async () => {
    for (const bad of [
      "did:web:api.bsky.app",
      "api.bsky.app#bsky_appview",
      "did:web:api.bsky.app#",
      "did:web:x#a#b",
    ]) {
      const perCall = await repoGetRecord(new BlueskyCore({ serverURL: fx.url }), request, {
        atprotoProxy: bad,
      });
      const clientWide = await repoGetRecord(
        new BlueskyCore({ serverURL: fx.url, atprotoProxy: { com: bad } }),
        request,
      );
      for (const res of [perCall, clientWide]) {
        expect(res.error).toBeInstanceOf(errors.InvalidRequestError);
        expect(res.error?.message).toContain(bad);
      }
    }
  });

  it("picks the longest matching NSID prefix of a map", async () => {
    const client = new BlueskyCore({
      serverURL: fx.url,
      atprotoProxy: {
        com: "did:web:a.example#a",
        "com.atproto.repo.getRecord": "did:web:c.example#c",
        "com.atproto": "did:web:b.example#b",
      },
    });
    await repoGetRecord(client, request);
    expect(lastProxy()).toBe("did:web:c.example#c");
  });
});
