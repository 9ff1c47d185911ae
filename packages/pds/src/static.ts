import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, extname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import type { HttpApp, PathHandler } from "./server.js";
import type { RouterContext } from "./xrpc/router.js";

/** The explorer's build output; src/ and dist/ sit at the same depth, so one path serves both. */
export const EXPLORER_DIST = resolve(dirname(fileURLToPath(import.meta.url)), "../../../apps/explorer/dist");

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
};

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

function fileHandler(path: string): PathHandler {
  const type = CONTENT_TYPES[extname(path)] ?? "application/octet-stream";
  // Vite names assets by content hash, so they never change under a URL; index.html must be re-read.
  const cache = path.includes(`${sep}assets${sep}`) ? "public, max-age=31536000, immutable" : "no-cache";
  return (req, res) => {
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { allow: "GET, HEAD" }).end();
      return;
    }
    const body = readFileSync(path);
    res.writeHead(200, { "content-type": type, "content-length": body.length, "cache-control": cache });
    res.end(req.method === "HEAD" ? undefined : body);
  };
}

/**
 * Serves the built explorer app at `/` when `dir` exists. Only the files present at start are routed,
 * each by its exact path, so no request path ever reaches the file system (no traversal); `/xrpc/*` is
 * dispatched before plain paths, and unknown paths keep their 404.
 */
export function serveStaticApp<C extends RouterContext>(app: HttpApp<C>, dir = EXPLORER_DIST): void {
  if (!existsSync(join(dir, "index.html"))) return;
  for (const file of filesUnder(dir)) {
    const urlPath = `/${relative(dir, file).split(sep).join("/")}`;
    // The PDS's own paths (e.g. /.well-known/atproto-did) win over a file of the same name.
    if (!app.paths.has(urlPath)) app.paths.set(urlPath, fileHandler(file));
  }
  app.paths.set("/", fileHandler(join(dir, "index.html")));
}
