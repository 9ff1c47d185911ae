import { BlueskyCore } from "bluesky/core.js";
import { repoPutRecord } from "bluesky/funcs/repoPutRecord.js";

// Use `BlueskyCore` for best tree-shaking performance.
// You can create one instance of it to use across an application.
const bluesky = new BlueskyCore({
  bearer: process.env["BLUESKY_BEARER"] ?? "",
});

async function run() {
  const res = await repoPutRecord(bluesky, {
    repo: "dev.test",
    collection: "app.bsky.feed.post",
    rkey: "3l6z3vxq4ek2a",
    record: {
      $type: "app.bsky.feed.post",
      text: "Written by examples/putRecord-standalone.ts",
      createdAt: "2026-11-27T12:00:00.000Z",
    },
  });

  if (!res.ok) {
    throw res.error;
  }

  const { value: result } = res;

  // Handle the result
  console.log(result);
}

run();
