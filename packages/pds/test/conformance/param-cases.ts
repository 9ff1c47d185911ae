// Cross-server conformance cases for query parameters in the wrong format and for empty JSON bodies:
// each read method checks its parameters' lexicon formats before any lookup (a malformed DID is a bad
// request, not a repo that is not found), describeRepo answers for active repos only (as the sync
// methods), and a declared but empty body reads as `{}`. They run with
// the input cases (input-cases.ts spreads them in), so docs/differences.md's input table covers them.
import { type Account, createAccount } from "../../../../peers/target.js";
import type { CaseContext, ConformanceCase } from "./cases.js";
import { aliceRaw, BAD, NOTE, OK, STRANGER_BLOB } from "./input-requests.js";
import { type RawResponse, rawXrpc } from "./raw-http.js";

/** A GET of `nsid` with `params(ctx)` (no credentials: every method here is public). */
function query(
  name: string,
  nsid: string,
  params: (ctx: CaseContext) => Record<string, string>,
  expect = BAD,
): ConformanceCase {
  return { name, expect, run: (ctx) => rawXrpc(ctx.target.url, nsid, { params: params(ctx) }) };
}

/** A fresh account deactivated by a deactivateAccount with `body` (the answer is `res`). */
async function deactivate(ctx: CaseContext, body: string): Promise<{ account: Account; res: RawResponse }> {
  const account = await createAccount(ctx.target);
  const res = await rawXrpc(ctx.target.url, "com.atproto.server.deactivateAccount", {
    headers: { "content-type": "application/json", authorization: `Bearer ${account.accessJwt}` },
    body,
  });
  return { account, res };
}

const SYNC = "com.atproto.sync";
const UNHOSTED_DID = "did:plc:aaaaaaaaaaaaaaaaaaaaaaaa";
const NOT_FOUND = { status: 400, error: "RepoNotFound" };
const REPO = "com.atproto.repo";

/** Every parameter and empty-body case, in the order they run (none writes to alice's or bob's repo). */
export const PARAM_CASES: ConformanceCase[] = [
  query("params.listRecords.bad-collection", `${REPO}.listRecords`, (c) => ({
    repo: c.alice.did,
    collection: "not an nsid",
  })),
  query("params.listRecords.one-segment-collection", `${REPO}.listRecords`, (c) => ({
    repo: c.alice.did,
    collection: "com.example",
  })),
  query("params.listRecords.bad-repo", `${REPO}.listRecords`, () => ({
    repo: "not a did",
    collection: NOTE,
  })),
  query("params.describeRepo.bad-repo", `${REPO}.describeRepo`, () => ({ repo: "did:bad" })),
  query(
    "params.describeRepo.unknown-repo",
    `${REPO}.describeRepo`,
    () => ({ repo: UNHOSTED_DID }),
    NOT_FOUND,
  ),
  {
    name: "params.describeRepo.deactivated",
    expect: { status: 400, error: "RepoDeactivated" },
    run: async (ctx) => {
      const { account } = await deactivate(ctx, "{}");
      return rawXrpc(ctx.target.url, `${REPO}.describeRepo`, { params: { repo: account.did } });
    },
  },
  query("params.getRecord.bad-cid", `${REPO}.getRecord`, (c) => ({
    repo: c.alice.did,
    collection: NOTE,
    rkey: "k",
    cid: "notacid",
  })),
  query("params.sync.getRepo.bad-did", `${SYNC}.getRepo`, () => ({ did: "not a did" })),
  query("params.sync.getRepo.bad-since", `${SYNC}.getRepo`, (c) => ({ did: c.alice.did, since: "notatid" })),
  query("params.sync.getLatestCommit.bad-did", `${SYNC}.getLatestCommit`, () => ({ did: "did:bad" })),
  query("params.sync.getRepoStatus.bad-did", `${SYNC}.getRepoStatus`, () => ({ did: "alice.test" })),
  query("params.sync.getBlob.bad-did", `${SYNC}.getBlob`, () => ({ did: "not a did", cid: STRANGER_BLOB })),
  query("params.sync.getBlob.bad-cid", `${SYNC}.getBlob`, (c) => ({ did: c.alice.did, cid: "notacid" })),
  query("params.sync.getRecord.bad-did", `${SYNC}.getRecord`, () => ({
    did: "not a did",
    collection: NOTE,
    rkey: "k",
  })),
  {
    ...query("params.sync.getBlob.unknown-blob", `${SYNC}.getBlob`, (c) => ({
      did: c.alice.did,
      cid: STRANGER_BLOB,
    })),
    differs: {
      ours: { status: 400, error: "BlobNotFound" },
      reason: "the lexicon's name for it; the reference answers InvalidRequest (`Blob not found`)",
    },
  },
  // An empty body is `{}`: the input's checks name the missing key (a BOM or gzip around nothing too).
  { name: "body.empty", expect: BAD, run: (ctx) => aliceRaw(ctx, "createRecord", { body: "" }) },
  {
    name: "body.empty-chunked",
    expect: BAD,
    run: (ctx) => aliceRaw(ctx, "createRecord", { body: "", chunked: true }),
  },
  {
    name: "body.bom-only",
    expect: BAD,
    run: (ctx) => aliceRaw(ctx, "createRecord", { body: Buffer.from([0xef, 0xbb, 0xbf]) }),
  },
  {
    // A method whose input is all optional takes an empty body (a fresh account: it is deactivated).
    name: "body.empty-optional-input",
    expect: OK,
    run: async (ctx) => (await deactivate(ctx, "")).res,
  },
];
