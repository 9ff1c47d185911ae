import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import type { Cid } from "@putrecord/repo";
import { type ConfigInput, type RunningPds, startPds } from "../src/index.js";
import { prepareRecordWrite } from "../src/repo/prepare.js";
import type { PreparedRecordWrite } from "../src/repo/types.js";

export interface TestPds extends RunningPds {
  dataDirectory: string;
}

/**
 * Starts a PDS on 127.0.0.1 with a fresh data directory; `close` stops it and removes the data.
 * The createSession timing floor is off unless a test sets `loginDelayMs`.
 */
export async function startTestPds(
  overrides: Partial<ConfigInput> = {},
  opts: Omit<Parameters<typeof startPds>[1], "logLevel"> = {},
): Promise<TestPds> {
  const dataDirectory = mkdtempSync(join(tmpdir(), "pds-test-"));
  const pds = await startPds(
    { port: 0, hostname: "localhost", bindHost: "127.0.0.1", dataDirectory, loginDelayMs: 0, ...overrides },
    { logLevel: "silent", ...opts },
  );
  return {
    ...pds,
    dataDirectory,
    close: async () => {
      await pds.close();
      rmSync(dataDirectory, { recursive: true, force: true });
    },
  };
}

/** Calls an XRPC method with a JSON body (POST) or params (GET) and returns status and parsed body. */
export async function xrpc(
  base: string,
  nsid: string,
  opts: {
    method?: "GET" | "POST";
    params?: Record<string, string>;
    body?: unknown;
    token?: string;
    /** A raw Authorization header (wins over `token`). */
    authorization?: string;
  } = {},
  // biome-ignore lint/suspicious/noExplicitAny: tests read response bodies field by field
): Promise<{ status: number; body: any; headers: Headers }> {
  const method = opts.method ?? (opts.body === undefined ? "GET" : "POST");
  const qs = opts.params ? `?${new URLSearchParams(opts.params)}` : "";
  const headers: Record<string, string> = {};
  if (opts.body !== undefined) headers["content-type"] = "application/json";
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.authorization !== undefined) headers.authorization = opts.authorization;
  const res = await fetch(`${base}/xrpc/${nsid}${qs}`, {
    method,
    headers,
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
}

/** An account made through createAccount, with its password and first session. */
export interface TestAccount {
  did: string;
  handle: string;
  email: string;
  password: string;
  accessJwt: string;
  refreshJwt: string;
}

/** Creates `<name>.test` with email `<name>@example.com` and password `<name>-pass`. */
export async function createTestAccount(pds: { url: string }, name: string): Promise<TestAccount> {
  const email = `${name}@example.com`;
  const password = `${name}-pass`;
  const res = await xrpc(pds.url, "com.atproto.server.createAccount", {
    body: { handle: `${name}.test`, email, password },
  });
  if (res.status !== 200) throw new Error(`createAccount ${name}: ${res.status} ${JSON.stringify(res.body)}`);
  return { ...res.body, email, password };
}

/** Calls an XRPC query and returns the raw response bytes (CARs, blobs). */
export async function xrpcBytes(
  base: string,
  nsid: string,
  params: Record<string, string>,
): Promise<{ status: number; bytes: Uint8Array; headers: Headers }> {
  const res = await fetch(`${base}/xrpc/${nsid}?${new URLSearchParams(params)}`);
  return { status: res.status, bytes: new Uint8Array(await res.arrayBuffer()), headers: res.headers };
}

/** Writes a record with putRecord as `account` (collection and rkey given); returns the response. */
export function putRecord(
  pds: { url: string },
  account: { did: string; accessJwt: string },
  collection: string,
  rkey: string,
  record: unknown,
  extra: Record<string, unknown> = {},
  // biome-ignore lint/suspicious/noExplicitAny: tests read response bodies field by field
): Promise<{ status: number; body: any; headers: Headers }> {
  return xrpc(pds.url, "com.atproto.repo.putRecord", {
    body: { repo: account.did, collection, rkey, record, ...extra },
    token: account.accessJwt,
  });
}

// Paths, not `new URL(…, import.meta.url)`: under happy-dom (e2e's React test) the global URL is not Node's.
const HERE = dirname(fileURLToPath(import.meta.url));
const SHARED_BEHAVIOURS = join(HERE, "../../../../shared/spec/ref-pds-behaviours.json");
const LOCAL_BEHAVIOURS = join(HERE, "fixtures/ref-pds-behaviours.json");

/** The reference PDS's recorded answers: the shared spec copy when present, else the fixture copy. */
export function refBehaviours<T>(): T {
  const file = existsSync(SHARED_BEHAVIOURS) ? SHARED_BEHAVIOURS : LOCAL_BEHAVIOURS;
  return JSON.parse(readFileSync(file, "utf8")) as T;
}

/** com.atproto.repo.getRecord on a test server: status and body. */
export function getRecord(pds: { url: string }, did: string, collection: string, rkey: string) {
  return xrpc(pds.url, "com.atproto.repo.getRecord", { params: { repo: did, collection, rkey } });
}

/** A prepared, unvalidated put of `{ $type: collection, ...value }`, for driving RepoManager directly. */
export function preparedPut(
  collection: string,
  rkey: string,
  value: Record<string, string | number>,
  opts: { action?: "put" | "create"; swapCid?: Cid | null } = {},
): PreparedRecordWrite {
  const json = { $type: collection, ...value };
  return prepareRecordWrite({
    action: opts.action ?? "put",
    collection,
    rkey,
    record: { ...json },
    json,
    validate: false,
    swapCid: opts.swapCid,
  });
}

/** Resolves after `ms` milliseconds. */
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Bytes held by Buffers and typed arrays after full collections (V8 frees their stores lazily): what a
 * memory test compares before and after, since a server under test runs in the test's process.
 */
export async function liveArrayBuffers(): Promise<number> {
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc") as () => void;
  for (let i = 0; i < 3; i++) {
    gc();
    await sleep(50);
  }
  return process.memoryUsage().arrayBuffers;
}
