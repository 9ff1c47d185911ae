// Random requests to every XRPC method a PDS serves (issue 13, must-hold 3): the right or a wrong HTTP
// method, parameters and body fields named by the method's lexicon (filled with plausible, hostile or
// random values) or random JSON and bytes, every content type, coding and credential kind. The property:
// the server answers, and never with a 5xx. Used by fuzz.test.ts (short) and bench/fuzz.ts (long).
import { deflateSync, gzipSync } from "node:zlib";
import fc from "fast-check";
import { anyUtf16, cidString, recordFields, text } from "../../../repo/test/arbitrary.js";
import { lexicons } from "../../src/lexicon/lexicons.js";
import { type RawRequest, type RawResponse, rawXrpc } from "../conformance/raw-http.js";

/** An account the requests may act as. */
export interface FuzzAccount {
  did: string;
  handle: string;
  accessJwt: string;
  refreshJwt: string;
}

/** What the generator needs to know: the server, its methods, two accounts and the admin password. */
export interface RequestTarget {
  url: string;
  methods: { nsid: string; type: "query" | "procedure" }[];
  alice: FuzzAccount;
  bob: FuzzAccount;
  adminPassword: string;
}

/** One generated request, as sent. */
export interface FuzzRequest extends RawRequest {
  nsid: string;
}

/** A request as a report shows it: the body as (cut) text, not a list of bytes. */
function describe(req: FuzzRequest): string {
  const { body, ...rest } = req;
  const text = body === undefined ? "none" : Buffer.from(body).toString("utf8");
  return `${JSON.stringify(rest)} body(${body?.length ?? 0} bytes): ${text.slice(0, 300)}`;
}

/** The server answered a request with a 5xx, or not at all. */
export class ServerErrorAnswer extends Error {
  constructor(req: FuzzRequest, answer: string) {
    super(`${req.nsid} answered ${answer}\n  request: ${describe(req)}`);
    this.name = "ServerErrorAnswer";
  }
}

/** Answers by status class, for the bench's report. */
export type StatusCounts = Record<string, number>;

const plausibleStrings = (t: RequestTarget): fc.Arbitrary<string> =>
  fc.oneof(
    fc.constantFrom(
      t.alice.did,
      t.alice.handle,
      t.bob.did,
      "did:plc:aaaaaaaaaaaaaaaaaaaaaaaa",
      "did:web:localhost",
      "com.example.note",
      "app.bsky.feed.post",
      "app.bsky.actor.profile",
      "self",
      "3jzfcijpj2z2a",
      "..",
      "a/b",
      "a b",
      "",
      "__proto__",
      "x".repeat(2000),
      "-1",
      "0",
      "true",
      "null",
      "\u0000",
      "\ufeff",
    ),
    cidString,
    text,
    anyUtf16,
  );

/** A value for a body field: plausible strings, scalars of every JSON type, records, random JSON. */
function fieldValue(t: RequestTarget, name: string): fc.Arbitrary<unknown> {
  const base = fc.oneof(
    { weight: 4, arbitrary: plausibleStrings(t) },
    { weight: 1, arbitrary: fc.oneof(fc.boolean(), fc.integer(), fc.double(), fc.constant(null)) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  );
  if (name === "record" || name === "value") return fc.oneof({ weight: 3, arbitrary: recordFields() }, base);
  if (name === "writes") return fc.oneof(fc.array(write(t), { maxLength: 4 }), base);
  return base;
}

function write(t: RequestTarget): fc.Arbitrary<Record<string, unknown>> {
  return fc.record(
    {
      $type: fc.constantFrom(
        "com.atproto.repo.applyWrites#create",
        "com.atproto.repo.applyWrites#update",
        "com.atproto.repo.applyWrites#delete",
        "com.atproto.repo.applyWrites#junk",
      ),
      collection: plausibleStrings(t),
      rkey: plausibleStrings(t),
      value: recordFields(),
    },
    { requiredKeys: ["$type"] },
  );
}

/** The names the lexicon gives a method's parameters and input properties (none for unknown methods). */
function lexiconNames(nsid: string): { params: string[]; input: string[] } {
  const def = lexicons().getDef(nsid) as
    | { parameters?: { properties?: object }; input?: { schema?: { properties?: object } } }
    | undefined;
  return {
    params: Object.keys(def?.parameters?.properties ?? {}),
    input: Object.keys(def?.input?.schema?.properties ?? {}),
  };
}

/** Entries for all of `names` or some (and now and then a stray key), each with a generated value. */
function someFields<T>(
  names: string[],
  value: (name: string) => fc.Arbitrary<T>,
): fc.Arbitrary<[string, T][]> {
  const some = fc.uniqueArray(fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...names, "extra") }, text), {
    maxLength: names.length + 2,
  });
  const keys = fc.oneof({ weight: 2, arbitrary: fc.constant(names) }, { weight: 1, arbitrary: some });
  return keys.chain((ks) => fc.tuple(...ks.map((k) => value(k).map((v): [string, T] => [k, v]))));
}

