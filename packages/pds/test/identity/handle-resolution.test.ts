// Handles and DIDs resolved through the network, all of it on the machine: a DNS server on loopback
// (the SDK's fixture, test/_dns.ts of packages/bluesky) as PDS_HANDLE_NAMESERVERS, a well-known file
// server, and a did:web host. resolveHandle, resolveDid, resolveIdentity and updateHandle to a handle of
// one's own domain.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type DnsFixture, startDns } from "../../../bluesky/test/_dns.js";
import { HandleResolver } from "../../src/identity/handle-resolver.js";
import { sendJson, startUpstream, type Upstream } from "../_upstream.js";
import { createTestAccount, startTestPds, type TestAccount, type TestPds, xrpc } from "../_util.js";

let dns: DnsFixture;
let pds: TestPds;
let alice: TestAccount;
let didWeb: Upstream;
const records: Record<string, string[][]> = {};

beforeAll(async () => {
  dns = await startDns(records);
  didWeb = await startUpstream({});
  pds = await startTestPds({ network: { handleNameservers: [dns.server] } });
  alice = await createTestAccount(pds, "alice");
  records["_atproto.alice.fixture.dev"] = [[`did=${alice.did}`]];
  records["_atproto.two.fixture.dev"] = [
    ["did=did:plc:aaaaaaaaaaaaaaaaaaaaaaaa"],
    ["did=did:plc:bbbbbbbbbbbbbbbbbbbbbbbb"],
  ];
  records["_atproto.stranger.fixture.dev"] = [["did=did:plc:cccccccccccccccccccccccc"]];
});
afterAll(async () => {
  await Promise.all([pds?.close(), dns?.close(), didWeb?.close()]);
});

const resolve = (nsid: string, params: Record<string, string>) =>
  xrpc(pds.url, `com.atproto.identity.${nsid}`, { params });

describe("resolveHandle", () => {
  test("a handle of another domain resolves through its _atproto TXT record", async () => {
    expect(await resolve("resolveHandle", { handle: "alice.fixture.dev" })).toMatchObject({
      status: 200,
      body: { did: alice.did },
    });
    expect(dns.queries).toContain("_atproto.alice.fixture.dev");
  });

  test("two did= records, none, or a reserved name: 400 Unable to resolve handle", async () => {
    for (const handle of ["two.fixture.dev", "nobody.fixture.dev", "someone.example.com"]) {
      expect(await resolve("resolveHandle", { handle })).toMatchObject({
        status: 400,
        body: { error: "InvalidRequest", message: "Unable to resolve handle" },
      });
    }
    // Reserved names never reach DNS at all.
    expect(dns.queries.some((q) => q.endsWith("example.com"))).toBe(false);
  });

  test("a handle under this server's domains that is not hosted here: HandleNotFound, without a lookup", async () => {
    const asked = dns.queries.length;
    expect(await resolve("resolveHandle", { handle: "nobody.test" })).toMatchObject({
      status: 400,
      body: { error: "HandleNotFound" },
    });
    expect(dns.queries.length).toBe(asked);
  });

  test("a malformed handle is 400", async () => {
    expect((await resolve("resolveHandle", { handle: "not a handle" })).status).toBe(400);
  });
});

