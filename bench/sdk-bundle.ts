// Bundle sizes of browser apps written with our SDK and with the three reference clients, side by side:
// one putRecord call; ten operations through standalone functions; the whole client with every
// namespace. The operations come from packages/bluesky/src/funcs, so the apps follow the generator.
// Run: npm run bench -- bench/sdk-bundle.ts
import { gzipSync } from "node:zlib";
import { build, type Metafile } from "esbuild";
import { buildLexSchemas, lexModule } from "./sdk/lex.ts";
import { pickOperations, type SdkOperation, sdkOperations } from "./sdk/operations.ts";
import { kb, printTable } from "./sdk/table.ts";

const SERVICE = `"https://pds.example"`;
const PUT = `{ repo: "did:plc:ewvi7nxzyoun6zhxrhs64oiz", collection: "app.bsky.feed.post", rkey: "3jzfcijpj2z2a",
  record: { $type: "app.bsky.feed.post", text: "hello", createdAt: new Date().toISOString() } }`;
// Requests of the multi-operation apps: shape does not change the bundle, so one placeholder serves all.
const ANY = "({} as never)";

/** Each client's app for a list of operations; `put` is the one-call app's request. */
type Client = { name: string; app(ops: SdkOperation[], lex: string, request: string): string };

const CLIENTS: Client[] = [
  {
    name: "bluesky (BlueskyCore + standalone functions)",
    app: (ops, _lex, request) => `
      import { BlueskyCore } from "bluesky/core.js";
      ${ops.map((op) => `import { ${op.fn} } from "bluesky/funcs/${op.fn}.js";`).join("\n")}
      const client = new BlueskyCore({ serverURL: ${SERVICE}, bearer: "token" });
      ${ops.map((op) => `{ const res = await ${op.fn}(client, ${request}); console.log(res.ok ? res.value : res.error); }`).join("\n")}`,
  },
  {
    name: "@atproto/api (AtpAgent)",
    app: (ops, _lex, request) => `
      import { AtpAgent } from "@atproto/api";
      const agent = new AtpAgent({ service: ${SERVICE} });
      agent.setHeader("authorization", "Bearer token");
      ${ops.map((op) => `console.log((await (agent as any).${op.nsid}(${request})).data);`).join("\n")}`,
  },
  {
    name: "@atproto/lex (Client + lex build schemas)",
    app: (ops, lex, request) => `
      import { Client } from "@atproto/lex";
      ${ops.map((op, i) => `import * as op${i} from ${JSON.stringify(lexModule(lex, op.nsid))};`).join("\n")}
      const client = new Client({ service: ${SERVICE}, headers: { authorization: "Bearer token" } });
      ${ops.map((_, i) => `console.log(await client.call(op${i} as any, ${request}));`).join("\n")}`,
  },
  {
    name: "@atcute/client (Client + simpleFetchHandler)",
    app: (ops, _lex, request) => `
      import { Client, simpleFetchHandler } from "@atcute/client";
      const rpc: any = new Client({ handler: simpleFetchHandler({ service: ${SERVICE} }) });
      const headers = { authorization: "Bearer token" };
      ${ops
        .map((op) =>
          op.kind === "query"
            ? `console.log((await rpc.get("${op.nsid}", { params: ${request}, headers })).data);`
            : `console.log((await rpc.post("${op.nsid}", { input: ${request}, headers })).data);`,
        )
        .join("\n")}`,
  },
];

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

/** Bundles every client's app and prints one table; returns our gzip size and our metafile. */
async function section(
  title: string,
  apps: string[],
  target?: number,
  names = CLIENTS.map((c) => c.name),
): Promise<Metafile> {
  console.log(`\n## ${title}\n`);
  const sizes = [];
  for (const source of apps) sizes.push(await bundle(source));
  const ours = sizes[0]!;
  printTable([
    ["app", "min", "gzip", "gzip bytes", "gzip vs bluesky"],
    ...sizes.map((s, i) => [
      names[i]!,
      kb(s.min),
      kb(s.gzip),
      String(s.gzip),
      `${(s.gzip / ours.gzip).toFixed(2)}×`,
    ]),
  ]);
  if (target !== undefined) {
    console.log(
      `target: bluesky <= ${kb(target)} gzip: ${ours.gzip <= target ? "met" : "MISSED"} (${kb(ours.gzip)})`,
    );
  }
  return ours.metafile;
}