/** A request body: JSON shaped by the lexicon, random JSON, deep nesting, random bytes or none. */
function body(t: RequestTarget, names: string[]): fc.Arbitrary<Uint8Array | undefined> {
  const shaped = someFields(names.length > 0 ? names : ["x"], (n) => fieldValue(t, n)).map((entries) => {
    const parts = entries.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v) ?? "null"}`);
    return Buffer.from(`{${parts.join(",")}}`);
  });
  return fc.oneof(
    { weight: 6, arbitrary: shaped },
    { weight: 1, arbitrary: fc.jsonValue().map((v) => Buffer.from(JSON.stringify(v) ?? "null")) },
    {
      weight: 1,
      arbitrary: fc.nat({ max: 20_000 }).map((n) => Buffer.from(`${"[".repeat(n)}${"]".repeat(n)}`)),
    },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b)) },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
}

/** Query parameters: the lexicon's names with plausible values, repeated keys, a `__proto__` now and then. */
function params(
  t: RequestTarget,
  names: string[],
): fc.Arbitrary<{ params: Record<string, string>; rawQuery?: string }> {
  return fc.record(
    {
      params: someFields(names.length > 0 ? names : ["x"], () => plausibleStrings(t)).map((entries) =>
        Object.fromEntries(entries.filter(([k]) => k !== "__proto__")),
      ),
      rawQuery: fc.constantFrom("", "limit=1&limit=2", "__proto__=x", "cursor=%FF", "a[]=1&a[0]=2"),
    },
    { requiredKeys: ["params"] },
  );
}

/** Mostly what a client sends, often something else. */
const contentType = fc.oneof(
  { weight: 6, arbitrary: fc.constant("application/json") },
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      "application/json; charset=utf-8",
      "application/json; charset=latin1",
      "text/plain",
      "image/png",
      undefined,
    ),
  },
);
/** Coding name → how the body is coded (raw: the header is sent, the bytes are not coded). */
const coding = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.constant<[string | undefined, (b: Uint8Array) => Uint8Array]>([undefined, (b) => b]),
  },
  {
    weight: 4,
    arbitrary: fc.constantFrom<[string, (b: Uint8Array) => Uint8Array]>(
      ["gzip", (b) => gzipSync(b)],
      ["deflate", (b) => deflateSync(b)],
      ["gzip", (b) => b],
      ["br", (b) => b],
      ["xyz", (b) => b],
      ["constructor", (b) => b],
      ["gzip, br", (b) => b],
      ["identity", (b) => b],
    ),
  },
);

function authorization(t: RequestTarget): fc.Arbitrary<string | undefined> {
  const basic = (pw: string) => `Basic ${Buffer.from(`admin:${pw}`).toString("base64")}`;
  return fc.oneof(
    { weight: 5, arbitrary: fc.constant(`Bearer ${t.alice.accessJwt}`) },
    {
      weight: 5,
      arbitrary: fc.constantFrom(
        undefined,
        `Bearer ${t.alice.refreshJwt}`,
        `Bearer ${t.bob.accessJwt}`,
        "Bearer not-a-jwt",
        "Bearer ",
        basic(t.adminPassword),
        basic("wrong"),
        "Basic !!!",
      ),
    },
  );
}

/** A random request to one of the target's methods. */
export function fuzzRequest(t: RequestTarget): fc.Arbitrary<FuzzRequest> {
  return fc.constantFrom(...t.methods).chain(({ nsid, type }) => {
    const names = lexiconNames(nsid);
    const right = type === "query" ? "GET" : "POST";
    return fc
      .record({
        method: fc.oneof({ weight: 9, arbitrary: fc.constant(right) }, fc.constantFrom("GET", "POST", "PUT")),
        query: params(t, names.params),
        body: body(t, names.input),
        contentType,
        coding,
        auth: authorization(t),
        chunked: fc.boolean(),
      })
      .map(({ method, query, body, contentType, coding, auth, chunked }) => {
        const headers: Record<string, string> = {};
        if (contentType !== undefined) headers["content-type"] = contentType;
        if (auth !== undefined) headers.authorization = auth;
        if (body !== undefined && coding[0] !== undefined) headers["content-encoding"] = coding[0];
        const sent = method === "GET" ? undefined : body && coding[1](body);
        const req: FuzzRequest = { nsid, method, headers, body: sent, chunked, ...query };
        // fast-check prints counterexamples with this (not enumerable, so never sent).
        return Object.defineProperty(req, fc.toStringMethod, { value: () => describe(req) });
      });
  });
}

/** Sends one request and tallies its answer's status class in `counts` ("none" when nothing came back). */
export async function sendCounted(
  t: RequestTarget,
  req: FuzzRequest,
  counts: StatusCounts,
): Promise<RawResponse> {
  let res: RawResponse;
  try {
    res = await rawXrpc(t.url, req.nsid, req);
  } catch (err) {
    counts.none = (counts.none ?? 0) + 1;
    throw new ServerErrorAnswer(req, `nothing (${(err as Error).message})`);
  }
  const cls = `${Math.floor(res.status / 100)}xx`;
  counts[cls] = (counts[cls] ?? 0) + 1;
  return res;
}

/**
 * Methods that look identities up on the network. Asked about `did:web:localhost` (a plausible string
 * above), they find nothing listening on the test machine's port 80 and rightly answer 502
 * UpstreamFailure: the failure is the DID's host's, not this server's (src/api/identity-lookup.ts).
 */
const IDENTITY_LOOKUPS = new Set([
  "com.atproto.identity.resolveDid",
  "com.atproto.identity.resolveIdentity",
  "com.atproto.identity.refreshIdentity",
]);

/** A 5xx that is another server's failure, reported as such, not this one's. */
function upstreamFailure(req: FuzzRequest, res: RawResponse): boolean {
  const error = (res.body as { error?: unknown } | undefined)?.error;
  return res.status === 502 && error === "UpstreamFailure" && IDENTITY_LOOKUPS.has(req.nsid);
}

/**
 * The property: every request is answered below 500, but for an identity lookup whose DID's host is
 * unreachable. `counts` tallies the answers by status class.
 */
export function neverServerError(t: RequestTarget, counts: StatusCounts = {}) {
  return fc.asyncProperty(fuzzRequest(t), async (req) => {
    const res = await sendCounted(t, req, counts);
    if (res.status >= 500 && !upstreamFailure(req, res)) {
      throw new ServerErrorAnswer(req, `${res.status} ${JSON.stringify(res.body)}`);
    }
  });
}
