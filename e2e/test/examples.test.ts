// Issue 5.1: the API page's class and standalone-function snippets, as written in examples/, run as
// programs against a PDS started through `npm start`'s code path, with only BLUESKY_BEARER and
// BLUESKY_SERVER_URL set. The React snippet is examples-react.test.tsx.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { verifyRecords } from "@atproto/repo";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { xrpc } from "../../peers/target.js";
import {
  accessToken,
  latestCommit,
  type NpmStartPds,
  ROOT,
  START_TIMEOUT_MS,
  signingKeyOf,
  startNpmStartPds,
  syncBytes,
  TS_NODE_FLAGS,
} from "./_util.js";

const run = promisify(execFile);

let pds: NpmStartPds;
let bearer: string;

beforeAll(async () => {
  pds = await startNpmStartPds();
  bearer = await accessToken(pds, pds.dev.handle, pds.dev.password);
}, START_TIMEOUT_MS);
afterAll(() => pds?.stop());

describe.each([
  { file: "examples/putRecord.ts", collection: "app.bsky.actor.profile", rkey: "self" },
  { file: "examples/putRecord-standalone.ts", collection: "app.bsky.feed.post", rkey: "3l6z3vxq4ek2a" },
])("$file", ({ file, collection, rkey }) => {
  test("stores the record, signed into a new commit, readable with getRecord", async () => {
    const before = await latestCommit(pds, pds.dev.did);

    const { stdout } = await run(process.execPath, [...TS_NODE_FLAGS, file], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, BLUESKY_BEARER: bearer, BLUESKY_SERVER_URL: pds.url },
      timeout: 60_000,
    });

    // The snippet logs the result object; its uri and commit say what the server did.
    const uri = `at://${pds.dev.did}/${collection}/${rkey}`;
    expect(stdout).toContain(`uri: '${uri}'`);
    const printedCommit = /commit: \{\s*cid: '([^']+)'/.exec(stdout)?.[1];
    const after = await latestCommit(pds, pds.dev.did);
    expect(after.cid).not.toBe(before.cid);
    expect(after.rev > before.rev).toBe(true);
    expect(printedCommit).toBe(after.cid);

    const got = await xrpc<{ uri: string; value: Record<string, unknown> }>(
      pds,
      "com.atproto.repo.getRecord",
      {
        params: { repo: pds.dev.handle, collection, rkey },
      },
    );
    expect(got.uri).toBe(uri);
    expect(got.value.$type).toBe(collection);
    expect(JSON.stringify(got.value)).toContain(`Written by ${file}`);

    // The reference verifies the record's proof against the key in the account's DID document.
    const proof = await syncBytes(pds, "com.atproto.sync.getRecord", { did: pds.dev.did, collection, rkey });
    const records = await verifyRecords(proof, pds.dev.did, await signingKeyOf(pds, pds.dev.did));
    expect(records.find((r) => r.collection === collection && r.rkey === rkey)?.record).toEqual(got.value);
  }, 90_000);
});
