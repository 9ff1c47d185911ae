// Clients as the provider finds them: a confidential web client whose metadata is fetched from its
// client_id URL and which authenticates with private_key_jwt, and the client ids it refuses to fetch.
import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import { exportJWK, generateKeyPair, type JWK, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../../bluesky/test/_pds.js";
import { createTestAccount, startTestPds, type TestAccount } from "../_util.js";
import { authorizeWithoutBrowser, OAuthFlow, startOAuthPds } from "./_oauth.js";

const CLIENT_ID = "https://app.example.com/oauth-client-metadata.json";
const REDIRECT = "https://app.example.com/callback";
const ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

let pds: Awaited<ReturnType<typeof startOAuthPds>>;
let carol: TestAccount;
let site: Server;
let clientKey: CryptoKey;
let publicJwk: JWK;
/** What the client's site serves at its client_id URL (tests change it). */
let metadata: Record<string, unknown>;
const fetched: string[] = [];

/**
 * The PDS's client-metadata fetch, aimed at the loopback site: the TLS and DNS of app.example.com are
 * all it stands in for (the default fetch, SSRF-safe, refuses loopback, as the last test shows).
 */
function siteFetch(port: number): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    fetched.push(url.href);
    if (url.hostname !== "app.example.com") throw new TypeError("fetch failed: unknown host");
    return fetch(`http://127.0.0.1:${port}${url.pathname}`, { headers: request.headers, redirect: "manual" });
  };
}

beforeAll(async () => {
  const pair = await generateKeyPair("ES256", { extractable: true });
  clientKey = pair.privateKey;
  publicJwk = { ...(await exportJWK(pair.publicKey)), kid: "client-key-1", alg: "ES256", use: "sig" };
  metadata = {
    client_id: CLIENT_ID,
    client_name: "Example App",
    application_type: "web",
    grant_types: ["authorization_code", "refresh_token"],
    response_types: ["code"],
    redirect_uris: [REDIRECT],
    scope: "atproto transition:generic",
    token_endpoint_auth_method: "private_key_jwt",
    token_endpoint_auth_signing_alg: "ES256",
    dpop_bound_access_tokens: true,
    jwks: { keys: [publicJwk] },
  };
  site = createServer((req, res) => {
    if (req.url !== "/oauth-client-metadata.json") return void res.writeHead(404).end();
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(metadata));
  });
  await new Promise<void>((resolve) => site.listen(0, "127.0.0.1", resolve));
  pds = await startOAuthPds(siteFetch((site.address() as { port: number }).port));
  carol = await createTestAccount(pds, "carol");
});
afterAll(async () => {
  await pds?.close();
  site?.close();
});

/** A client assertion (RFC 7523) signed with `key`, for the PDS as audience. */
function assertion(key = clientKey, kid = "client-key-1"): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ jti: randomUUID() })
    .setProtectedHeader({ alg: "ES256", kid })
    .setIssuer(CLIENT_ID)
    .setSubject(CLIENT_ID)
    .setAudience(pds.issuer)
    .setIssuedAt(now)
    .setExpirationTime(now + 60)
    .sign(key);
}

const clientAuth = async (key?: CryptoKey) => ({
  client_assertion_type: ASSERTION_TYPE,
  client_assertion: await assertion(key),
});

