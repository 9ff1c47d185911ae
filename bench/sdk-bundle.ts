// Bundle size of a one-file browser app that makes one putRecord call, with our SDK and with the two
// reference clients. Run: npm run bench -- bench/sdk-bundle.ts
import { gzipSync } from "node:zlib";
import { build, type Metafile } from "esbuild";

const RECORD = `{ repo: "did:plc:ewvi7nxzyoun6zhxrhs64oiz", collection: "app.bsky.feed.post", rkey: "3jzfcijpj2z2a",
  record: { $type: "app.bsky.feed.post", text: "hello", createdAt: new Date().toISOString() } }`;

// Each app builds a client with a bearer token and sends the same request.
const APPS: Record<string, string> = {
  "bluesky (BlueskyCore + repoPutRecord)": `
    import { BlueskyCore } from "bluesky/core.js";
    import { repoPutRecord } from "bluesky/funcs/repoPutRecord.js";
    const client = new BlueskyCore({ serverURL: "https://pds.example", bearer: "token" });
    const res = await repoPutRecord(client, ${RECORD});
    console.log(res.ok ? res.value.cid : res.error);`,
  "@atproto/api (AtpAgent)": `
    import { AtpAgent } from "@atproto/api";
    const agent = new AtpAgent({ service: "https://pds.example" });
    agent.setHeader("authorization", "Bearer token");
    const res = await agent.com.atproto.repo.putRecord(${RECORD});
    console.log(res.data.cid);`,
  "@atcute/client (Client + simpleFetchHandler)": `
    import { Client, simpleFetchHandler } from "@atcute/client";
    const rpc = new Client({ handler: simpleFetchHandler({ service: "https://pds.example" }) });
    const res = await rpc.post("com.atproto.repo.putRecord", { input: ${RECORD}, headers: { authorization: "Bearer token" } });
    console.log(res.ok ? res.data.cid : res.data.error);`,
};

const TARGET_GZIP = 6 * 1024;

/** Bundles one app the way a browser app ships: ESM, minified, tree-shaken, our package from its sources. */
async function bundle(source: string): Promise<{ min: number; gzip: number; metafile: Metafile }> {
  const result = await build({
    stdin: { contents: source, resolveDir: process.cwd(), loader: "ts" },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    conditions: ["bsky-source"],
    write: false,
    metafile: true,
    logLevel: "error",
  });
  const code = result.outputFiles[0]!.contents;
  return { min: code.byteLength, gzip: gzipSync(code, { level: 9 }).byteLength, metafile: result.metafile };
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
const rows: string[][] = [];
let ours: Metafile | undefined;
for (const [name, source] of Object.entries(APPS)) {
  const { min, gzip, metafile } = await bundle(source);
  ours ??= metafile;
  rows.push([name, String(min), kb(min), String(gzip), kb(gzip)]);
}
const header = ["app", "min bytes", "min", "gzip bytes", "gzip"];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
for (const row of [header, ...rows]) console.log(row.map((c, i) => c.padEnd(widths[i]!)).join("  "));

const oursGzip = Number(rows[0]![3]);
console.log(`\ntarget: bluesky <= ${kb(TARGET_GZIP)} gzip: ${oursGzip <= TARGET_GZIP ? "met" : "MISSED"}`);

// What our bundle is made of, largest first: where to look when the target is missed.
const inputs = Object.values(ours!.outputs)[0]!.inputs;
console.log("\nbluesky bundle by input (minified bytes before gzip):");
for (const [path, { bytesInOutput }] of Object.entries(inputs).sort(
  (a, b) => b[1].bytesInOutput - a[1].bytesInOutput,
)) {
  if (bytesInOutput > 0) console.log(`  ${String(bytesInOutput).padStart(6)}  ${path}`);
}
