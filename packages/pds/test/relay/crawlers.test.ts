// Relays are asked to crawl this PDS (PDS_CRAWLERS): com.atproto.sync.requestCrawl with its hostname
// when it starts, then on activity at most every twenty minutes, as the reference; a relay that is down
// or refuses is logged and changes nothing else. Stand-in relays on loopback record what they get.
import { pino } from "pino";
import { afterAll, beforeAll, expect, test, vi } from "vitest";
import { CRAWL_INTERVAL_MS, Crawlers } from "../../src/relay/crawlers.js";
import { sendJson, startUpstream, type Upstream } from "../_upstream.js";
import { createTestAccount, putRecord, startTestPds, type TestPds } from "../_util.js";
import { waitFor } from "../sync/_firehose.js";

let relay: Upstream;
let refusing: Upstream;
let gone: Upstream;
let pds: TestPds;
const crawls = () => relay.requests.filter((r) => r.nsid === "com.atproto.sync.requestCrawl");

beforeAll(async () => {
  const ok = {
    "com.atproto.sync.requestCrawl": (_req: unknown, res: Parameters<typeof sendJson>[0]) =>
      sendJson(res, 200, {}),
  };
  relay = await startUpstream(ok);
  refusing = await startUpstream({
    "com.atproto.sync.requestCrawl": (_req, res) =>
      sendJson(res, 400, { error: "HostBanned", message: "no" }),
  });
  gone = await startUpstream({});
  await gone.close();
  pds = await startTestPds({ network: { crawlers: [relay.url, refusing.url, gone.url] } });
});
afterAll(async () => {
  await pds?.close();
  await Promise.all([relay?.close(), refusing?.close()]);
});

test("on start, every relay is asked to crawl this hostname", async () => {
  await waitFor(() => crawls().length === 1, "the first crawl request");
  expect(crawls()[0]).toMatchObject({ method: "POST", headers: { "content-type": "application/json" } });
  expect(JSON.parse(crawls()[0]!.body.toString())).toEqual({ hostname: "localhost" });
  await waitFor(() => refusing.requests.length === 1, "the refusing relay's request");
});

test("writes within twenty minutes ask nobody again; the relays that failed broke nothing", async () => {
  const alice = await createTestAccount(pds, "alice");
  expect((await putRecord(pds, alice, "com.example.note", "a", { text: "hi" })).status).toBe(200);
  await new Promise((resolve) => setTimeout(resolve, 200));
  expect(crawls()).toHaveLength(1);
});

test("twenty minutes after the last request, a write on the server asks every relay again", async () => {
  const alice = await createTestAccount(pds, "carol");
  const before = crawls().length;
  // The clock jumps twenty minutes ahead and keeps running, so waitFor's deadline still passes.
  vi.useFakeTimers({ toFake: ["Date"], shouldAdvanceTime: true });
  try {
    vi.setSystemTime(Date.now() + CRAWL_INTERVAL_MS + 1000);
    expect((await putRecord(pds, alice, "com.example.note", "b", { text: "later" })).status).toBe(200);
    await waitFor(() => crawls().length === before + 1, "the crawl request after the write");
    await waitFor(() => refusing.requests.length === 2, "the refusing relay's second request");
  } finally {
    vi.useRealTimers();
  }
  expect(JSON.parse(crawls().at(-1)!.body.toString())).toEqual({ hostname: "localhost" });
});

test("after twenty minutes, the next activity asks again", async () => {
  vi.useFakeTimers({ toFake: ["Date"] });
  try {
    const logger = pino({ level: "silent" });
    const crawlers = new Crawlers("pds.example.com", [relay.url], logger);
    const before = crawls().length;
    crawlers.notifyOfUpdate();
    crawlers.notifyOfUpdate();
    vi.setSystemTime(Date.now() + CRAWL_INTERVAL_MS - 1000);
    crawlers.notifyOfUpdate();
    await crawlers.close();
    expect(crawls().length).toBe(before + 1);
    vi.setSystemTime(Date.now() + 2000);
    crawlers.notifyOfUpdate();
    await crawlers.close();
    expect(crawls().length).toBe(before + 2);
    expect(JSON.parse(crawls().at(-1)!.body.toString())).toEqual({ hostname: "pds.example.com" });
  } finally {
    vi.useRealTimers();
  }
});
