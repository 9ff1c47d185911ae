// The SDK's main paths in one program, run by runtime.test.ts under another Node version against a PDS
// it started: log in, write, read, page, upload a stream, read the firehose, log out. Prints one JSON
// line with what it saw.
import { Bluesky } from "../src/index.js";
import { type StreamMessage, subscribe } from "../src/lib/subscribe.js";

const [url, handle, password] = process.argv.slice(2) as [string, string, string];
const bluesky = new Bluesky({ serverURL: url });
const session = await bluesky.login({ identifier: handle, password });
const collection = "app.bsky.feed.post";
for (const rkey of ["3jzfcijpj2z2a", "3jzfcijpj2z2b", "3jzfcijpj2z2c"]) {
  const record = { $type: collection, text: rkey, createdAt: new Date().toISOString() } as const;
  await bluesky.repo.putRecord({ repo: session.did, collection, rkey, record });
}
const texts: string[] = [];
const first = await bluesky.repo.listRecords({ repo: session.did, collection, limit: 2 });
for await (const record of first.eachRecord()) texts.push(record.value.text);
const bytes = new Uint8Array(3000).fill(1);
const stream = new ReadableStream<Uint8Array>({
  start(controller) {
    controller.enqueue(bytes);
    controller.close();
  },
});
const { blob } = await bluesky.repo.uploadBlob({ body: stream, contentType: "image/png" });
const types: string[] = [];
for await (const message of subscribe<StreamMessage>(bluesky, "com.atproto.sync.subscribeRepos", {
  cursor: 0,
})) {
  types.push(message.$type);
  if (types.length === 3) break;
}
await bluesky.logout();
process.stdout.write(
  `${JSON.stringify({
    node: process.version,
    globalWebSocket: typeof globalThis.WebSocket === "function",
    texts: texts.sort(),
    blobSize: blob.size,
    types,
    loggedOut: bluesky.session === undefined,
  })}\n`,
);
