import { afterEach, describe, expect, it } from "vitest";
import { BlueskyCore } from "../src/core.js";
import { repoApplyWrites } from "../src/funcs/repoApplyWrites.js";
import { repoCreateRecord } from "../src/funcs/repoCreateRecord.js";
import { repoDeleteRecord } from "../src/funcs/repoDeleteRecord.js";
import { repoDescribeRepo } from "../src/funcs/repoDescribeRepo.js";
import { repoGetRecord } from "../src/funcs/repoGetRecord.js";
import { repoListRecords } from "../src/funcs/repoListRecords.js";
import { repoUploadBlob } from "../src/funcs/repoUploadBlob.js";
import { serverCreateAccount } from "../src/funcs/serverCreateAccount.js";
import { serverCreateSession } from "../src/funcs/serverCreateSession.js";
import { serverGetSession } from "../src/funcs/serverGetSession.js";
import { serverRefreshSession } from "../src/funcs/serverRefreshSession.js";
import * as errors from "../src/models/errors/index.js";
import { operations } from "../src/operations/index.js";
import { always, type Fixture, json, PUT_OK, type Reply, serve } from "./_util.js";

let fx: Fixture;
afterEach(() => fx?.close());

/** Starts the fixture with `reply` and returns a client pointed at it. */
async function client(reply: Reply): Promise<BlueskyCore> {
  fx = await serve(reply);
  return new BlueskyCore({ serverURL: fx.url, bearer: "t" });
}
const SESSION = { accessJwt: "a", refreshJwt: "r", handle: "alice.test", did: "did:plc:alice" };
const BLOB = { $type: "blob", ref: { $link: "bafkreib" }, mimeType: "image/png", size: 3 };

describe("operations", () => {
  it("declares every query and procedure of the four namespaces once", () => {
    const ids = Object.keys(operations);
    // @atproto/api 0.19's lexicons: com.atproto 84, app.bsky 110, chat.bsky 39, tools.ozone 65.
    const count = (prefix: string) => ids.filter((id) => id.startsWith(prefix)).length;
    expect([count("com.atproto."), count("app.bsky."), count("chat.bsky."), count("tools.ozone.")]).toEqual([
      84, 110, 39, 65,
    ]);
    for (const [id, op] of Object.entries(operations)) expect(op.id).toBe(id);
  });

  it("createRecord posts the record; rkey is optional", async () => {
    const c = await client(always(200, PUT_OK));
    const res = await repoCreateRecord(c, {
      repo: "alice.test",
      collection: "app.bsky.feed.post",
      record: { text: "x" },
    });
    expect(res.ok).toBe(true);
    expect(fx.seen[0]!.path).toBe("/xrpc/com.atproto.repo.createRecord");
    expect(JSON.parse(fx.seen[0]!.body)).toEqual({
      repo: "alice.test",
      collection: "app.bsky.feed.post",
      record: { text: "x" },
    });
  });

  it("getRecord sends GET parameters and maps RecordNotFound to its 400 class", async () => {
    const c = await client((_req, res, n) =>
      n === 0
        ? json(res, 200, { uri: "at://did:plc:a/app.bsky.feed.post/k", cid: "bafyx", value: { text: "hi" } })
        : json(res, 400, { error: "RecordNotFound", message: "Could not locate record" }),
    );
    const req = { repo: "did:plc:a", collection: "app.bsky.feed.post", rkey: "k" } as const;
    const found = await repoGetRecord(c, req);
    expect(found.ok && found.value.value.text).toBe("hi");
    const seen = fx.seen[0]!;
    expect(seen.method).toBe("GET");
    expect(Object.fromEntries(seen.query)).toEqual(req);
    expect(seen.body).toBe("");
    const missing = await repoGetRecord(c, req);
    expect(missing.error).toBeInstanceOf(errors.ComAtprotoRepoGetRecordResponseBody);
    expect((missing.error as errors.ComAtprotoRepoGetRecordResponseBody).error).toBe("RecordNotFound");
  });

  it("deleteRecord posts and returns the optional commit", async () => {
    const c = await client(always(200, {}));
    const res = await repoDeleteRecord(c, {
      repo: "alice.test",
      collection: "app.bsky.feed.post",
      rkey: "k",
    });
    expect(res).toEqual({ ok: true, value: {} });
    expect(fx.seen[0]!.method).toBe("POST");
  });

  it("applyWrites posts the writes union", async () => {
    const results = [{ $type: "com.atproto.repo.applyWrites#deleteResult" }];
    const c = await client(always(200, { results }));
    const writes = [
      {
        $type: "com.atproto.repo.applyWrites#create" as const,
        collection: "app.bsky.feed.post",
        value: { text: "a" },
      },
      { $type: "com.atproto.repo.applyWrites#delete" as const, collection: "app.bsky.feed.post", rkey: "k" },
    ];
    const res = await repoApplyWrites(c, { repo: "alice.test", writes });
    expect(res.ok && res.value.results).toEqual(results);
    expect(JSON.parse(fx.seen[0]!.body).writes).toEqual(writes);
  });

  it("describeRepo is a GET with repo", async () => {
    const body = {
      handle: "alice.test",
      did: "did:plc:a",
      didDoc: {},
      collections: ["app.bsky.feed.post"],
      handleIsCorrect: true,
    };
    const c = await client(always(200, body));
    expect(await repoDescribeRepo(c, { repo: "alice.test" })).toEqual({ ok: true, value: body });
    expect(fx.seen[0]!.query.get("repo")).toBe("alice.test");
  });

  it("uploadBlob sends raw bytes with their content type, from every body kind", async () => {
    const c = await client(always(200, { blob: BLOB }));
    const bytes = new Uint8Array([1, 2, 3]);
    const stream = new ReadableStream<Uint8Array>({
      start(ctrl) {
        ctrl.enqueue(bytes);
        ctrl.close();
      },
    });
    const bodies = [
      { body: new Blob([bytes], { type: "image/png" }) },
      { body: bytes, contentType: "image/png" },
      { body: bytes.buffer, contentType: "image/png" },
      { body: stream, contentType: "image/png" },
    ];
    for (const request of bodies) expect((await repoUploadBlob(c, request)).ok).toBe(true);
    for (const seen of fx.seen) {
      expect(seen.headers["content-type"]).toBe("image/png");
      expect(Buffer.from(seen.body, "utf8")).toEqual(Buffer.from([1, 2, 3]));
    }
    const bad = await repoUploadBlob(c, { body: "text" as unknown as Blob });
    expect((bad.error as errors.SDKValidationError).field).toBe("body");
  });

  it("uploadBlob retries a stream body with the full bytes", async () => {
    const c = await client((_req, res, n) =>
      n === 0 ? json(res, 503, { error: "E" }) : json(res, 200, { blob: BLOB }),
    );
    const stream = new ReadableStream<Uint8Array>({
      start(ctrl) {
        ctrl.enqueue(new Uint8Array([1, 2]));
        ctrl.enqueue(new Uint8Array([3]));
        ctrl.close();
      },
    });
    const retries = { strategy: "backoff" as const, backoff: { initialInterval: 5 } };
    expect((await repoUploadBlob(c, { body: stream }, { retries })).ok).toBe(true);
    expect(fx.seen.map((s) => s.body.length)).toEqual([3, 3]);
    expect(fx.seen[1]!.headers["content-type"]).toBe("application/octet-stream");
  });

  it("createSession and createAccount post without auth", async () => {
    const c = await client(always(200, SESSION));
    expect((await serverCreateSession(c, { identifier: "alice.test", password: "pw" })).ok).toBe(true);
    expect((await serverCreateAccount(c, { handle: "alice.test", password: "pw" })).ok).toBe(true);
    expect(fx.seen.map((s) => [s.path, s.headers.authorization])).toEqual([
      ["/xrpc/com.atproto.server.createSession", undefined],
      ["/xrpc/com.atproto.server.createAccount", undefined],
    ]);
  });

  it("refreshSession posts no body; getSession needs no request", async () => {
    const c = await client((req, res) =>
      json(res, 200, req.path.endsWith("getSession") ? { handle: "alice.test", did: "did:plc:a" } : SESSION),
    );
    expect((await serverRefreshSession(c)).ok).toBe(true);
    expect((await serverGetSession(c)).ok).toBe(true);
    expect(fx.seen[0]).toMatchObject({ method: "POST", body: "" });
    expect(fx.seen[0]!.headers["content-type"]).toBeUndefined();
    expect(fx.seen[1]).toMatchObject({ method: "GET", path: "/xrpc/com.atproto.server.getSession" });
  });
});