describe("a confidential client (private_key_jwt)", () => {
  it("is read from its client_id URL, signs in, refreshes with a new assertion each time", async () => {
    const flow = await OAuthFlow.create(pds.issuer, CLIENT_ID);
    const pushed = await flow.par({ redirect_uri: REDIRECT, ...(await clientAuth()) });
    expect(pushed.status).toBe(201);
    expect(fetched).toContain(CLIENT_ID);
    const back = await authorizeWithoutBrowser(pds.issuer, CLIENT_ID, pushed.body.request_uri, carol);
    expect(`${back.callback.origin}${back.callback.pathname}`).toBe(REDIRECT);
    const tokens = await flow.token(back.code, pushed.verifier, {
      redirect_uri: REDIRECT,
      ...(await clientAuth()),
    });
    expect(tokens.status).toBe(200);
    const write = await flow.xrpc("com.atproto.repo.createRecord", tokens.body.access_token, {
      body: {
        repo: carol.did,
        collection: "app.bsky.feed.post",
        record: {
          $type: "app.bsky.feed.post",
          text: "from a confidential client",
          createdAt: new Date().toISOString(),
        },
      },
    });
    expect(write.status).toBe(200);
    const refreshed = await flow.post("/oauth/token", {
      grant_type: "refresh_token",
      client_id: CLIENT_ID,
      refresh_token: tokens.body.refresh_token,
      ...(await clientAuth()),
    });
    expect(refreshed.status).toBe(200);
    // The session is bound to the client's key: a refresh without the assertion is refused.
    const unauthenticated = await flow.refresh(refreshed.body.refresh_token);
    expect(unauthenticated.status).toBe(400);
    expect(unauthenticated.body.error).toMatch(/^invalid_/);
  });

  it("must authenticate at PAR", async () => {
    const flow = await OAuthFlow.create(pds.issuer, CLIENT_ID);
    const res = await flow.par({ redirect_uri: REDIRECT });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatch(/^invalid_(client|request)$/);
  });

  it("cannot authenticate with a key its metadata does not publish", async () => {
    const stranger = (await generateKeyPair("ES256")).privateKey;
    const flow = await OAuthFlow.create(pds.issuer, CLIENT_ID);
    const res = await flow.par({ redirect_uri: REDIRECT, ...(await clientAuth(stranger)) });
    expect([res.status, res.body.error]).toEqual([400, "invalid_client"]);
  });

  it("cannot send the user to a redirect URI its metadata does not list", async () => {
    const flow = await OAuthFlow.create(pds.issuer, CLIENT_ID);
    const res = await flow.par({
      redirect_uri: "https://app.example.com/elsewhere",
      ...(await clientAuth()),
    });
    expect(res.status).toBe(400);
    expect(res.body.error_description).toMatch(/redirect_uri/i);
  });
});

describe("client ids the provider will not fetch", () => {
  let plain: Awaited<ReturnType<typeof startOAuthPds>>;
  beforeAll(async () => {
    plain = await startOAuthPds(); // the default, SSRF-safe fetch
  });
  afterAll(() => plain?.close());

  for (const clientId of [
    "https://127.0.0.1/oauth-client-metadata.json",
    "https://app.localhost/oauth-client-metadata.json",
    "http://app.example.com/oauth-client-metadata.json",
  ]) {
    it(clientId, async () => {
      const flow = await OAuthFlow.create(plain.issuer, clientId);
      const res = await flow.par({ redirect_uri: "https://app.example.com/callback" });
      expect(res.status).toBe(400);
      expect(res.body.error).toMatch(/^invalid_(client|client_id|client_metadata|request)$/);
    });
  }
});

describe("the explorer's own client on a public server", () => {
  let pub: Awaited<ReturnType<typeof startTestPds>>;
  beforeAll(async () => {
    const port = await freePort();
    // pds.example.com reaches this server: the one stand-in is for its DNS and TLS.
    const selfFetch: typeof fetch = async (input, init) => {
      const url = new URL(new Request(input, init).url);
      if (url.hostname !== "pds.example.com") throw new TypeError("fetch failed: unknown host");
      return fetch(`http://127.0.0.1:${port}${url.pathname}`, { redirect: "manual" });
    };
    pub = await startTestPds(
      { port, hostname: "pds.example.com", bindHost: "127.0.0.1" },
      { oauthFetch: selfFetch },
    );
  });
  afterAll(() => pub?.close());

  it("publishes a metadata document the provider accepts, and trusts it (its name is shown)", async () => {
    const res = await fetch(`${pub.url}/oauth-client-metadata.json`);
    const metadata = await res.json();
    expect(metadata).toMatchObject({
      client_id: "https://pds.example.com/oauth-client-metadata.json",
      redirect_uris: ["https://pds.example.com/"],
      token_endpoint_auth_method: "none",
      dpop_bound_access_tokens: true,
    });
    const client = await pub.ctx.oauth.clientManager.getClient(metadata.client_id);
    expect([client.isTrusted, client.metadata.client_name]).toEqual([true, "Repository explorer"]);
  });
});
