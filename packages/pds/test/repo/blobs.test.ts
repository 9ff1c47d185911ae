import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestAccount,
  startTestPds,
  type TestAccount,
  type TestPds,
  xrpc,
  xrpcBytes,
} from "../_util.js";

let pds: TestPds;
let alice: TestAccount;

beforeAll(async () => {
  pds = await startTestPds();
  alice = await createTestAccount(pds, "alice");
});
afterAll(() => pds.close());

/** A PNG signature followed by `n` distinct bytes: sniffed as image/png whatever is declared. */
function png(n: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(8 + n);
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  for (let i = 0; i < n; i++) bytes[8 + i] = (i * 31 + seed) & 0xff;
  return bytes;
}

async function upload(bytes: Uint8Array, type = "image/png") {
  const res = await fetch(`${pds.url}/xrpc/com.atproto.repo.uploadBlob`, {
    method: "POST",
    headers: { "content-type": type, authorization: `Bearer ${alice.accessJwt}` },
    body: bytes,
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { blob: { ref: { $link: string }; mimeType: string; size: number } }).blob;
}

const getBlob = (cid: string) => xrpcBytes(pds.url, "com.atproto.sync.getBlob", { did: alice.did, cid });
const write = (nsid: string, body: Record<string, unknown>) =>
  xrpc(pds.url, `com.atproto.repo.${nsid}`, { body: { repo: alice.did, ...body }, token: alice.accessJwt });
const withImage = (blob: unknown) => ({
  text: "pic",
  createdAt: new Date().toISOString(),
  embed: { $type: "app.bsky.embed.images", images: [{ image: blob, alt: "" }] },
});

describe("blobs", () => {
  it("serves an upload only once a record references it, with the same bytes", async () => {
    const bytes = png(1000, 1);
    const blob = await upload(bytes);
    expect(blob).toMatchObject({ mimeType: "image/png", size: bytes.length });
    expect((await getBlob(blob.ref.$link)).status).toBe(400);
    const res = await write("createRecord", {
      collection: "app.bsky.feed.post",
      record: withImage({ $type: "blob", ...blob }),
    });
    expect(res.status).toBe(200);
    const served = await getBlob(blob.ref.$link);
    expect(served.status).toBe(200);
    expect(served.headers.get("content-type")).toBe("image/png");
    // The reference's safety headers: a blob is downloaded, never sniffed, run or rendered in place.
    expect(served.headers.get("content-disposition")).toBe(`attachment; filename="${blob.ref.$link}"`);
    expect(served.headers.get("x-content-type-options")).toBe("nosniff");
    expect(served.headers.get("content-security-policy")).toBe("default-src 'none'; sandbox");
    expect(Buffer.from(served.bytes).equals(Buffer.from(bytes))).toBe(true);
  });

  it("corrects the declared type by sniffing, and accepts a duplicate upload", async () => {
    const bytes = png(100, 2);
    const first = await upload(bytes, "application/octet-stream");
    const second = await upload(bytes, "image/jpeg");
    expect(first.mimeType).toBe("image/png");
    expect(second).toEqual(first);
  });

  it("refuses refs to unknown blobs, and refs whose size or type differ from the upload", async () => {
    const blob = await upload(png(50, 3));
    const cases: [Record<string, unknown>, string][] = [
      [
        { ...blob, ref: { $link: "bafkreie5cvv4h45feadgeuwhbcutmh6t2ceseocckahdoe6uat64zmz454" } },
        "BlobNotFound",
      ],
      [{ ...blob, size: blob.size + 1 }, "InvalidSize"],
      [{ ...blob, mimeType: "image/jpeg" }, "InvalidMimeType"],
    ];
    for (const [ref, error] of cases) {
      const res = await write("createRecord", {
        collection: "com.example.pic",
        record: { img: { $type: "blob", ...ref } },
      });
      expect(res.status).toBe(400);
      expect(res.body.error).toBe(error);
    }
    expect((await getBlob(blob.ref.$link)).status).toBe(400);
  });

  it("links blobs in unknown record types, keeps them while referenced and deletes them after", async () => {
    const blob = await upload(png(70, 4));
    const ref = { $type: "blob", ...blob };
    await write("putRecord", { collection: "com.example.pic", rkey: "a", record: { img: ref } });
    await write("putRecord", { collection: "com.example.pic", rkey: "b", record: { img: ref } });
    await write("deleteRecord", { collection: "com.example.pic", rkey: "a" });
    expect((await getBlob(blob.ref.$link)).status).toBe(200);
    await write("putRecord", { collection: "com.example.pic", rkey: "b", record: { img: null } });
    expect((await getBlob(blob.ref.$link)).status).toBe(400);
  });
});

describe("blob constraints of known lexicons", () => {
  it("refuses an avatar over the profile's maxSize and leaves the upload temporary", async () => {
    const big = await upload(png(1_000_001, 5));
    const res = await write("putRecord", {
      collection: "app.bsky.actor.profile",
      rkey: "self",
      record: { avatar: { $type: "blob", ...big } },
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe("InvalidRequest");
    expect((await getBlob(big.ref.$link)).status).toBe(400);
    const unvalidated = await write("putRecord", {
      collection: "app.bsky.actor.profile",
      rkey: "self",
      validate: false,
      record: { avatar: { $type: "blob", ...big } },
    });
    expect(unvalidated.status).toBe(200);
  });

  it("refuses a type the field does not accept", async () => {
    const bytes = new TextEncoder().encode("plain text, not an image");
    const text = await upload(bytes, "text/plain");
    const res = await write("createRecord", {
      collection: "app.bsky.feed.post",
      record: withImage({ $type: "blob", ...text }),
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe("InvalidRequest");
  });
});

describe("legacy profile blob refs", () => {
  it("upgrades a legacy avatar ref to a typed blob ref when updating a profile", async () => {
    const blob = await upload(png(300, 6));
    await write("putRecord", {
      collection: "app.bsky.actor.profile",
      rkey: "self",
      record: { displayName: "A" },
    });
    const res = await write("putRecord", {
      collection: "app.bsky.actor.profile",
      rkey: "self",
      record: { displayName: "A", avatar: { cid: blob.ref.$link, mimeType: "image/png" } },
    });
    expect(res.status).toBe(200);
    const got = await xrpc(pds.url, "com.atproto.repo.getRecord", {
      params: { repo: alice.did, collection: "app.bsky.actor.profile", rkey: "self" },
    });
    expect(got.body.value.avatar).toEqual({ $type: "blob", ...blob });
  });
});
