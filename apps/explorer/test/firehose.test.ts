import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeErrorFrame } from "../../../packages/pds/src/sequencer/events.js";
import { frameOf } from "../../../packages/pds/src/sequencer/frames.js";
import {
  createTestAccount,
  putRecord,
  startTestPds,
  type TestPds,
} from "../../../packages/pds/test/_util.js";
import { decodeFrame, FrameDecodeError, firehoseUrl } from "../src/lib/firehose.js";

// The page's decoder against the frames our PDS really sends (same encoder as its WebSocket).
describe("decodeFrame", () => {
  let pds: TestPds;
  beforeAll(async () => {
    pds = await startTestPds();
  });
  afterAll(() => pds.close());

  it("decodes a #commit frame to repo, rev, time and ops (action, path, cid)", async () => {
    const alice = await createTestAccount(pds, "alice");
    const record = { $type: "com.example.note", text: "hi" };
    const put = await putRecord(pds, alice, "com.example.note", "one", record);
    const events = pds.ctx.sequencer.after(0, 100);
    const frames = events.map((evt) => decodeFrame(frameOf(evt)));
    const commits = frames.flatMap((f) => (f.kind === "commit" ? [f.commit] : []));
    const last = commits.at(-1)!;
    expect(last.repo).toBe(alice.did);
    expect(last.rev).toBe(put.body.commit.rev);
    expect(Number.isNaN(Date.parse(last.time))).toBe(false);
    expect(last.ops).toEqual([{ action: "create", path: "com.example.note/one", cid: put.body.cid }]);
    // Account creation sequences #identity and #account too; the feed skips them by type.
    expect(frames.some((f) => f.kind === "other" && f.type === "#identity")).toBe(true);
  });

  it("decodes an error frame, and refuses bytes that are no frame", () => {
    expect(decodeFrame(encodeErrorFrame("FutureCursor", "Cursor in the future."))).toEqual({
      kind: "error",
      error: "FutureCursor",
      message: "Cursor in the future.",
    });
    expect(() => decodeFrame(new Uint8Array([0xff]))).toThrow(FrameDecodeError);
  });

  it("builds the firehose URL of the serving origin, ws or wss, with an optional cursor", () => {
    const at = (href: string) => new URL(href) as unknown as Location;
    expect(firehoseUrl(at("http://localhost:2583/"))).toBe(
      "ws://localhost:2583/xrpc/com.atproto.sync.subscribeRepos",
    );
    expect(firehoseUrl(at("https://pds.example/"), 42)).toBe(
      "wss://pds.example/xrpc/com.atproto.sync.subscribeRepos?cursor=42",
    );
  });
});
