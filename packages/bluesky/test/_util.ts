// Test helpers: a real HTTP server on 127.0.0.1 (port 0) whose replies each test scripts, and the
// interop vectors, read from the shared checkout when present, else from the copy in fixtures/.
import { existsSync, readFileSync } from "node:fs";
import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath, URL as NodeURL } from "node:url";

/** One request as the server saw it. */
export type Seen = {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
};

/** Answers one request; `n` counts requests from 0. Write to `res` directly for raw control. */
export type Reply = (req: Seen, res: ServerResponse, n: number) => void | Promise<void>;

/** A running fixture server. */
export type Fixture = { url: string; seen: Seen[]; close(): Promise<void> };

/** Starts a server on an ephemeral loopback port; bodies are read as `encoding` (latin1 keeps bytes). */
export async function serve(reply: Reply, encoding: BufferEncoding = "utf8"): Promise<Fixture> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const url = new URL(req.url ?? "/", "http://x");
      const entry = {
        method: req.method ?? "",
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks).toString(encoding),
      };
      seen.push(entry);
      await reply(entry, res, seen.length - 1);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Writes a JSON reply. */
export function json(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
  res.end(JSON.stringify(body));
}

/** A fixed reply, whatever the request. */
export function always(status: number, body: unknown, headers?: Record<string, string>): Reply {
  return (_req, res) => json(res, status, body, headers);
}

/** A putRecord success body. */
export const PUT_OK = {
  uri: "at://did:plc:abc/app.bsky.feed.post/3k",
  cid: "bafyreie5737gdxlw5i64vzichcalba3z2v5n6icifvx5xytvske7mr3hpm",
  commit: { cid: "bafyreie5737gdxlw5i64vzichcalba3z2v5n6icifvx5xytvske7mr3hpm", rev: "3k2aaaaaaaa22" },
  validationStatus: "valid",
};

/** A valid putRecord request. */
export const PUT_REQUEST = {
  repo: "did:plc:abc",
  collection: "app.bsky.feed.post",
  rkey: "3k",
  record: { $type: "app.bsky.feed.post", text: "hi", createdAt: "2024-01-01T00:00:00.000Z" },
};

// Node's URL: under happy-dom (the hook tests) the global URL resolves a file: base against http://localhost.
const SHARED = fileURLToPath(new NodeURL("../../../../shared/interop-vectors", import.meta.url));
const LOCAL = fileURLToPath(new NodeURL("./fixtures", import.meta.url));

/** A folder of the interop vectors: the shared copy when present, else the package's fixture copy. */
export function vectorDir(name: "syntax" | "data-model"): string {
  return existsSync(SHARED) ? `${SHARED}/${name}` : `${LOCAL}/${name}`;
}

/** The valid and invalid lines of an interop syntax vector (`nsid`, `recordkey`, ...), comments dropped. */
export function vectors(name: string): { valid: string[]; invalid: string[] } {
  const dir = vectorDir("syntax");
  const read = (kind: string) =>
    readFileSync(`${dir}/${name}_syntax_${kind}.txt`, "utf8")
      .split("\n")
      .filter((line) => line.length > 0 && !line.startsWith("#"));
  return { valid: read("valid"), invalid: read("invalid") };
}
