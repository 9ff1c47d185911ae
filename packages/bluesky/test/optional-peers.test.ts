// What each entry point pulls in, read from esbuild's metafile: React and TanStack stay optional peers,
// and the integrity codec stays out of apps that do not import it.
import { build } from "esbuild";
import { describe, expect, it } from "vitest";

/** The node_modules packages a browser bundle of `source` contains (code that survived tree-shaking). */
async function bundledPackages(source: string, platform: "browser" | "node" = "browser"): Promise<string[]> {
  const { metafile } = await build({
    stdin: { contents: source, resolveDir: import.meta.dirname, loader: "ts" },
    bundle: true,
    format: "esm",
    platform,
    conditions: ["bsky-source"],
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  const [output] = Object.values(metafile.outputs);
  const kept = Object.entries(output!.inputs).filter(([, input]) => input.bytesInOutput > 0);
  const names = kept.map(([p]) => p).map((p) => p.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/)?.[1]);
  return [...new Set(names.filter((n): n is string => n !== undefined))].sort();
}

const PEERS = ["react", "react-dom", "@tanstack/react-query", "@tanstack/query-core"];

describe("entry points", () => {
  it.each([
    ['export * from "bluesky"'],
    ['export { BlueskyCore } from "bluesky/core.js"; export * from "bluesky/funcs/repoPutRecord.js"'],
    ['export * from "bluesky/integrity.js"'],
  ])("%s needs neither React nor TanStack", async (source) => {
    const packages = await bundledPackages(source);
    expect(packages.filter((p) => PEERS.includes(p))).toEqual([]);
  });

  // The frame codec comes with subscriptions and integrity checks only; the Bluesky class carries every
  // namespace, subscriptions included, so it is the one root export that brings it.
  it("keeps the CBOR codec out of apps that neither subscribe nor check integrity", async () => {
    const app =
      'export { BlueskyCore, unwrap } from "bluesky"; export * from "bluesky/funcs/repoPutRecord.js"';
    expect(await bundledPackages(app)).not.toContain("@atcute/cbor");
    expect(await bundledPackages('export * from "bluesky/integrity.js"')).toContain("@atcute/cbor");
    expect(await bundledPackages('export { Bluesky } from "bluesky"')).toContain("@atcute/cbor");
  });

  it("subscriptions use ws only where Node has no WebSocket: never in a browser bundle", async () => {
    const source = 'export * from "bluesky/lib/subscribe.js"';
    expect(await bundledPackages(source)).not.toContain("ws");
    expect(await bundledPackages(source, "node")).toContain("ws");
  });

  it("keeps the MCP SDK out of every entry point but bluesky/mcp", async () => {
    const mcp = (packages: string[]) =>
      packages.filter((p) => p.startsWith("@modelcontextprotocol") || p === "zod");
    for (const source of [
      'export * from "bluesky"',
      'export { BlueskyCore } from "bluesky/core.js"; export * from "bluesky/funcs/repoPutRecord.js"',
      'export * from "bluesky/validation.js"',
      'export * from "bluesky/lib/session.js"',
    ]) {
      expect(mcp(await bundledPackages(source, "node")), source).toEqual([]);
    }
    expect(mcp(await bundledPackages('export * from "bluesky/mcp"', "node"))).toContain(
      "@modelcontextprotocol/server",
    );
  });

  it("the OAuth client libraries come only with bluesky/oauth/node.js", async () => {
    const isOAuth = (p: string) => p.startsWith("@atproto/oauth-client");
    for (const app of ['export * from "bluesky"', 'export * from "bluesky/react-query"']) {
      expect((await bundledPackages(app)).filter(isOAuth), app).toEqual([]);
    }
    // The browser entry takes the app's own BrowserOAuthClient: it adds the adapter, no library.
    expect((await bundledPackages('export * from "bluesky/oauth/browser.js"')).filter(isOAuth)).toEqual([]);
    const node = await bundledPackages('export * from "bluesky/oauth/node.js"', "node");
    expect(node).toContain("@atproto/oauth-client-node");
  });

  it("bluesky/react-query brings React Query as the app's own peer", async () => {
    const packages = await bundledPackages('export * from "bluesky/react-query"');
    expect(packages).toEqual(expect.arrayContaining(["react", "@tanstack/react-query"]));
  });
});
