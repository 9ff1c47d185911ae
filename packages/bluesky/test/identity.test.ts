// Identity resolution against local servers: handles through a DNS server on 127.0.0.1 (node:dns pointed
// at it), our PDS's /.well-known/atproto-did and its resolveHandle; DIDs through a PLC directory the PDS
// publishes to, and did:web from a local host.
import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BlueskyCore } from "../src/core.js";
import { HTTPClient } from "../src/lib/http.js";
import {
  DidNotResolvedError,
  HandleNotFoundError,
  IdentityResolver,
  InvalidIdentifierError,
  NoPdsError,
  resolveIdentity,
} from "../src/lib/identity.js";
import { type DnsFixture, startDns } from "./_dns.js";
import { createAccount, freePort, type LocalPds, startLocalPds, stopLocalPds } from "./_pds.js";
import { type PlcFixture, startPlc } from "./_plc.js";
import { json, serve } from "./_util.js";

let plc: PlcFixture;
let pds: LocalPds;
let dns: DnsFixture;
let alice: { did: string; handle: string };
let bob: { did: string; handle: string };

beforeAll(async () => {
  plc = await startPlc();
  // The PDS names its port in the DID documents it publishes, so it must know it before listening.
  pds = await startLocalPds({ port: await freePort(), plcUrl: plc.url });
  alice = await createAccount(pds.url, "alice");
  bob = await createAccount(pds.url, "bob");
  dns = await startDns({
    "_atproto.alice.test": [[`did=${alice.did}`]],
    "_atproto.split.test": [["did=", alice.did]], // one record in two strings, as long records come
    "_atproto.twice.test": [[`did=${alice.did}`], [`did=${bob.did}`]],
    "_atproto.junk.test": [["did=not-a-did"], ["v=spf1 -all"]],
  });
});
afterAll(async () => {
  await stopLocalPds(pds);
  await plc?.close();
  await dns?.close();
});

/** A resolver on the local DNS and PLC; `fetcher` replaces the HTTP transport. */
function resolver(extra: ConstructorParameters<typeof IdentityResolver>[1] = {}, fetcher?: HTTPClient) {
  return new IdentityResolver(
    fetcher ?? new HTTPClient(),
    { dnsServers: [dns.server], plcDirectoryURL: plc.url, handleResolverURL: false, ...extra },
    undefined,
  );
}

/**
 * A fetcher that reaches `https://<handle>/…` at the PDS over plain HTTP with the handle as Host, as if
 * the handle's DNS pointed at it: fetch cannot set Host, so this one request goes through node:http.
 */
function handleHostFetcher(target: string): HTTPClient {
  const { port } = new URL(target);
  return new HTTPClient({
    fetcher: (input) => {
      const url = new URL(String(input));
      return new Promise((resolve, reject) => {
        const req = httpRequest(
          { host: "127.0.0.1", port, path: url.pathname, headers: { host: url.host } },
          (res) => {
            const chunks: Buffer[] = [];
            res.on("data", (c: Buffer) => chunks.push(c));
            res.on("end", () => resolve(new Response(Buffer.concat(chunks), { status: res.statusCode })));
          },
        );
        req.on("error", reject);
        req.end();
      });
    },
  });
}

describe("handle to DID", () => {
  it("resolves through DNS TXT _atproto.<handle>, joining a record's strings", async () => {
    expect(await resolver().resolveHandle("alice.test")).toBe(alice.did);
    expect(await resolver().resolveHandle("Split.Test")).toBe(alice.did);
    expect(dns.queries).toContain("_atproto.alice.test");
  });

  it("refuses two did= records and records that are not DIDs", async () => {
    await expect(resolver().resolveHandle("twice.test")).rejects.toBeInstanceOf(HandleNotFoundError);
    await expect(resolver().resolveHandle("junk.test")).rejects.toBeInstanceOf(HandleNotFoundError);
  });

  it("falls back to HTTPS /.well-known/atproto-did, served by our PDS", async () => {
    const viaWellKnown = resolver({}, handleHostFetcher(pds.url));
    expect(await viaWellKnown.resolveHandle("bob.test")).toBe(bob.did);
  });

  it("falls back to the server's com.atproto.identity.resolveHandle", async () => {
    const viaServer = resolver({ handleResolverURL: pds.url });
    expect(await viaServer.resolveHandle("bob.test")).toBe(bob.did);
    await expect(viaServer.resolveHandle("nobody.test")).rejects.toBeInstanceOf(HandleNotFoundError);
  });

  it("uses an injected TXT lookup instead of the platform's DNS", async () => {
    const asked: string[] = [];
    const custom = resolver({
      resolveTxt: async (name) => {
        asked.push(name);
        return [`did=${bob.did}`];
      },
    });
    expect(await custom.resolveHandle("anything.example")).toBe(bob.did);
    expect(asked).toEqual(["_atproto.anything.example"]);
  });

  it("refuses what is not a handle", async () => {
    await expect(resolver().resolveHandle("not a handle")).rejects.toBeInstanceOf(InvalidIdentifierError);
  });
});

