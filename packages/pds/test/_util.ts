import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type RunningPds, startPds } from "../src/index.js";

export interface TestPds extends RunningPds {
  dataDirectory: string;
}

/** Starts a PDS on 127.0.0.1 with a fresh data directory; `close` stops it and removes the data. */
export async function startTestPds(): Promise<TestPds> {
  const dataDirectory = mkdtempSync(join(tmpdir(), "pds-test-"));
  const pds = await startPds(
    { port: 0, hostname: "localhost", bindHost: "127.0.0.1", dataDirectory },
    { logLevel: "silent" },
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
  opts: { method?: "GET" | "POST"; params?: Record<string, string>; body?: unknown; token?: string } = {},
): Promise<{ status: number; body: any; headers: Headers }> {
  const method = opts.method ?? (opts.body === undefined ? "GET" : "POST");
  const qs = opts.params ? `?${new URLSearchParams(opts.params)}` : "";
  const headers: Record<string, string> = {};
  if (opts.body !== undefined) headers["content-type"] = "application/json";
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  const res = await fetch(`${base}/xrpc/${nsid}${qs}`, {
    method,
    headers,
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
}
