// uploadBlob with a ReadableStream body when the session must refresh first: the stream is read once,
// so the attempt after the refresh needs the bytes kept (bug 6b), or a clear error past the limit.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BlueskyCore } from "../src/core.js";
import { repoUploadBlob } from "../src/funcs/repoUploadBlob.js";
import { bufferStream, REPLAYABLE_STREAM_LIMIT } from "../src/lib/body.js";
import { resumeSession } from "../src/lib/session.js";
import * as errors from "../src/models/errors/index.js";
import { createAccount, expiredAccessToken, type LocalPds, startLocalPds, stopLocalPds } from "./_pds.js";
import { json, serve } from "./_util.js";

function streamOf(bytes: Uint8Array, chunk = 1000): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(offset, offset + chunk));
      offset += chunk;
    },
  });
}

let pds: LocalPds;
beforeAll(async () => {
  pds = await startLocalPds();
});
afterAll(() => stopLocalPds(pds));

describe("uploadBlob with a stream body", () => {
  it("sends the whole stream again after the session refreshes an expired token", async () => {
    const alice = await createAccount(pds.url, "upload-alice");
    const client = new BlueskyCore({ serverURL: pds.url });
    const updates: string[] = [];
    resumeSession(client, { ...alice, accessJwt: expiredAccessToken(pds, alice.did) }, (s) =>
      updates.push(s.accessJwt),
    );
    const bytes = new Uint8Array(5000).map((_, i) => i % 251);
    const res = await repoUploadBlob(client, { body: streamOf(bytes), contentType: "image/png" });
    expect(res.error).toBeUndefined();
    expect(res.value?.blob).toMatchObject({ mimeType: "image/png", size: 5000 });
    expect(updates).toHaveLength(1);
  });

  it("refuses clearly, without a second request, when the stream was too long to keep", async () => {
    let seen = 0;
    let received = 0;
    const fx = await serve((req, res) => {
      seen++;
      received += req.body.length;
      if (req.path.endsWith("refreshSession")) {
        return json(res, 200, { accessJwt: "a2", refreshJwt: "r2", handle: "x.test", did: "did:plc:x" });
      }
      json(res, 400, { error: "ExpiredToken", message: "Token has expired" });
    });
    try {
      const client = new BlueskyCore({ serverURL: fx.url });
      resumeSession(client, { accessJwt: "a1", refreshJwt: "r1", handle: "x.test", did: "did:plc:x" });
      const size = REPLAYABLE_STREAM_LIMIT + 1024;
      const res = await repoUploadBlob(client, { body: streamOf(new Uint8Array(size), 1 << 20) });
      expect(res.error).toBeInstanceOf(errors.InvalidRequestError);
      expect(res.error?.message).toMatch(/stream body over the replay limit/);
      // The upload, then the refresh; never a second upload with an empty body.
      expect(seen).toBe(2);
      expect(received).toBe(size);
    } finally {
      await fx.close();
    }
  });

  it("keeps a stream within the limit as bytes, and passes a longer one through unchanged", async () => {
    const small = await bufferStream(streamOf(new Uint8Array(3000).fill(7)), 4096);
    expect(small).toBeInstanceOf(Blob);
    expect((small as Blob).size).toBe(3000);
    const big = await bufferStream(streamOf(new Uint8Array(9000).map((_, i) => i % 256)), 4096);
    expect(big).toBeInstanceOf(ReadableStream);
    const back = new Uint8Array(await new Response(big as ReadableStream).arrayBuffer());
    expect(back).toEqual(new Uint8Array(9000).map((_, i) => i % 256));
  });
});