describe("DID to document and PDS", () => {
  it("reads did:plc from the PLC directory the PDS published to", async () => {
    const identity = await resolver().resolveIdentity(alice.did);
    expect(identity).toMatchObject({
      did: alice.did,
      handle: "alice.test",
      pds: pds.url.replace("127.0.0.1", "localhost"),
    });
    expect(identity.didDocument.id).toBe(alice.did);
  });

  it("resolves a handle both ways and keeps it only when the document claims it", async () => {
    expect(await resolver().resolveIdentity("alice.test")).toMatchObject({
      did: alice.did,
      handle: "alice.test",
    });
    // split.test points at alice's DID, but her document claims alice.test, not split.test.
    expect(await resolver().resolveIdentity("split.test")).toMatchObject({
      did: alice.did,
      handle: undefined,
    });
  });

  it("reads did:web from the host, over HTTP only for localhost", async () => {
    const web = await serve((req, res) => {
      if (req.path !== "/.well-known/did.json") return json(res, 404, {});
      const did = `did:web:localhost%3A${new URL(web.url).port}`;
      json(res, 200, {
        id: did,
        service: [
          { id: "#atproto_pds", type: "AtprotoPersonalDataServer", serviceEndpoint: "https://pds.example" },
        ],
      });
    });
    try {
      const did = `did:web:localhost%3A${new URL(web.url).port}`;
      const identity = await resolver().resolveIdentity(did);
      expect(identity.pds).toBe("https://pds.example");
      await expect(resolver().resolveDid("did:web:127.0.0.1%3A1")).rejects.toBeInstanceOf(
        InvalidIdentifierError,
      );
    } finally {
      await web.close();
    }
  });

  it("names what failed: an unknown DID, a document for another DID, a document without a PDS", async () => {
    await expect(resolver().resolveDid("did:plc:aaaaaaaaaaaaaaaaaaaaaaaa")).rejects.toBeInstanceOf(
      DidNotResolvedError,
    );
    plc.documents.set("did:plc:bbbbbbbbbbbbbbbbbbbbbbbb", { id: "did:plc:cccccccccccccccccccccccc" });
    await expect(resolver().resolveDid("did:plc:bbbbbbbbbbbbbbbbbbbbbbbb")).rejects.toThrow(
      /not this DID's document/,
    );
    plc.documents.set("did:plc:dddddddddddddddddddddddd", {
      id: "did:plc:dddddddddddddddddddddddd",
      service: [],
    });
    await expect(resolver().resolveIdentity("did:plc:dddddddddddddddddddddddd")).rejects.toBeInstanceOf(
      NoPdsError,
    );
    await expect(resolver().resolveDid("did:key:zQ3sh")).rejects.toBeInstanceOf(InvalidIdentifierError);
  });

  it("refuses a PLC directory answer over 64 KB", async () => {
    const huge = await serve((_req, res) => json(res, 200, { id: "did:plc:x", pad: "x".repeat(70_000) }));
    try {
      const r = resolver({ plcDirectoryURL: huge.url });
      await expect(r.resolveDid("did:plc:eeeeeeeeeeeeeeeeeeeeeeee")).rejects.toThrow(/over 65536 bytes/);
    } finally {
      await huge.close();
    }
  });

  it("is configured from the client's identity options", async () => {
    const client = new BlueskyCore({
      serverURL: pds.url,
      identity: { dnsServers: [dns.server], plcDirectoryURL: plc.url },
    });
    expect((await resolveIdentity(client, "alice.test")).did).toBe(alice.did);
  });
});