describe("the well-known file", () => {
  let server: Server;
  let origin: string;
  const answers: Record<string, { status: number; body: string }> = {};
  beforeAll(async () => {
    server = createServer((req, res) => {
      const answer = answers[req.headers.host ?? ""] ?? { status: 404, body: "not found" };
      res.writeHead(answer.status, { "content-type": "text/plain" }).end(answer.body);
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const resolver = () =>
    new HandleResolver({
      timeoutMs: 2000,
      nameservers: [dns.server],
      backupNameservers: [],
      ssrfProtection: false,
      wellKnownOrigin: () => origin,
    });

  test("its first line names the DID, asked with the handle as Host", async () => {
    answers["bob.fixture.dev"] = { status: 200, body: "did:plc:bobbobbobbobbobbobbobbob\n" };
    expect(await resolver().resolve("bob.fixture.dev")).toBe("did:plc:bobbobbobbobbobbobbobbob");
  });

  test("a DNS answer wins over the file", async () => {
    answers["alice.fixture.dev"] = { status: 200, body: "did:plc:wrongwrongwrongwrongwron" };
    expect(await resolver().resolve("alice.fixture.dev")).toBe(alice.did);
  });

  test("an error status, something that is no DID, or too much text: no DID", async () => {
    answers["gone.fixture.dev"] = { status: 500, body: "did:plc:bobbobbobbobbobbobbobbob" };
    answers["junk.fixture.dev"] = { status: 200, body: "<html>hello</html>" };
    answers["huge.fixture.dev"] = {
      status: 200,
      body: `did:plc:bobbobbobbobbobbobbobbob${" ".repeat(10_000)}`,
    };
    for (const handle of ["gone.fixture.dev", "junk.fixture.dev", "huge.fixture.dev"]) {
      expect(await resolver().resolve(handle), handle).toBeNull();
    }
  });

  test("backup nameservers are asked when nothing else names a DID", async () => {
    const backup = await startDns({
      "_atproto.late.fixture.dev": [["did=did:plc:latelatelatelatelatelate"]],
    });
    try {
      const withBackup = new HandleResolver({ ...resolver().opts, backupNameservers: [backup.server] });
      expect(await withBackup.resolve("late.fixture.dev")).toBe("did:plc:latelatelatelatelatelate");
    } finally {
      await backup.close();
    }
  });
});

describe("resolveDid and resolveIdentity", () => {
  test("a DID hosted here resolves to its document; an unknown did:plc is DidNotFound", async () => {
    const res = await resolve("resolveDid", { did: alice.did });
    expect(res.status).toBe(200);
    expect(res.body.didDoc).toMatchObject({ id: alice.did, alsoKnownAs: [`at://${alice.handle}`] });
    expect(await resolve("resolveDid", { did: "did:plc:zzzzzzzzzzzzzzzzzzzzzzzz" })).toMatchObject({
      status: 400,
      body: { error: "DidNotFound" },
    });
  });

  test("a did:web resolves through its host's /.well-known/did.json", async () => {
    const res = await resolve("resolveDid", { did: didWeb.did });
    expect(res.body.didDoc).toMatchObject({ id: didWeb.did, service: [{ id: "#bsky_appview" }] });
  });

  test("resolveIdentity checks both ways: a handle whose DID does not claim it is handle.invalid", async () => {
    expect((await resolve("resolveIdentity", { identifier: alice.handle })).body).toMatchObject({
      did: alice.did,
      handle: alice.handle,
      didDoc: { id: alice.did },
    });
    expect((await resolve("resolveIdentity", { identifier: alice.did })).body.handle).toBe(alice.handle);
    // The TXT record names alice, but alice's DID document claims alice.test.
    expect((await resolve("resolveIdentity", { identifier: "alice.fixture.dev" })).body).toMatchObject({
      did: alice.did,
      handle: "handle.invalid",
    });
    expect(await resolve("resolveIdentity", { identifier: "nobody.fixture.dev" })).toMatchObject({
      status: 400,
      body: { error: "HandleNotFound" },
    });
    expect(await resolve("resolveIdentity", { identifier: "stranger.fixture.dev" })).toMatchObject({
      status: 400,
      body: { error: "DidNotFound" },
    });
  });

  test("updateHandle to a handle of one's own domain, once its TXT record names the account", async () => {
    const refused = await xrpc(pds.url, "com.atproto.identity.updateHandle", {
      token: alice.accessJwt,
      body: { handle: "stranger.fixture.dev" },
    });
    expect(refused).toMatchObject({
      status: 400,
      body: { message: "External handle did not resolve to DID" },
    });
    const moved = await xrpc(pds.url, "com.atproto.identity.updateHandle", {
      token: alice.accessJwt,
      body: { handle: "Alice.Fixture.Dev" },
    });
    expect(moved.status).toBe(200);
    expect((await resolve("resolveIdentity", { identifier: "alice.fixture.dev" })).body).toMatchObject({
      did: alice.did,
      handle: "alice.fixture.dev",
      didDoc: { alsoKnownAs: ["at://alice.fixture.dev"] },
    });
  });
});

test("a did:web host that answers another DID's document: 502 UpstreamFailure, not a 500", async () => {
  const server = createServer((_req, res) => sendJson(res, 200, { id: "did:web:somebody.else" }));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const did = `did:web:localhost%3A${(server.address() as AddressInfo).port}`;
  try {
    expect(await resolve("resolveDid", { did })).toMatchObject({
      status: 502,
      body: { error: "UpstreamFailure" },
    });
  } finally {
    await new Promise<void>((r) => server.close(() => r()));
  }
});