describe("listRecords pagination", () => {
  const record = (i: number) => ({
    uri: `at://did:plc:a/app.bsky.feed.post/${i}`,
    cid: `bafy${i}`,
    value: { text: `${i}` },
  });
  // Three pages of two records; the cursor is the index of the next record.
  const pages: Reply = (req, res) => {
    const start = Number(req.query.get("cursor") ?? 0);
    const records = [start, start + 1].filter((i) => i < 6).map(record);
    json(res, 200, start + 2 < 6 ? { cursor: String(start + 2), records } : { records });
  };
  const request = { repo: "did:plc:a", collection: "app.bsky.feed.post", limit: 2 } as const;

  it("returns the first page with its cursor", async () => {
    const c = await client(pages);
    const res = await repoListRecords(c, request);
    expect(res.ok && res.value.records.map((r) => r.value.text)).toEqual(["0", "1"]);
    expect(res.ok && res.value.cursor).toBe("2");
    expect(fx.seen[0]!.query.get("limit")).toBe("2");
  });

  it("iterates pages with for await, and records across pages", async () => {
    const c = await client(pages);
    const first = await repoListRecords(c, request);
    if (!first.ok) throw first.error;
    const seenPages: number[] = [];
    for await (const page of first.value) seenPages.push(page.records.length);
    expect(seenPages).toEqual([2, 2, 2]);
    const texts: string[] = [];
    for await (const r of first.value.eachRecord()) texts.push(r.value.text as string);
    expect(texts).toEqual(["0", "1", "2", "3", "4", "5"]);
  });

  it("next() returns null after the last page", async () => {
    const c = await client(pages);
    const first = await repoListRecords(c, { ...request, cursor: "4" });
    expect(first.ok && (await first.value.next())).toEqual({ ok: true, value: null });
  });

  it("stops when a server repeats its cursor", async () => {
    const c = await client(always(200, { cursor: "same", records: [record(0)] }));
    const first = await repoListRecords(c, request);
    if (!first.ok) throw first.error;
    let pages = 0;
    for await (const _page of first.value) pages++;
    expect(pages).toBe(2);
  });

  it("throws the typed error when a later page fails", async () => {
    const c = await client((req, res) =>
      req.query.get("cursor")
        ? json(res, 500, { error: "Boom" })
        : json(res, 200, { cursor: "x", records: [record(0)] }),
    );
    const first = await repoListRecords(c, request);
    if (!first.ok) throw first.error;
    await expect(async () => {
      for await (const _ of first.value.eachRecord());
    }).rejects.toBeInstanceOf(errors.InternalServerError);
  });
});
