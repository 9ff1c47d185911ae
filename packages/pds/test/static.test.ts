import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { get } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveStaticApp } from "../src/static.js";
import { startTestPds, type TestPds } from "./_util.js";

function rawStatus(base: string, path: string): Promise<number | undefined> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    get({ hostname, port, path }, (res) => {
      res.resume();
      resolve(res.statusCode);
    }).on("error", reject);
  });
}

describe("serveStaticApp", () => {
  let pds: TestPds;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "pds-static-"));
    mkdirSync(join(dir, "assets"));
    writeFileSync(join(dir, "index.html"), "<!doctype html><title>app</title>");
    writeFileSync(join(dir, "assets", "app-1a2b.js"), "console.log(1)");
    pds = await startTestPds();
    serveStaticApp(pds.app, dir);
  });
  afterAll(async () => {
    await pds.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("serves index.html at / and assets with their content type and an immutable cache", async () => {
    const index = await fetch(`${pds.url}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(index.headers.get("cache-control")).toBe("no-cache");
    expect(await index.text()).toContain("<title>app</title>");
    const js = await fetch(`${pds.url}/assets/app-1a2b.js`);
    expect(js.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(js.headers.get("cache-control")).toContain("immutable");
  });

  it("answers unknown and traversing paths with 404, leaves /xrpc and PDS paths alone", async () => {
    // Sent raw (fetch would normalise the dots away), so the server sees the traversal as written.
    for (const path of ["/nope.js", "/assets/../index.html", "/assets/%2e%2e/index.html", "/assets/"]) {
      expect(await rawStatus(pds.url, path), path).toBe(404);
    }
    const health = await fetch(`${pds.url}/xrpc/_health`);
    expect(health.headers.get("content-type")).toContain("application/json");
  });

  it("refuses writes to a static file", async () => {
    const res = await fetch(`${pds.url}/`, { method: "POST" });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("GET, HEAD");
  });

  it("does nothing when the folder has no index.html", () => {
    // Checked on the routing table: the PDS of this test may already serve a built explorer at "/".
    const app = { ...pds.app, paths: new Map(pds.app.paths) };
    const before = [...app.paths.keys()];
    serveStaticApp(app, join(dir, "assets"));
    expect([...app.paths.keys()]).toEqual(before);
  });
});
