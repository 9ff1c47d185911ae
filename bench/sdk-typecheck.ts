// Type-checking cost of an app file that calls 20 operations (or every one the SDK has, if fewer), with
// our standalone functions, @atproto/api's AtpAgent and @atproto/lex's Client: `tsc --noEmit` wall
// time on each project, against an empty project for tsc's own start-up. Our package is checked from
// its built declarations (dist/), as an app sees it. Run: npm run bench -- bench/sdk-typecheck.ts [runs]
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildLexSchemas, lexModule } from "./sdk/lex.ts";
import { pickOperations, type SdkOperation, sdkOperations } from "./sdk/operations.ts";
import { median, printTable } from "./sdk/table.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const DIR = join(ROOT, "bench/.peers/typecheck");
const TSC = join(ROOT, "node_modules/typescript/bin/tsc");
const TSCONFIG = {
  compilerOptions: {
    target: "ES2022",
    module: "NodeNext",
    moduleResolution: "NodeNext",
    lib: ["ES2023", "DOM"],
    strict: true,
    skipLibCheck: true,
    noEmit: true,
    types: [],
  },
  files: ["app.ts"],
};

/** Each project's app.ts for the operations. */
const APPS: Record<string, (ops: SdkOperation[], lex: string) => string> = {
  "empty (tsc start-up)": () => "export {};\n",
  "bluesky (standalone functions)": (ops) => `
import { BlueskyCore } from "bluesky/core.js";
${ops.map((op) => `import { ${op.fn} } from "bluesky/funcs/${op.fn}.js";`).join("\n")}
const client = new BlueskyCore({ serverURL: "https://pds.example" });
export async function run(): Promise<void> {
${ops
  .map(
    (op, i) => `  const r${i} = await ${op.fn}(client, {} as unknown as Parameters<typeof ${op.fn}>[1]);
  console.log(r${i}.ok ? r${i}.value : r${i}.error.name);`,
  )
  .join("\n")}
}
`,
  "@atproto/api (AtpAgent)": (ops) => `
import { AtpAgent } from "@atproto/api";
const agent = new AtpAgent({ service: "https://pds.example" });
export async function run(): Promise<void> {
${ops
  .map(
    (
      op,
      i,
    ) => `  const r${i} = await agent.${op.nsid}({} as unknown as Parameters<typeof agent.${op.nsid}>[0]);
  console.log(r${i}.data);`,
  )
  .join("\n")}
}
`,
  "@atproto/lex (Client + schemas)": (ops, lex) => `
import { Client } from "@atproto/lex";
${ops.map((op, i) => `import * as op${i} from ${JSON.stringify(lexModule(lex, op.nsid).replace(/\.ts$/, ".js"))};`).join("\n")}
const client = new Client({ service: "https://pds.example" });
export async function run(): Promise<void> {
${ops.map((_, i) => `  console.log(await client.call(op${i}, {} as never));`).join("\n")}
}
`,
};

const runs = Number(process.argv[2] ?? 5);
const ops = pickOperations(await sdkOperations(), 20);
const lex = buildLexSchemas(
  "typecheck",
  ops.map((op) => op.nsid),
);
// Our declarations as published: build dist/ (incremental, quick when up to date).
execFileSync(process.execPath, [TSC, "-b", join(ROOT, "packages/bluesky")], { stdio: "inherit" });

rmSync(DIR, { recursive: true, force: true });
const times: Record<string, number[]> = {};
for (const [i, [name, app]] of Object.entries(APPS).entries()) {
  const dir = join(DIR, String(i));
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "app.ts"), app(ops, lex));
  writeFileSync(join(dir, "tsconfig.json"), JSON.stringify(TSCONFIG));
  writeFileSync(join(dir, "package.json"), JSON.stringify({ type: "module" }));
  times[name] = [];
}
// Rounds alternate the projects, so load from other processes hits all alike.
for (let r = 0; r < runs; r++) {
  for (const [i, name] of Object.keys(APPS).entries()) {
    const t0 = performance.now();
    execFileSync(process.execPath, [TSC, "--noEmit", "-p", join(DIR, String(i))], { stdio: "inherit" });
    times[name]!.push(performance.now() - t0);
  }
}

console.log(
  `tsc --noEmit of one file calling ${ops.length} operations: ${ops.map((op) => op.fn).join(", ")}`,
);
console.log(`median of ${runs} runs\n`);
const base = median(times["empty (tsc start-up)"]!);
const ours = median(times["bluesky (standalone functions)"]!) - base;
printTable([
  ["project", "tsc ms", "minus start-up", "vs bluesky"],
  ...Object.keys(APPS).map((name) => {
    const t = median(times[name]!);
    return [
      name,
      t.toFixed(0),
      (t - base).toFixed(0),
      name.startsWith("empty") ? "" : `${((t - base) / ours).toFixed(2)}×`,
    ];
  }),
]);
