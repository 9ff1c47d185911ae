// The HTTP edge against hostile or unusual input (issue 13, findings 5, 6, 11 and 12), on a real server:
// what the conformance table (conformance/input-cases.ts) cannot see from outside, such as the process
// never reaching its uncaught-exception handler, prototypes left alone, and bytes stored exactly.
import { gzipSync } from "node:zlib";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createTestAccount, startTestPds, type TestAccount, type TestPds, xrpc, xrpcBytes } from "./_util.js";
import { rawXrpc } from "./conformance/raw-http.js";

let pds: TestPds;
let alice: TestAccount;
const escaped: unknown[] = [];
const onEscape = (err: unknown) => escaped.push(err);

beforeAll(async () => {
  pds = await startTestPds();
  alice = await createTestAccount(pds, "alice");
  process.on("uncaughtException", onEscape);
});
afterAll(async () => {
  process.off("uncaughtException", onEscape);
  await pds.close();
});
afterEach(() => {
  expect(escaped.splice(0), "an exception escaped to the process").toEqual([]);
});

const auth = () => ({ authorization: `Bearer ${alice.accessJwt}`, "content-type": "application/json" });
/** Alice's token, a media type and a Content-Encoding, for a coded body. */
const coded = (contentType: string, coding: string) => ({
  authorization: `Bearer ${alice.accessJwt}`,
  "content-type": contentType,
  "content-encoding": coding,
});
const putBody = (rkey: string, record: unknown) =>
  JSON.stringify({ repo: alice.did, collection: "com.example.note", rkey, record });
const getValue = async (rkey: string) =>
  (
    await xrpc(pds.url, "com.atproto.repo.getRecord", {
      params: { repo: alice.did, collection: "com.example.note", rkey },
    })
  ).body.value;

