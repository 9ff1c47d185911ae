// Service proxying and getServiceAuth, one table run against our PDS and the reference PDS (each
// configured with the same stand-in AppView, test/_upstream.ts): what reaches the upstream, what comes
// back, and every refusal. Where ours deliberately differs, the case says so and docs/differences.md
// lists it.
import { afterAll, beforeAll, expect, test } from "vitest";
import { type Account, createAccount, type RunningTarget, xrpc } from "../../../../peers/target.js";
import { decodeServiceJwt, signingKeyFromPds } from "../_service-jwt.js";
import { sendJson, startUpstream, type Upstream, type UpstreamHandler } from "../_upstream.js";

export type Side = "ours" | "reference";

export interface ProxyContext {
  side: Side;
  target: RunningTarget;
  upstream: Upstream;
  /** Mutable routes of the stand-in AppView: each case installs what it needs. */
  routes: Record<string, UpstreamHandler>;
  alice: Account;
  aliceKey: string;
}

/** Calls `nsid` on the PDS with raw headers; returns status, headers and the parsed body. */
export async function call(
  ctx: ProxyContext,
  nsid: string,
  opts: { query?: string; headers?: Record<string, string>; body?: unknown; token?: string | null } = {},
  // biome-ignore lint/suspicious/noExplicitAny: tests read bodies field by field
): Promise<{ status: number; headers: Headers; body: any }> {
  const token = opts.token === undefined ? ctx.alice.accessJwt : opts.token;
  const headers: Record<string, string> = { ...opts.headers };
  if (token !== null) headers.authorization = `Bearer ${token}`;
  if (opts.body !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(`${ctx.target.url}/xrpc/${nsid}${opts.query ?? ""}`, {
    method: opts.body === undefined ? "GET" : "POST",
    headers,
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}

/** Logs in with a new app password (privileged or not) and returns its access token. */
async function appPasswordSession(ctx: ProxyContext, privileged: boolean): Promise<string> {
  const { password } = await xrpc<{ password: string }>(ctx.target, "com.atproto.server.createAppPassword", {
    token: ctx.alice.accessJwt,
    body: { name: `app-${privileged}-${Date.now()}`, privileged },
  });
  const session = await xrpc<{ accessJwt: string }>(ctx.target, "com.atproto.server.createSession", {
    body: { identifier: ctx.alice.did, password },
  });
  return session.accessJwt;
}

const ok: UpstreamHandler = (req, res) => sendJson(res, 200, { echoed: req.url });
const lastRequest = (ctx: ProxyContext) => ctx.upstream.requests.at(-1)!;

/** Registers the table's tests against a PDS that `start` runs with the stand-in AppView configured. */
export function runProxyCases(
  side: Side,
  start: (appView: { url: string; did: string }) => Promise<RunningTarget>,
) {
  const ctx = { side, routes: {} } as ProxyContext;
  beforeAll(async () => {
    ctx.upstream = await startUpstream(ctx.routes, {
      bsky_appview: "BskyAppView",
      bsky_fg: "BskyFeedGenerator",
    });
    ctx.target = await start({ url: ctx.upstream.url, did: ctx.upstream.did });
    ctx.alice = await createAccount(ctx.target);
    ctx.aliceKey = await signingKeyFromPds(ctx.target.url, ctx.alice.did);
  }, 180_000);
  afterAll(async () => {
    await ctx.target?.stop();
    await ctx.upstream?.close();
  });

  test("a method the PDS does not serve goes to the AppView with a service token in place of the session", async () => {
    ctx.routes["app.bsky.graph.getFollows"] = (req, res) =>
      sendJson(
        res,
        200,
        { echoed: req.url },
        {
          "atproto-repo-rev": "3zzzzzzzzzzzz",
          "atproto-content-labelers": "did:plc:labeler",
          "content-language": "fr",
          "x-internal": "secret",
          "set-cookie": "session=upstream",
        },
      );
    const query = "?actor=alice.test&limit=2&cursor=x%20y";
    const res = await call(ctx, "app.bsky.graph.getFollows", {
      query,
      headers: {
        "accept-language": "fr, en;q=0.5",
        "atproto-accept-labelers": "did:plc:labeler;redact",
        "x-atproto-extra": "kept",
        "x-bsky-topics": "cats",
        cookie: "c=1",
        "x-forwarded-for": "10.0.0.1",
      },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ echoed: `/xrpc/app.bsky.graph.getFollows${query}` });
    expect(res.headers.get("atproto-repo-rev")).toBe("3zzzzzzzzzzzz");
    expect(res.headers.get("atproto-content-labelers")).toBe("did:plc:labeler");
    expect(res.headers.get("content-language")).toBe("fr");
    expect(res.headers.get("x-internal")).toBeNull();
    expect(res.headers.get("set-cookie")).toBeNull();
    const sent = lastRequest(ctx);
    expect(sent.headers).toMatchObject({
      "accept-language": "fr, en;q=0.5",
      "atproto-accept-labelers": "did:plc:labeler;redact",
      "x-atproto-extra": "kept",
      "x-bsky-topics": "cats",
    });
    for (const name of ["cookie", "x-forwarded-for", "atproto-proxy"])
      expect(sent.headers[name]).toBeUndefined();
    const jwt = decodeServiceJwt(String(sent.headers.authorization), ctx.aliceKey);
    expect(jwt.header).toEqual({ typ: "JWT", alg: "ES256K" });
    expect(jwt.payload).toMatchObject({
      iss: ctx.alice.did,
      aud: ctx.upstream.did,
      lxm: "app.bsky.graph.getFollows",
    });
    expect((jwt.payload.exp as number) - (jwt.payload.iat as number)).toBe(60);
    expect(jwt.payload.jti).toMatch(/^[0-9a-f]{32}$/);
    expect(jwt.verifies).toBe(true);
  });

  test("atproto-proxy names another service of a DID document; the token's audience is the bare DID", async () => {
    ctx.routes["app.bsky.feed.getFeedSkeleton"] = ok;
    const res = await call(ctx, "app.bsky.feed.getFeedSkeleton", {
      query: "?feed=at://x/app.bsky.feed.generator/y",
      headers: { "atproto-proxy": `${ctx.upstream.did}#bsky_fg` },
    });
    expect(res.status).toBe(200);
    const jwt = decodeServiceJwt(String(lastRequest(ctx).headers.authorization), ctx.aliceKey);
    expect(jwt.payload).toMatchObject({ aud: ctx.upstream.did, lxm: "app.bsky.feed.getFeedSkeleton" });
  });

  test.each([
    ["#bsky_appview", "no did specified in proxy header"],
    ["did:web:example.com", "no service id specified in proxy header"],
    ["did:web:example.com#", "no service id specified in proxy header"],
    ["did:web:example.com#a#b", "invalid proxy header format"],
    ["did:web:exa mple.com#a", "proxy header cannot contain spaces"],
    ["UPSTREAM#nope", "could not resolve proxy did service url"],
  ])("atproto-proxy %j is refused: %s", async (header, message) => {
    const res = await call(ctx, "app.bsky.graph.getFollows", {
      query: "?actor=a.test",
      headers: { "atproto-proxy": header.replace("UPSTREAM", ctx.upstream.did) },
    });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: "InvalidRequest", message });
  });

  // Differs (docs/differences.md): the reference answers 500 when the DID's host cannot be reached.
  test("atproto-proxy naming a DID that does not resolve: 400 could not resolve proxy did", async () => {
    const res = await call(ctx, "app.bsky.graph.getFollows", {
      query: "?actor=a.test",
      headers: { "atproto-proxy": "did:web:localhost%3A1#bsky_appview" },
    });
    if (ctx.side === "reference") return expect(res.status).toBe(500);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: "InvalidRequest", message: "could not resolve proxy did" });
  });

  test.each([
    [400, { error: "InvalidRequest", message: "Profile not found" }, {}, 400],
    [404, { error: "NotFound", message: "gone" }, { "atproto-repo-rev": "3kabc" }, 404],
    [429, { error: "RateLimitExceeded", message: "slow down" }, { "retry-after": "30" }, 429],
    [500, { error: "InternalServerError", message: "boom" }, {}, 502],
  ])(
    "the upstream's %i passes through with its error and headers",
    async (status, body, headers, expected) => {
      ctx.routes["app.bsky.graph.getFollowers"] = (_req, res) => sendJson(res, status, body, headers);
      const res = await call(ctx, "app.bsky.graph.getFollowers", { query: "?actor=a.test" });
      expect(res.status).toBe(expected);
      expect(res.body).toEqual(body);
      // Differs (docs/differences.md): the reference drops an error answer's Retry-After and repo rev.
      for (const [name, value] of Object.entries(headers)) {
        expect(res.headers.get(name)).toBe(ctx.side === "ours" ? value : null);
      }
    },
  );

  test("a POST body goes upstream as sent, with its content type", async () => {
    ctx.routes["app.bsky.graph.muteActor"] = (req, res) =>
      sendJson(res, 200, { got: JSON.parse(req.body.toString()), type: req.headers["content-type"] });
    const res = await call(ctx, "app.bsky.graph.muteActor", { body: { actor: "did:plc:somebody" } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ got: { actor: "did:plc:somebody" }, type: "application/json" });
  });

  test("without a session: 401 AuthMissing, nothing sent upstream", async () => {
    const before = ctx.upstream.requests.length;
    const res = await call(ctx, "app.bsky.graph.getFollows", { query: "?actor=a.test", token: null });
    expect(res.status).toBe(401);
    expect(res.body.error).toBe("AuthMissing");
    expect(ctx.upstream.requests.length).toBe(before);
  });

  test("chat methods need a privileged session: an app password gets 400 Bad token method", async () => {
    ctx.routes["chat.bsky.convo.listConvos"] = ok;
    const plain = await appPasswordSession(ctx, false);
    const privileged = await appPasswordSession(ctx, true);
    expect(await call(ctx, "chat.bsky.convo.listConvos", { token: plain })).toMatchObject({
      status: 400,
      body: { error: "InvalidToken", message: "Bad token method" },
    });
    expect((await call(ctx, "chat.bsky.convo.listConvos", { token: privileged })).status).toBe(200);
  });

  const serviceAuth = (query: string, token?: string) =>
    call(ctx, "com.atproto.server.getServiceAuth", {
      query: query.replace("UPSTREAM", encodeURIComponent(ctx.upstream.did)),
      token,
    });
  const inSeconds = (s: number) => Math.floor(Date.now() / 1000) + s;

  test("getServiceAuth: a token for the audience, bound to the method, a minute long by default", async () => {
    const res = await serviceAuth(`?aud=UPSTREAM&lxm=app.bsky.feed.getTimeline`);
    expect(res.status).toBe(200);
    const jwt = decodeServiceJwt(res.body.token, ctx.aliceKey);
    expect(jwt.verifies).toBe(true);
    expect(jwt.payload).toMatchObject({
      iss: ctx.alice.did,
      aud: ctx.upstream.did,
      lxm: "app.bsky.feed.getTimeline",
    });
    expect((jwt.payload.exp as number) - (jwt.payload.iat as number)).toBe(60);
    const noMethod = decodeServiceJwt((await serviceAuth(`?aud=UPSTREAM`)).body.token, ctx.aliceKey);
    expect(noMethod.payload.lxm).toBeUndefined();
    const hash = await serviceAuth(`?aud=UPSTREAM${encodeURIComponent("#bsky_appview")}`);
    expect(decodeServiceJwt(hash.body.token, ctx.aliceKey).payload.aud).toBe(
      `${ctx.upstream.did}#bsky_appview`,
    );
  });

  test("getServiceAuth: an expiry within the hour is kept", async () => {
    const exp = inSeconds(50 * 60);
    const res = await serviceAuth(`?aud=UPSTREAM&lxm=com.atproto.server.createAccount&exp=${exp}`);
    expect(decodeServiceJwt(res.body.token, ctx.aliceKey).payload.exp).toBe(exp);
  });

  test.each([
    [
      "an expiry in the past",
      () => `&lxm=app.bsky.feed.getTimeline&exp=${inSeconds(-10)}`,
      "BadExpiration",
      "expiration is in past",
    ],
    [
      "an expiry over an hour away",
      () => `&lxm=app.bsky.feed.getTimeline&exp=${inSeconds(3700)}`,
      "BadExpiration",
      "cannot request a token with an expiration more than an hour in the future",
    ],
    [
      "a method-less token over a minute long",
      () => `&exp=${inSeconds(120)}`,
      "BadExpiration",
      "cannot request a method-less token with an expiration more than a minute in the future",
    ],
    [
      "a protected method",
      () => "&lxm=com.atproto.identity.signPlcOperation",
      "InvalidRequest",
      "cannot request a service auth token for the following protected method: com.atproto.identity.signPlcOperation",
    ],
  ])("getServiceAuth refuses %s", async (_name, extra, error, message) => {
    const res = await serviceAuth(`?aud=UPSTREAM${extra()}`);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error, message });
  });

  test("getServiceAuth: an app password cannot get a token for a privileged method", async () => {
    const plain = await appPasswordSession(ctx, false);
    const res = await serviceAuth(`?aud=UPSTREAM&lxm=chat.bsky.convo.sendMessage`, plain);
    expect(res.status).toBe(400);
    expect(res.body.message).toBe(
      "insufficient access to request a service auth token for the following method: chat.bsky.convo.sendMessage",
    );
  });

  test("getServiceAuth: an audience that is no DID is refused", async () => {
    const res = await serviceAuth("?aud=not-a-did");
    expect(res.status).toBe(400);
    expect(res.body.error).toBe("InvalidRequest");
  });
}
