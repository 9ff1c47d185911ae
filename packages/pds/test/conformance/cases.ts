// Cross-server conformance cases for the record write path (issue 5): putRecord, createRecord, deleteRecord,
// applyWrites, getRecord and listRecords, as data. A case with `differs` is an intended difference: the
// reference answers `expect`, ours `differs.ours`; each is a row of docs/differences.md. Each case names the status and XRPC `error` a conforming PDS answers; where the
// reference's observed answer is recorded in shared/spec/ref-pds-behaviours.json, `observed` names that case;
// the others were checked against the live reference by reference.test.ts.
// The same table runs against any target (runner.ts); nothing here knows which server it talks to. The
// calls under test go through our SDK (sdk-call.ts), except the inputs it refuses before sending (bad
// rkeys), which go by raw fetch because they test the server; setup writes and reads use raw fetch too.
import {
  type Account,
  type Target,
  type XrpcRequest,
  type XrpcResponse,
  xrpc,
  xrpcRaw,
} from "../../../../peers/target.js";
import { sdkCall } from "./sdk-call.js";

/** What every case can use: the server and two accounts on it. */
export interface CaseContext {
  target: Target;
  alice: Account;
  bob: Account;
}

/** The answer a conforming server gives: status and, for errors, the `error` name of the body. */
export interface Expected {
  status: number;
  error?: string;
  /** What the case saw beyond the answer (e.g. "altered" data on read-back); absent when nothing. */
  outcome?: string;
}

/** What a case's call gave: the answer, and an outcome when the case checks one. */
export type CaseResult = XrpcResponse & { outcome?: string };

/** An intended difference: what our PDS answers instead of `expect`, and why (listed in docs/differences.md). */
export interface Difference {
  ours: Expected;
  reason: string;
}

/** Which server a case runs against: ours answers `differs.ours` where a case has one. */
export type Side = "ours" | "reference";

export interface ConformanceCase {
  name: string;
  /** The case of ref-pds-behaviours.json this one's expectation was taken from, when there is one. */
  observed?: string;
  /** The reference's answer (and ours, unless `differs` says otherwise). */
  expect: Expected;
  /** An intended difference of our PDS from the reference; each one is a row of docs/differences.md. */
  differs?: Difference;
  /** Does any writes the case needs first, makes the call under test and returns its answer. */
  run(ctx: CaseContext): Promise<CaseResult>;
}

/** A check beyond status and error name failed (e.g. an identical put made a commit). */
export class ConformanceCheckError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConformanceCheckError";
  }
}

const NOTE = "com.example.note";
// A well-formed CID that names no record on any server.
const STRANGER_CID = "bafyreie5737gdxlw5i64vzichcalba3z2v5n6icifvxkbxz4ut6ezd6whq";
const UNHOSTED_DID = "did:plc:aaaaaaaaaaaaaaaaaaaaaaaa";

interface Written {
  uri: string;
  cid: string;
  commit?: { cid: string; rev: string };
}

/** The body of a putRecord for alice's repo, overridable field by field. */
function putBody(ctx: CaseContext, fields: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    repo: ctx.alice.did,
    collection: NOTE,
    rkey: "k",
    record: { $type: NOTE, text: "hello" },
    ...fields,
  };
}

/** Alice's call to a write method through our SDK, with her token unless `token` says otherwise (null: none). */
function asAlice(
  ctx: CaseContext,
  method: string,
  body: unknown,
  token: string | null = ctx.alice.accessJwt,
): Promise<XrpcResponse> {
  return sdkCall(ctx.target, method, body, token ?? undefined);
}

/**
 * Alice's call by raw fetch, for the requests our SDK refuses before sending (SDKValidationError: bad
 * rkey or NSID syntax, ...): those cases test the server, so they must reach it.
 */
function asAliceRaw(
  ctx: CaseContext,
  method: string,
  body: unknown,
  req: XrpcRequest = {},
): Promise<XrpcResponse> {
  return xrpcRaw(ctx.target, `com.atproto.repo.${method}`, { token: ctx.alice.accessJwt, body, ...req });
}

/** A putRecord by alice that must succeed (setup for the case that follows it). */
function alicePuts(ctx: CaseContext, fields: Record<string, unknown>): Promise<Written> {
  return xrpc<Written>(ctx.target, "com.atproto.repo.putRecord", {
    token: ctx.alice.accessJwt,
    body: putBody(ctx, fields),
  });
}

/** The head commit of alice's repo. */
function aliceHead(ctx: CaseContext): Promise<{ cid: string; rev: string }> {
  return xrpc(ctx.target, "com.atproto.sync.getLatestCommit", { params: { did: ctx.alice.did } });
}

