// @vitest-environment happy-dom
// Issue 5.1: the API page's React snippet, examples/putRecord-react.tsx as written, rendered with a real
// QueryClient against a PDS started through `npm start`'s code path; the click must land a signed commit.

import { verifyRecords } from "@atproto/repo";
import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterAll, beforeAll, expect, test } from "vitest";
import { xrpc } from "../../peers/target.js";
import {
  accessToken,
  latestCommit,
  type NpmStartPds,
  START_TIMEOUT_MS,
  signingKeyOf,
  startNpmStartPds,
  syncBytes,
} from "./_util.js";

const COLLECTION = "app.bsky.feed.post";
const RKEY = "3l6z3vxq4ek2b";

let pds: NpmStartPds;

beforeAll(async () => {
  pds = await startNpmStartPds();
  // What a shell would export before starting the app; the example reads both when it is loaded.
  process.env.BLUESKY_BEARER = await accessToken(pds, pds.dev.handle, pds.dev.password);
  process.env.BLUESKY_SERVER_URL = pds.url;
}, START_TIMEOUT_MS);
afterAll(async () => {
  cleanup();
  delete process.env.BLUESKY_BEARER;
  delete process.env.BLUESKY_SERVER_URL;
  await pds?.stop();
});

test("examples/putRecord-react.tsx: the button's mutation stores the record in a new signed commit", async () => {
  const { App } = await import("../../examples/putRecord-react.js");
  const before = await latestCommit(pds, pds.dev.did);

  render(<App />);
  fireEvent.click(screen.getByRole("button", { name: "Post" }));

  const uri = `at://${pds.dev.did}/${COLLECTION}/${RKEY}`;
  expect(await screen.findByText(`Saved ${uri}`, {}, { timeout: 10_000 })).toBeTruthy();
  const after = await latestCommit(pds, pds.dev.did);
  expect(after.cid).not.toBe(before.cid);
  expect(after.rev > before.rev).toBe(true);

  const got = await xrpc<{ value: Record<string, unknown> }>(pds, "com.atproto.repo.getRecord", {
    params: { repo: pds.dev.did, collection: COLLECTION, rkey: RKEY },
  });
  expect(got.value).toMatchObject({ $type: COLLECTION, text: "Written by examples/putRecord-react.tsx" });
  const proof = await syncBytes(pds, "com.atproto.sync.getRecord", {
    did: pds.dev.did,
    collection: COLLECTION,
    rkey: RKEY,
  });
  const records = await verifyRecords(proof, pds.dev.did, await signingKeyOf(pds, pds.dev.did));
  expect(records.find((r) => r.rkey === RKEY)?.record).toEqual(got.value);
});
