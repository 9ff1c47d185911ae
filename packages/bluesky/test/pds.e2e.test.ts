// The SDK against the PDS of this repository, over loopback: the page's example, unchanged, with only
// BLUESKY_SERVER_URL and BLUESKY_BEARER set. Imported by path: the PDS is a private workspace package and
// only these tests use it.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type RunningPds, startPds } from "../../pds/src/index.js";
import { Bluesky, errors } from "../src/index.js";

let pds: RunningPds;
let dataDirectory: string;
beforeAll(async () => {
  dataDirectory = mkdtempSync(join(tmpdir(), "bluesky-e2e-"));
  pds = await startPds(
    {
      port: 0,
      hostname: "localhost",
      bindHost: "127.0.0.1",
      dataDirectory,
      loginDelayMs: 0,
      inviteRequired: false,
    },
    { logLevel: process.env.E2E_LOG ?? "silent" },
  );
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await pds?.close();
  rmSync(dataDirectory, { recursive: true, force: true });
});

describe("against the local PDS", () => {
  it("creates an account, logs in, and writes, reads, lists and deletes records", async () => {
    const bluesky = new Bluesky({ serverURL: pds.url });
    const account = await bluesky.server.createAccount({
      handle: "alice.test",
      email: "alice@example.com",
      password: "alice-pass",
    });
    const session = await bluesky.login({ identifier: "alice.test", password: "alice-pass" });
    expect(session.did).toBe(account.did);
    expect((await bluesky.server.getSession()).handle).toBe("alice.test");

    const collection = "app.bsky.feed.post";
    const record = { $type: collection, text: "hello", createdAt: new Date().toISOString() } as const;
    const put = await bluesky.repo.putRecord({
      repo: account.did,
      collection,
      rkey: "3jzfcijpj2z2b",
      record,
      swapRecord: null,
    });
    expect(put.uri).toBe(`at://${account.did}/${collection}/3jzfcijpj2z2b`);
    // swapRecord: null says "must not exist yet"; a changed record (an identical one is a no-op) now fails.
    const swapFailed = await bluesky.repo
      .putRecord({
        repo: account.did,
        collection,
        rkey: "3jzfcijpj2z2b",
        record: { ...record, text: "again" },
        swapRecord: null,
      })
      .catch((e: unknown) => e);
    expect(swapFailed).toBeInstanceOf(errors.ComAtprotoRepoPutRecordResponseBody);
    expect((swapFailed as errors.ComAtprotoRepoPutRecordResponseBody).error).toBe("InvalidSwap");

    await bluesky.repo.createRecord({ repo: account.did, collection, record: { ...record, text: "two" } });
    const got = await bluesky.repo.getRecord({ repo: account.did, collection, rkey: "3jzfcijpj2z2b" });
    expect(got.value.text).toBe("hello");
    const texts: string[] = [];
    const first = await bluesky.repo.listRecords({ repo: account.did, collection, limit: 1 });
    for await (const r of first.eachRecord()) texts.push(r.value.text);
    expect(texts.sort()).toEqual(["hello", "two"]);
    expect((await bluesky.repo.describeRepo({ repo: account.did })).collections).toContain(collection);

    const applied = await bluesky.repo.applyWrites({
      repo: account.did,
      writes: [
        { $type: "com.atproto.repo.applyWrites#create", collection, value: { ...record, text: "three" } },
      ],
    });
    expect(applied.results?.[0]?.$type).toBe("com.atproto.repo.applyWrites#createResult");
    const { blob } = await bluesky.repo.uploadBlob({
      body: new Uint8Array([137, 80, 78, 71]),
      contentType: "image/png",
    });
    expect(blob).toMatchObject({ mimeType: "image/png", size: 4 });

    await bluesky.repo.deleteRecord({ repo: account.did, collection, rkey: "3jzfcijpj2z2b" });
    const missing = await bluesky.repo
      .getRecord({ repo: account.did, collection, rkey: "3jzfcijpj2z2b" })
      .catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(errors.ComAtprotoRepoGetRecordResponseBody);
    expect((missing as errors.ComAtprotoRepoGetRecordResponseBody).error).toBe("RecordNotFound");
  });

  it("runs the page's class example unchanged with BLUESKY_SERVER_URL and BLUESKY_BEARER", async () => {
    const login = await new Bluesky({ serverURL: pds.url }).server.createAccount({
      handle: "bob.test",
      email: "bob@example.com",
      password: "bob-pass",
    });
    vi.stubEnv("BLUESKY_SERVER_URL", pds.url);
    vi.stubEnv("BLUESKY_BEARER", login.accessJwt);

    const bluesky = new Bluesky({
      bearer: process.env["BLUESKY_BEARER"] ?? "",
    });
    const result = await bluesky.repo.putRecord({
      repo: login.did,
      collection: "app.bsky.feed.post",
      rkey: "3jzfcijpj2z2a",
      record: { $type: "app.bsky.feed.post", text: "hello", createdAt: new Date().toISOString() },
    });
    expect(result.uri).toBe(`at://${login.did}/app.bsky.feed.post/3jzfcijpj2z2a`);
    expect(result.commit?.rev).toBeTypeOf("string");
  });
});
