// A server under test, whichever implementation it is: its base URL and plain-fetch XRPC calls against it.
// Shared by the cross-server benchmark and conformance suite so both speak to every PDS the same way.
import { randomBytes } from "node:crypto";

/** A running PDS reachable over XRPC. */
export interface Target {
  /** Short label for reports, e.g. "ref" or "ours". */
  name: string;
  url: string;
}

/** A target this process started, and must stop. */
export interface RunningTarget extends Target {
  /** The server's process id, when it runs in a process of its own. */
  pid?: number;
  stop(): Promise<void>;
  /** Freezes or thaws the server's processes, so its background work cannot run while another is measured. */
  freeze?(frozen: boolean): void;
}

/** An account created on a target, with its first session's tokens. */
export interface Account {
  did: string;
  handle: string;
  password: string;
  accessJwt: string;
  refreshJwt: string;
}

/** The raw outcome of one XRPC call: status plus the parsed JSON body (undefined when empty). */
export interface XrpcResponse {
  status: number;
  body: unknown;
}

/** A call that should have succeeded did not; carries the XRPC error name when the server sent one. */
export class XrpcError extends Error {
  constructor(
    readonly nsid: string,
    readonly status: number,
    readonly error: string | undefined,
    detail: string | undefined,
  ) {
    super(`${nsid} answered ${status}${error ? ` ${error}` : ""}${detail ? `: ${detail}` : ""}`);
    this.name = "XrpcError";
  }
}

export interface XrpcRequest {
  /** JSON body; its presence makes the call a POST. */
  body?: unknown;
  /** Query parameters (for GET). */
  params?: Record<string, string>;
  /** Bearer access token. */
  token?: string;
  /** Raw Authorization header; wins over `token`. */
  authorization?: string;
  /** Gives up on a server that does not answer (default 60 s), so no caller's loop can hang. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 60_000;

/** Makes one XRPC call and returns status and body whatever the status. */
export async function xrpcRaw(target: Target, nsid: string, req: XrpcRequest = {}): Promise<XrpcResponse> {
  const headers: Record<string, string> = {};
  if (req.body !== undefined) headers["content-type"] = "application/json";
  const authorization = req.authorization ?? (req.token ? `Bearer ${req.token}` : undefined);
  if (authorization !== undefined) headers.authorization = authorization;
  const query = req.params ? `?${new URLSearchParams(req.params)}` : "";
  const res = await fetch(`${target.url}/xrpc/${nsid}${query}`, {
    method: req.body === undefined ? "GET" : "POST",
    headers,
    body: req.body === undefined ? undefined : JSON.stringify(req.body),
    signal: AbortSignal.timeout(req.timeoutMs ?? DEFAULT_TIMEOUT_MS),
  });
  const text = await res.text();
  return { status: res.status, body: text ? parseJson(text) : undefined };
}

/** Makes one XRPC call that must succeed; returns the body or throws XrpcError. */
export async function xrpc<T = unknown>(target: Target, nsid: string, req: XrpcRequest = {}): Promise<T> {
  const res = await xrpcRaw(target, nsid, req);
  if (res.status !== 200) {
    const { error, message } = (res.body ?? {}) as { error?: string; message?: string };
    throw new XrpcError(nsid, res.status, error, message);
  }
  return res.body as T;
}

/** Creates a fresh account with a unique handle under the target's first user domain. */
export async function createAccount(target: Target): Promise<Account> {
  const { availableUserDomains } = await xrpc<{ availableUserDomains: string[] }>(
    target,
    "com.atproto.server.describeServer",
  );
  // The reference allows 3 to 18 characters in a handle's first label.
  const label = `u${randomBytes(6).toString("hex")}`;
  const handle = `${label}${availableUserDomains[0]}`;
  const password = randomBytes(12).toString("hex");
  const created = await xrpc<{ did: string; accessJwt: string; refreshJwt: string }>(
    target,
    "com.atproto.server.createAccount",
    { body: { handle, email: `${label}@example.invalid`, password } },
  );
  return { did: created.did, handle, password, accessJwt: created.accessJwt, refreshJwt: created.refreshJwt };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