/** A put case: alice writes `fields` over the default body. */
function put(
  name: string,
  expect: Expected,
  fields: Record<string, unknown>,
  observed?: string,
): ConformanceCase {
  return {
    name,
    observed,
    expect,
    run: (ctx) => asAlice(ctx, "putRecord", putBody(ctx, { rkey: name, ...fields })),
  };
}

/** A put case by raw fetch: for inputs our SDK refuses before sending (see asAliceRaw). */
function putRaw(
  name: string,
  expect: Expected,
  fields: Record<string, unknown>,
  observed: string,
): ConformanceCase {
  return {
    name,
    observed,
    expect,
    run: (ctx) => asAliceRaw(ctx, "putRecord", putBody(ctx, { rkey: name, ...fields })),
  };
}

const OK: Expected = { status: 200 };
const BAD_REQUEST: Expected = { status: 400, error: "InvalidRequest" };
const INVALID_SWAP: Expected = { status: 400, error: "InvalidSwap" };

/** What `side` must answer for case `c`. */
export function expectedFor(c: ConformanceCase, side: Side): Expected {
  return side === "ours" && c.differs !== undefined ? c.differs.ours : c.expect;
}

const INTERNAL_ERROR: Expected = { status: 500, error: "InternalServerError" };

/** An applyWrites by alice with these writes (each `{ $type, collection, rkey?, value? }`). */
function aliceApplies(ctx: CaseContext, writes: Record<string, unknown>[]): Promise<XrpcResponse> {
  return asAlice(ctx, "applyWrites", { repo: ctx.alice.did, writes });
}

