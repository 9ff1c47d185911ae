// What only our PDS is held to when it forwards a call (the reference's defaults, made settable): bodies
// stream both ways, every wait and size is bounded, a missing service is 501, account management is
// never forwarded, and chat.bsky goes to a configured chat service.
import { request } from "node:http";
import { afterAll, beforeAll, expect, test } from "vitest";
import { sendJson, startUpstream, type Upstream, type UpstreamHandler } from "../_upstream.js";
import { createTestAccount, startTestPds, type TestAccount, type TestPds } from "../_util.js";

const routes: Record<string, UpstreamHandler> = {};
let appView: Upstream;
let chat: Upstream;
let pds: TestPds;
let bare: TestPds;
let alice: TestAccount;

beforeAll(async () => {
  appView = await startUpstream(routes);
  chat = await startUpstream(routes, { bsky_chat: "BskyChatService" });
  pds = await startTestPds({
    network: {
      appViewUrl: appView.url,
      appViewDid: appView.did,
      chatUrl: chat.url,
      chatDid: chat.did,
      proxyHeadersTimeoutMs: 300,
      proxyBodyTimeoutMs: 300,
      proxyMaxResponseBytes: 64 * 1024,
    },
  });
  bare = await startTestPds();
  alice = await createTestAccount(pds, "alice");
});
afterAll(async () => {
  await Promise.all([pds?.close(), bare?.close(), appView?.close(), chat?.close()]);
});

const get = (nsid: string, opts: { target?: TestPds; token?: string } = {}) =>
  fetch(`${(opts.target ?? pds).url}/xrpc/${nsid}`, {
    headers: { authorization: `Bearer ${opts.token ?? alice.accessJwt}` },
  });

test("the answer streams: the client has the first bytes while the upstream is still sending", async () => {
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => {
    finish = resolve;
  });
  routes["app.bsky.feed.getTimeline"] = async (_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.write('{"feed":[');
    await finished;
    res.end("]}");
  };
  const res = await get("app.bsky.feed.getTimeline");
  const reader = res.body!.getReader();
  const first = await reader.read();
  expect(Buffer.from(first.value!).toString()).toBe('{"feed":[');
  finish();
  let rest = "";
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    rest += Buffer.from(chunk.value).toString();
  }
  expect(rest).toBe("]}");
});

test("an answer over PDS_PROXY_MAX_RESPONSE_SIZE is cut off, not buffered", async () => {
  routes["app.bsky.feed.getTimeline"] = (_req, res) => {
    res.writeHead(200, { "content-type": "application/octet-stream" });
    res.end(Buffer.alloc(256 * 1024, 1));
  };
  const res = await get("app.bsky.feed.getTimeline");
  expect(res.status).toBe(200);
  await expect(res.arrayBuffer()).rejects.toThrow();
});

test("an upstream that sends no headers in time: 502 UpstreamFailure", async () => {
  routes["app.bsky.feed.getTimeline"] = () => {}; // never answers
  const res = await get("app.bsky.feed.getTimeline");
  expect(res.status).toBe(502);
  expect(await res.json()).toEqual({ error: "UpstreamFailure", message: "Upstream service timed out" });
});

test("an upstream that stalls mid-body is cut off after PDS_PROXY_BODY_TIMEOUT", async () => {
  routes["app.bsky.feed.getTimeline"] = (_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.write("{"); // and nothing more
  };
  const res = await get("app.bsky.feed.getTimeline");
  expect(res.status).toBe(200);
  await expect(res.text()).rejects.toThrow();
});

test("an upstream that cannot be reached: 502 UpstreamFailure", async () => {
  const gone = await startUpstream({});
  await gone.close();
  const lost = await startTestPds({ network: { appViewUrl: gone.url, appViewDid: gone.did } });
  try {
    const carol = await createTestAccount(lost, "carol");
    const res = await get("app.bsky.feed.getTimeline", { target: lost, token: carol.accessJwt });
    expect(res.status).toBe(502);
    expect(await res.json()).toEqual({ error: "UpstreamFailure", message: "Upstream service unreachable" });
  } finally {
    await lost.close();
  }
});

test("a request body streams upstream and one over the limit is 413 before anything is sent", async () => {
  routes["chat.bsky.convo.sendMessage"] = (req, res) => sendJson(res, 200, { bytes: req.body.length });
  const body = JSON.stringify({ convoId: "c", message: { text: "x".repeat(100_000) } });
  const ok = await fetch(`${pds.url}/xrpc/chat.bsky.convo.sendMessage`, {
    method: "POST",
    headers: { authorization: `Bearer ${alice.accessJwt}`, "content-type": "application/json" },
    body,
  });
  expect(await ok.json()).toEqual({ bytes: body.length });
  const before = chat.requests.length;
  // Declares 60 MB and sends a little: the answer must come from the declared length alone.
  const status = await new Promise<number>((resolve, reject) => {
    const req = request(`${pds.url}/xrpc/chat.bsky.convo.sendMessage`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${alice.accessJwt}`,
        "content-type": "application/json",
        "content-length": String(60 * 1024 * 1024),
      },
    });
    req.on("response", (res) => resolve(res.statusCode ?? 0));
    req.on("error", reject);
    req.write("{");
  });
  expect(status).toBe(413);
  expect(chat.requests.length).toBe(before);
});

test("chat.bsky goes to the configured chat service, with it as the token's audience", async () => {
  routes["chat.bsky.convo.listConvos"] = (_req, res) => sendJson(res, 200, { convos: [] });
  const before = { appView: appView.requests.length, chat: chat.requests.length };
  expect((await get("chat.bsky.convo.listConvos")).status).toBe(200);
  expect(chat.requests.length).toBe(before.chat + 1);
  expect(appView.requests.length).toBe(before.appView);
  const token = String(chat.requests.at(-1)!.headers.authorization).split(".")[1]!;
  expect(JSON.parse(Buffer.from(token, "base64url").toString()).aud).toBe(chat.did);
});

test("account management methods are never forwarded: 400 Bad token method", async () => {
  const before = appView.requests.length;
  for (const nsid of ["com.atproto.server.confirmEmail", "com.atproto.server.getAccountInviteCodes"]) {
    const res = await get(nsid);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: "InvalidToken", message: "Bad token method" });
  }
  expect(appView.requests.length).toBe(before);
});

test("with no AppView configured and no atproto-proxy header, app.bsky methods are 501", async () => {
  const bob = await createTestAccount(bare, "bob");
  const res = await get("app.bsky.graph.getFollows", { target: bare, token: bob.accessJwt });
  expect(res.status).toBe(501);
  expect(await res.json()).toEqual({ error: "MethodNotImplemented", message: "Method Not Implemented" });
});
