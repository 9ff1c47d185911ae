// Shutting down with firehose subscribers connected: upgraded sockets are no longer the HTTP server's to
// close, yet its close waited for them, so `pds.close()` never resolved while anyone was subscribed.
// Now each subscriber gets a close frame (1001), and one that does not answer it is cut off shortly after.
import { connect, type Socket } from "node:net";
import { expect, it } from "vitest";
import { WebSocket } from "ws";
import { createTestAccount, putRecord, startTestPds } from "../_util.js";
import { firehoseUrl } from "./_firehose.js";

/** A subscriber that completes the upgrade and then never reads again, nor answers a close frame. */
async function stalledSubscriber(url: string): Promise<{ socket: Socket; closed: Promise<void> }> {
  const { port } = new URL(url);
  const socket = connect(Number(port), "127.0.0.1");
  socket.on("error", () => {});
  const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
  await new Promise((resolve) => socket.once("connect", resolve));
  socket.write(
    "GET /xrpc/com.atproto.sync.subscribeRepos?cursor=0 HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n" +
      "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
  );
  await new Promise((resolve) => socket.once("data", resolve)); // the 101 (and maybe some frames)
  socket.pause();
  return { socket, closed };
}

it("close() ends live and stalled subscriptions and resolves", { timeout: 30_000 }, async () => {
  const pds = await startTestPds();
  const alice = await createTestAccount(pds, "alice");
  for (let i = 0; i < 5; i++) await putRecord(pds, alice, "com.example.note", `r${i}`, { text: "x" });

  const live = new WebSocket(firehoseUrl(pds));
  const liveClosed = new Promise<number>((resolve) => live.once("close", (code) => resolve(code)));
  await new Promise((resolve) => live.once("open", resolve));
  const stalled = await stalledSubscriber(pds.url);

  // Before, this never resolved: the test timed out here.
  await pds.close();
  expect(await liveClosed).toBe(1001);
  stalled.socket.resume(); // its end is queued behind the frames it never read
  await stalled.closed;
});