/** Every case, in the order they run (some build on records earlier ones wrote in their own rkeys only). */
export const CASES: ConformanceCase[] = [
  // Success.
  put("put.create", OK, {}, "put.success.custom-collection.validate-undefined"),
  {
    name: "put.update",
    expect: OK,
    run: async (ctx) => {
      await alicePuts(ctx, { rkey: "put.update" });
      return asAlice(
        ctx,
        "putRecord",
        putBody(ctx, { rkey: "put.update", record: { $type: NOTE, text: "v2" } }),
      );
    },
  },
  {
    name: "put.repo-as-handle",
    observed: "put.repo-as-handle",
    expect: OK,
    run: (ctx) => asAlice(ctx, "putRecord", putBody(ctx, { rkey: "by-handle", repo: ctx.alice.handle })),
  },
  {
    name: "put.identical-makes-no-commit",
    observed: "put.identical.second",
    expect: OK,
    run: async (ctx) => {
      const first = await alicePuts(ctx, { rkey: "same", record: { $type: NOTE, text: "identical" } });
      const head = await aliceHead(ctx);
      const res = await asAlice(
        ctx,
        "putRecord",
        putBody(ctx, { rkey: "same", record: { $type: NOTE, text: "identical" } }),
      );
      const second = res.body as Written;
      if (res.status !== 200) return res;
      if (second.cid !== first.cid) throw new ConformanceCheckError("identical put changed the record CID");
      if (second.commit !== undefined)
        throw new ConformanceCheckError("identical put answered with a commit");
      if ((await aliceHead(ctx)).cid !== head.cid)
        throw new ConformanceCheckError("identical put moved the head");
      return res;
    },
  },
  {
    name: "create.without-rkey",
    expect: OK,
    run: (ctx) =>
      asAlice(ctx, "createRecord", { repo: ctx.alice.did, collection: NOTE, record: { text: "new" } }),
  },
  {
    name: "get.existing",
    observed: "getRecord.k1",
    expect: OK,
    run: async (ctx) => {
      const written = await alicePuts(ctx, { rkey: "get.existing" });
      const res = await getRecord(ctx, "get.existing");
      if (res.status === 200 && (res.body as { cid?: string }).cid !== written.cid) {
        throw new ConformanceCheckError("getRecord answered another CID than the put");
      }
      return res;
    },
  },
  {
    name: "get.missing",
    expect: { status: 400, error: "RecordNotFound" },
    run: (ctx) => getRecord(ctx, "never-written"),
  },
  {
    name: "delete.existing",
    expect: OK,
    run: async (ctx) => {
      await alicePuts(ctx, { rkey: "delete.existing" });
      const res = await asAlice(ctx, "deleteRecord", {
        repo: ctx.alice.did,
        collection: NOTE,
        rkey: "delete.existing",
      });
      if (res.status === 200 && (await getRecord(ctx, "delete.existing")).status === 200) {
        throw new ConformanceCheckError("the record is still there after deleteRecord");
      }
      return res;
    },
  },

  {
    name: "list.after-put",
    expect: OK,
    run: async (ctx) => {
      await alicePuts(ctx, { rkey: "list.after-put" });
      const res = await sdkCall(ctx.target, "listRecords", {
        repo: ctx.alice.did,
        collection: NOTE,
        limit: 100,
      });
      const records = (res.body as { records?: { uri: string }[] } | undefined)?.records ?? [];
      if (res.status === 200 && !records.some((r) => r.uri.endsWith("/list.after-put"))) {
        throw new ConformanceCheckError("listRecords does not list the record just put");
      }
      return res;
    },
  },
  {
    name: "applyWrites.create-update-delete",
    expect: OK,
    run: async (ctx) => {
      await alicePuts(ctx, { rkey: "apply-u" });
      await alicePuts(ctx, { rkey: "apply-d" });
      return aliceApplies(ctx, [
        {
          $type: "com.atproto.repo.applyWrites#create",
          collection: NOTE,
          rkey: "apply-c",
          value: { text: "c" },
        },
        {
          $type: "com.atproto.repo.applyWrites#update",
          collection: NOTE,
          rkey: "apply-u",
          value: { text: "u" },
        },
        { $type: "com.atproto.repo.applyWrites#delete", collection: NOTE, rkey: "apply-d" },
      ]);
    },
  },

  // Intended differences (docs/differences.md): where the reference fails with a 500, ours names the error.
  {
    name: "create.existing-rkey",
    expect: INTERNAL_ERROR,
    differs: {
      ours: { status: 400, error: "RecordAlreadyExists" },
      reason:
        "the reference's storage throws on the taken key and it answers 500; the caller's mistake gets a named 400",
    },
    run: async (ctx) => {
      await alicePuts(ctx, { rkey: "create-taken" });
      return asAlice(ctx, "createRecord", {
        repo: ctx.alice.did,
        collection: NOTE,
        rkey: "create-taken",
        record: { text: "again" },
      });
    },
  },
  {
    name: "applyWrites.create-existing-rkey",
    expect: INTERNAL_ERROR,
    differs: {
      ours: { status: 400, error: "RecordAlreadyExists" },
      reason: "as create.existing-rkey, through applyWrites #create",
    },
    run: async (ctx) => {
      await alicePuts(ctx, { rkey: "apply-taken" });
      return aliceApplies(ctx, [
        {
          $type: "com.atproto.repo.applyWrites#create",
          collection: NOTE,
          rkey: "apply-taken",
          value: { text: "x" },
        },
      ]);
    },
  },
  {
    name: "applyWrites.update-missing",
    expect: INTERNAL_ERROR,
    differs: {
      ours: { status: 400, error: "RecordNotFound" },
      reason: "the reference fails on the missing record with a 500; the caller's mistake gets a named 400",
    },
    run: (ctx) =>
      aliceApplies(ctx, [
        {
          $type: "com.atproto.repo.applyWrites#update",
          collection: NOTE,
          rkey: "never-written",
          value: { text: "x" },
        },
      ]),
  },

  // Compare-and-swap.
  put("put.swapRecord.mismatch", INVALID_SWAP, { swapRecord: STRANGER_CID }, "put.swapRecord.mismatch"),
  {
    name: "put.swapRecord.null-when-exists",
    observed: "put.swapRecord.null-when-exists",
    expect: INVALID_SWAP,
    run: async (ctx) => {
      await alicePuts(ctx, { rkey: "swap-null" });
      return asAlice(
        ctx,
        "putRecord",
        putBody(ctx, { rkey: "swap-null", swapRecord: null, record: { text: "v2" } }),
      );
    },
  },
  {
    name: "put.swapRecord.match",
    observed: "put.swapRecord.match",
    expect: OK,
    run: async (ctx) => {
      const { cid } = await alicePuts(ctx, { rkey: "swap-match" });
      return asAlice(
        ctx,
        "putRecord",
        putBody(ctx, { rkey: "swap-match", swapRecord: cid, record: { text: "v2" } }),
      );
    },
  },
  put("put.swapCommit.mismatch", INVALID_SWAP, { swapCommit: STRANGER_CID }, "put.swapCommit.mismatch"),
  {
    name: "create.swapCommit.mismatch",
    expect: INVALID_SWAP,
    run: (ctx) =>
      asAlice(ctx, "createRecord", {
        repo: ctx.alice.did,
        collection: NOTE,
        record: { text: "x" },
        swapCommit: STRANGER_CID,
      }),
  },
  {
    name: "delete.swapRecord.mismatch",
    expect: INVALID_SWAP,
    run: async (ctx) => {
      await alicePuts(ctx, { rkey: "delete-swap" });
      const body = { repo: ctx.alice.did, collection: NOTE, rkey: "delete-swap", swapRecord: STRANGER_CID };
      return asAlice(ctx, "deleteRecord", body);
    },
  },

  // Record and key validity. The bad rkeys go by raw fetch: our SDK refuses them before sending.
  put(
    "put.type-mismatch",
    BAD_REQUEST,
    { record: { $type: "com.example.other", text: "t" } },
    "put.type-mismatch",
  ),
  put("put.type-mismatch.validate-false", BAD_REQUEST, {
    validate: false,
    record: { $type: "com.example.other" },
  }),
  put("put.type-missing", OK, { record: { text: "no type" } }, "put.type-missing"),
  putRaw("put.rkey.dotdot", BAD_REQUEST, { rkey: ".." }, "put.rkey.dotdot"),
  putRaw("put.rkey.slash", BAD_REQUEST, { rkey: "a/b" }, "put.rkey.slash"),
  putRaw("put.rkey.space-and-bang", BAD_REQUEST, { rkey: "bad rkey!" }, "put.rkey.space-and-bang"),
  putRaw("put.rkey.too-long-513", BAD_REQUEST, { rkey: "a".repeat(513) }, "put.rkey.too-long-513"),
  put("put.rkey.max-len-512", OK, { rkey: "b".repeat(512) }, "put.rkey.max-len-512"),
  put(
    "put.unknown-lexicon.validate-true",
    BAD_REQUEST,
    { validate: true },
    "put.custom-collection.validate-true",
  ),
  {
    name: "create.unknown-lexicon.validate-true",
    expect: BAD_REQUEST,
    run: (ctx) =>
      asAlice(ctx, "createRecord", {
        repo: ctx.alice.did,
        collection: NOTE,
        validate: true,
        record: { text: "x" },
      }),
  },
  put("put.float", BAD_REQUEST, { record: { $type: NOTE, n: 1.5 } }, "put.float.validate-default"),
  put(
    "put.float.validate-false",
    BAD_REQUEST,
    { validate: false, record: { $type: NOTE, n: 1.5 } },
    "put.float.validate-false",
  ),

  // Authentication and authorisation.
  {
    name: "put.no-auth",
    observed: "put.missing-auth",
    expect: { status: 401, error: "AuthMissing" },
    run: (ctx) => asAlice(ctx, "putRecord", putBody(ctx), null),
  },
  {
    name: "create.no-auth",
    expect: { status: 401, error: "AuthMissing" },
    run: (ctx) => asAlice(ctx, "createRecord", { repo: ctx.alice.did, collection: NOTE, record: {} }, null),
  },
  {
    name: "delete.no-auth",
    expect: { status: 401, error: "AuthMissing" },
    run: (ctx) => asAlice(ctx, "deleteRecord", { repo: ctx.alice.did, collection: NOTE, rkey: "k" }, null),
  },
  {
    name: "put.bad-token.garbage",
    observed: "put.bad-token.garbage",
    expect: { status: 400, error: "InvalidToken" },
    run: (ctx) => asAlice(ctx, "putRecord", putBody(ctx), "not-a-jwt"),
  },
  {
    name: "put.bad-token.bad-signature",
    observed: "put.bad-token.bad-signature",
    expect: { status: 400, error: "InvalidToken" },
    run: (ctx) => asAlice(ctx, "putRecord", putBody(ctx), withAlteredSignature(ctx.alice.accessJwt)),
  },
  {
    name: "put.bad-token.refresh-token",
    observed: "put.bad-token.refresh-token-as-access",
    expect: { status: 400, error: "InvalidToken" },
    run: (ctx) => asAlice(ctx, "putRecord", putBody(ctx), ctx.alice.refreshJwt),
  },
  {
    name: "put.other-users-repo",
    observed: "put.other-users-repo",
    expect: { status: 401, error: "AuthenticationRequired" },
    run: (ctx) => asAlice(ctx, "putRecord", putBody(ctx, { repo: ctx.bob.did })),
  },
  {
    name: "delete.other-users-repo",
    expect: { status: 401, error: "AuthenticationRequired" },
    run: (ctx) => asAlice(ctx, "deleteRecord", { repo: ctx.bob.did, collection: NOTE, rkey: "k" }),
  },
  put(
    "put.unknown-repo",
    { status: 403, error: "AccountNotFound" },
    { repo: UNHOSTED_DID },
    "put.unknown-repo",
  ),
];

/** getRecord of alice's note under `rkey` (no auth: it is a public read). */
function getRecord(ctx: CaseContext, rkey: string): Promise<XrpcResponse> {
  return sdkCall(ctx.target, "getRecord", { repo: ctx.alice.did, collection: NOTE, rkey });
}

/** The same JWT with one signature character changed, so only the signature check can reject it. */
function withAlteredSignature(jwt: string): string {
  const last = jwt.at(-2) === "A" ? "B" : "A";
  return `${jwt.slice(0, -2)}${last}${jwt.at(-1)}`;
}
