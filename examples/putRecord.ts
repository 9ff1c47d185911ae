import { Bluesky } from "bluesky";

const bluesky = new Bluesky({
  bearer: process.env["BLUESKY_BEARER"] ?? "",
});

async function run() {
  const result = await bluesky.repo.putRecord({
    repo: "dev.test",
    collection: "app.bsky.actor.profile",
    rkey: "self",
    record: {
      $type: "app.bsky.actor.profile",
      displayName: "Dev",
      description: "Written by examples/putRecord.ts",
    },
  });

  // Handle the result
  console.log(result);
}

run();