const all = await sdkOperations();
const put = all.filter((op) => op.nsid === "com.atproto.repo.putRecord");
const ten = pickOperations(all, 10);
const lexPut = buildLexSchemas("put", ["com.atproto.repo.putRecord"]);
const lexTen = buildLexSchemas(
  "ten",
  ten.map((op) => op.nsid),
);
const lexAll = buildLexSchemas("all", []);

console.log(`bluesky has ${all.length} standalone functions.`);
const putMeta = await section(
  "One putRecord call",
  CLIENTS.map((c) => c.app(put, lexPut, PUT)),
  6 * 1024,
);
console.log(`\nThe 10-operation apps import: ${ten.map((op) => op.fn).join(", ")}.`);
await section(
  "Ten operations through standalone functions",
  CLIENTS.map((c) => c.app(ten, lexTen, ANY)),
  10 * 1024,
);
await section(
  "The whole client, every namespace",
  [
    `import { Bluesky } from "bluesky";
   const bluesky = new Bluesky({ serverURL: ${SERVICE}, bearer: "token" });
   console.log(bluesky, await bluesky.repo.putRecord(${PUT}));`,
    CLIENTS[1]!.app(put, lexPut, PUT),
    `import { Client } from "@atproto/lex";
   import * as lexicons from ${JSON.stringify(`${lexAll}/index.ts`)};
   const client = new Client({ service: ${SERVICE}, headers: { authorization: "Bearer token" } });
   console.log(lexicons, await client.call(lexicons.com.atproto.repo.putRecord as any, ${PUT}));`,
    CLIENTS[3]!.app(put, lexPut, PUT),
  ],
  undefined,
  ["bluesky (Bluesky class)", CLIENTS[1]!.name, "@atproto/lex (Client + every lexicon)", CLIENTS[3]!.name],
);

// OAuth in a browser app: the SDK's adapter over the app's own BrowserOAuthClient, against the same
// app with @atproto/api's Agent over the same client (both sign in with the maintained library).
await section(
  "One putRecord call, signed in with OAuth (@atproto/oauth-client-browser)",
  [
    `import { BrowserOAuthClient } from "@atproto/oauth-client-browser";
   import { BlueskyCore } from "bluesky/core.js";
   import { repoPutRecord } from "bluesky/funcs/repoPutRecord.js";
   import { initBrowserOAuth } from "bluesky/oauth/browser.js";
   const oauth = new BrowserOAuthClient({ handleResolver: "https://bsky.social" });
   const client = new BlueskyCore({ serverURL: ${SERVICE} });
   await initBrowserOAuth(client, oauth);
   const res = await repoPutRecord(client, ${PUT}); console.log(res.ok ? res.value : res.error);`,
    `import { BrowserOAuthClient } from "@atproto/oauth-client-browser";
   import { Agent } from "@atproto/api";
   const oauth = new BrowserOAuthClient({ handleResolver: "https://bsky.social" });
   const found = await oauth.init();
   const agent = new Agent(found!.session);
   console.log((await agent.com.atproto.repo.putRecord(${PUT})).data);`,
  ],
  undefined,
  ["bluesky + bluesky/oauth/browser.js", "@atproto/api (Agent over the OAuth session)"],
);

// What the one-call bundle is made of, largest first: where to look when its target is missed.
console.log("\nbluesky one-call bundle by input (minified bytes before gzip):");
const inputs = Object.values(putMeta.outputs)[0]!.inputs;
for (const [path, { bytesInOutput }] of Object.entries(inputs).sort(
  (a, b) => b[1].bytesInOutput - a[1].bytesInOutput,
)) {
  if (bytesInOutput > 0) console.log(`  ${String(bytesInOutput).padStart(6)}  ${path}`);
}