/** Lets 'finish' and 'close' handlers of the answered request run before the test looks. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

describe("body limits", () => {
  // Finding 5: the 413 used to destroy the socket mid-body, and the request logger then read
  // `req.socket.remoteAddress` of null in its 'finish' handler: an uncaught TypeError.
  it("answers an over-limit chunked body with 413, closes, and nothing escapes to the process", async () => {
    const res = await rawXrpc(pds.url, "com.atproto.repo.putRecord", {
      headers: auth(),
      chunked: true,
      body: putBody("big", { text: "x".repeat(2_000_000) }),
    });
    expect([res.status, (res.body as { error: string }).error]).toEqual([413, "PayloadTooLargeError"]);
    expect(res.headers.connection).toBe("close");
    await settle();
    expect((await xrpc(pds.url, "_health")).status).toBe(200);
  });

  it("measures a compressed body after inflation: a 2 MB gzip bomb is refused, a small one accepted", async () => {
    const bomb = gzipSync(putBody("bomb", { text: "x".repeat(2_000_000) }));
    expect(bomb.length).toBeLessThan(10_000);
    const headers = { ...auth(), "content-encoding": "gzip" };
    const refused = await rawXrpc(pds.url, "com.atproto.repo.putRecord", { headers, body: bomb });
    expect(refused.status).toBe(413);
    const text = "é".repeat(1000);
    const ok = await rawXrpc(pds.url, "com.atproto.repo.putRecord", {
      headers,
      body: gzipSync(putBody("gz", { text })),
    });
    expect(ok.status).toBe(200);
    expect(await getValue("gz")).toEqual({ $type: "com.example.note", text });
    await settle();
  });

  it("refuses unknown codings with 415, including names an object literal would inherit", async () => {
    for (const coding of ["xyz", "constructor", "__proto__", "gzip, toString"]) {
      const res = await rawXrpc(pds.url, "com.atproto.repo.uploadBlob", {
        headers: coded("text/plain", coding),
        body: "bytes",
      });
      expect([coding, res.status]).toEqual([coding, 415]);
    }
  });

  // Found by the fuzz test: with two codings, an error in the first decoder was not passed down the
  // pipe, so a streamed body (importRepo) waited on the last decoder forever and nothing answered.
  it("answers a streamed body whose first of two codings is undecodable with 400", async () => {
    for (const coding of ["gzip, br", "br, gzip", "deflate, gzip, br"]) {
      const res = await rawXrpc(pds.url, "com.atproto.repo.importRepo", {
        headers: coded("application/vnd.ipld.car", coding),
        body: "not coded at all",
      });
      expect([coding, res.status, (res.body as { error: string }).error]).toEqual([
        coding,
        400,
        "InvalidRequest",
      ]);
    }
  });

  it("stores a gzip-coded blob upload as its inflated bytes", async () => {
    const bytes = Buffer.from("inflate me, please ".repeat(50));
    const up = await rawXrpc(pds.url, "com.atproto.repo.uploadBlob", {
      headers: coded("text/plain", "gzip"),
      body: gzipSync(bytes),
    });
    expect(up.status).toBe(200);
    const blob = (up.body as { blob: { ref: { $link: string }; size: number } }).blob;
    expect(blob.size).toBe(bytes.length);
    const put = await rawXrpc(pds.url, "com.atproto.repo.putRecord", {
      headers: auth(),
      body: putBody("with-blob", { f: blob }),
    });
    expect(put.status).toBe(200);
    const served = await xrpcBytes(pds.url, "com.atproto.sync.getBlob", {
      did: alice.did,
      cid: blob.ref.$link,
    });
    expect(Buffer.from(served.bytes)).toEqual(bytes);
  });
});

describe("data kept exactly", () => {
  // Finding 6: the CBOR decoder's TextDecoder dropped a leading U+FEFF on read.
  it("round-trips a leading U+FEFF in strings, and keys '\\ufeffa' and 'a' side by side", async () => {
    const record = { $type: "com.example.note", text: "\ufeffhello", "\ufeffa": 1, a: 2, list: ["\ufeff"] };
    const res = await rawXrpc(pds.url, "com.atproto.repo.putRecord", {
      headers: auth(),
      body: putBody("bom", record),
    });
    expect(res.status).toBe(200);
    const value = await getValue("bom");
    expect(value).toEqual(record);
    expect(Object.keys(value)).toHaveLength(5);
  });

  it("keeps `__proto__` keys as data and never touches a prototype", async () => {
    const body = `{"repo":"${alice.did}","collection":"com.example.note","rkey":"proto","record":{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}}`;
    const res = await rawXrpc(pds.url, "com.atproto.repo.putRecord", { headers: auth(), body });
    expect(res.status).toBe(200);
    const value = await getValue("proto");
    expect(Object.keys(value).sort()).toEqual(["$type", "__proto__", "constructor"]);
    expect(Object.getOwnPropertyDescriptor(value, "__proto__")?.value).toEqual({ polluted: true });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty("polluted");
  });

  // Finding 11: a lone surrogate was written as U+FFFD. Refused, in records and in any other body.
  it("refuses lone surrogates with a clear 400, in a record and in an account body", async () => {
    const body = `{"repo":"${alice.did}","collection":"com.example.note","rkey":"lone","record":{"text":"a\\ud800b"}}`;
    const res = await rawXrpc(pds.url, "com.atproto.repo.putRecord", { headers: auth(), body });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      error: "InvalidRequest",
      message: expect.stringMatching(/lone surrogate/),
    });
    const signUp = await rawXrpc(pds.url, "com.atproto.server.createAccount", {
      headers: { "content-type": "application/json" },
      body: '{"handle":"lone.test","email":"lone@example.com","password":"pass\\udfffword"}',
    });
    expect(signUp.status).toBe(400);
    // A pair is one character, not a lone surrogate.
    const pair = await rawXrpc(pds.url, "com.atproto.repo.putRecord", {
      headers: auth(),
      body: `{"repo":"${alice.did}","collection":"com.example.note","rkey":"pair","record":{"text":"\\ud83d\\ude00"}}`,
    });
    expect(pair.status).toBe(200);
    expect((await getValue("pair")).text).toBe("😀");
  });
});

describe("malformed requests are 400s, never 500s", () => {
  // Finding 11: the error message stringified the whole (50,000-deep) body and threw RangeError.
  it("answers a deeply nested top-level body with 400 on every JSON procedure", async () => {
    const deep = `${"[".repeat(50_000)}${"]".repeat(50_000)}`;
    for (const nsid of [
      "com.atproto.repo.putRecord",
      "com.atproto.repo.createRecord",
      "com.atproto.repo.applyWrites",
      "com.atproto.repo.deleteRecord",
      "com.atproto.server.createSession",
    ]) {
      const res = await rawXrpc(pds.url, nsid, { headers: auth(), body: deep });
      expect([nsid, res.status], JSON.stringify(res.body)).toEqual([nsid, 400]);
    }
  });

  // As the reference reads it, a declared but empty body is `{}`: the answer names the missing key.
  it("answers an empty JSON body with the input's own message, not 'a body is expected'", async () => {
    for (const body of ["", Buffer.from([0xef, 0xbb, 0xbf])]) {
      const res = await rawXrpc(pds.url, "com.atproto.repo.createRecord", { headers: auth(), body });
      expect([res.status, res.body]).toEqual([
        400,
        { error: "InvalidRequest", message: 'Missing required key "repo" at $' },
      ]);
    }
  });

  // Finding 11: an rkey no repo can hold went on to the proof and failed there with a 500.
  it("answers sync.getRecord with an invalid record path with 400 InvalidRequest", async () => {
    for (const [collection, rkey] of [
      ["com.example.note", "a b"],
      ["com.example.note", ".."],
      ["not an nsid", "k"],
      ["a/b", "k"],
    ]) {
      const res = await xrpc(pds.url, "com.atproto.sync.getRecord", {
        params: { did: alice.did, collection, rkey },
      });
      expect([res.status, res.body?.error], `${collection} ${rkey}`).toEqual([400, "InvalidRequest"]);
    }
  });
});
