import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestAccount, refBehaviours, startTestPds, type TestAccount, type TestPds } from "../_util.js";

/**
 * Replays every request the reference PDS answered in ref-pds-behaviours.json against our server, in
 * the recorded order (later cases depend on earlier writes), with our DIDs, handles, tokens and
 * commit CIDs substituted, and expects the same status and `error` name. For successes it also
 * expects the same record CID (records are content-addressed, so they must match byte for byte),
 * the same validationStatus, and `commit` present exactly when the reference sent one.
 */

interface RecordedCase {
  name: string;
  request?: { method: string; path: string; headers: Record<string, string>; body?: unknown };
  response?: {
    status: number;
    body?: { error?: string; cid?: string; commit?: { cid: string }; validationStatus?: string };
  };
}

const recorded = refBehaviours<{ vars: Record<string, string>; cases: RecordedCase[] }>();

/** Cases left out, each with its reason. */
const SKIP: Record<string, string> = {
  "createAccount.success":
    "account creation is PDS-A's (test/create-account.test.ts); accounts are made in beforeAll",
  "createSession.success": "sessions are PDS-A's (test/auth.test.ts)",
};

let pds: TestPds;
let a: TestAccount;
let b: TestAccount;
/** Reference commit CIDs → ours, learned from responses, for swapCommit values in later requests. */
const commits = new Map<string, string>();

beforeAll(async () => {
  const dir = process.env.PDS_REF_BEHAVIOURS_DIR;
  pds = await startTestPds(dir ? { dataDirectory: dir } : {});
  a = await createTestAccount(pds, "refa");
  b = await createTestAccount(pds, "refb");
});
afterAll(() => pds.close());

function substitute(text: string): string {
  const { didA, didB, handleA, handleB } = recorded.vars;
  let out = text
    .replaceAll(didA!, a.did)
    .replaceAll(didB!, b.did)
    .replaceAll(encodeURIComponent(didA!), encodeURIComponent(a.did))
    .replaceAll(encodeURIComponent(didB!), encodeURIComponent(b.did))
    .replaceAll(handleA!, a.handle)
    .replaceAll(handleB!, b.handle)
    .replaceAll("<accessJwt A with altered signature>", `${a.accessJwt.slice(0, -4)}AAAA`)
    .replaceAll("<accessJwt A>", a.accessJwt)
    .replaceAll("<refreshJwt A>", a.refreshJwt);
  for (const [ref, ours] of commits) out = out.replaceAll(ref, ours);
  return out;
}

/** The body to send: generated to an exact size for `<N bytes: prefix...>`, raw for other strings. */
function bodyOf(body: unknown): string | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body !== "string") return substitute(JSON.stringify(body));
  const sized = /^<(\d+) bytes: (.*)\.\.\.>$/s.exec(body);
  if (!sized) return substitute(body);
  const prefix = substitute(sized[2]!).replace(/a+$/, "");
  const tail = '"}}';
  return prefix + "a".repeat(Number(sized[1]) - prefix.length - tail.length) + tail;
}

describe("the reference's recorded putRecord behaviours, replayed", () => {
  for (const c of recorded.cases) {
    if (!c.request || !c.response) continue;
    const run = SKIP[c.name] ? it.skip : it;
    run(`${c.name} → ${c.response.status} ${c.response.body?.error ?? ""}`, async () => {
      const req = c.request!;
      const headers = JSON.parse(substitute(JSON.stringify(req.headers))) as Record<string, string>;
      const res = await fetch(pds.url + substitute(req.path), {
        method: req.method,
        headers,
        body: bodyOf(req.body),
      });
      const text = await res.text();
      const body = text ? JSON.parse(text) : undefined;
      const want = c.response!;
      expect({ status: res.status, error: body?.error }).toEqual({
        status: want.status,
        error: want.body?.error,
      });
      if (want.status !== 200 || !want.body) return;
      if (want.body.commit) commits.set(want.body.commit.cid, body.commit.cid);
      if (c.name === "sync.getLatestCommit") commits.set(want.body.cid!, body.cid);
      else if (want.body.cid) expect(body.cid).toBe(want.body.cid);
      expect(body.commit === undefined).toBe(want.body.commit === undefined);
      expect(body.validationStatus).toBe(want.body.validationStatus);
    });
  }
});
