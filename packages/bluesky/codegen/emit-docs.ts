// docs/sdks/<namespace>/<method>.md: one page per operation, with every section of the API page
// (putRecord-sdk.md): overview, example, standalone function, React hooks, parameters, response, errors.
import { typeNames } from "./emit-operation.js";
import type { LexDoc } from "./lexicons.js";
import type { Op } from "./model.js";
import { legacyOf } from "./names.js";
import { literal, Samples } from "./samples.js";
import { MD_HEADER } from "./source.js";

const cap = (s: string) => s[0]!.toUpperCase() + s.slice(1);
/** From docs/sdks/<ns>/ to the package root. */
const ROOT = "../../..";

/** The example request, as source text (empty when the call takes none). */
function exampleRequest(docs: Map<string, LexDoc>, op: Op, indent: string): string {
  const samples = new Samples(docs);
  if (op.request === "none") return "";
  if (op.request === "binary") {
    return `{\n${indent}  body: new Uint8Array([1, 2, 3]),\n${indent}  contentType: ${JSON.stringify(op.main.input!.encoding.replace("*/*", "image/png"))},\n${indent}}`;
  }
  const node = op.request === "params" ? op.main.parameters! : op.main.input!.schema!;
  const value = samples.of(node, op.nsid) as Record<string, unknown>;
  if (op.nsid === "com.atproto.repo.putRecord" || op.nsid === "com.atproto.repo.createRecord") {
    value.record = {
      $type: "app.bsky.feed.post",
      text: "Hello, world",
      createdAt: "2024-11-21T12:00:00.000Z",
    };
  }
  return Object.keys(value).length ? literal(value, indent) : "";
}

/** A Markdown table, columns padded to their widest cell. */
export const table = (rows: string[][]) => {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  return [
    line(rows[0]!),
    `| ${widths.map((w) => "-".repeat(w)).join(" | ")} |`,
    ...rows.slice(1).map(line),
  ].join("\n");
};

const SHARED_ERRORS = [
  ["errors.Unauthorized", "403, 407, 511"],
  ["errors.NotFound", "404, 501, 505"],
  ["errors.Timeout", "408, 504"],
  ["errors.BadRequest", "413, 414, 415, 422, 431, 510"],
  ["errors.RateLimited", "429"],
  ["errors.InternalServerError", "500, 502, 503, 506, 507, 508"],
];

function hooksSection(op: Op): string {
  if (op.kind === "subscription") return "";
  const imports =
    op.kind === "procedure"
      ? `  // Mutation hook for triggering the API call.\n  use${op.Fn}Mutation`
      : `  // Query hooks for fetching data.\n  use${op.Fn}Query,\n  use${op.Fn}Suspense,\n\n  // Utility for fetching data ahead of time.\n  prefetch${op.Fn},\n\n  // Utilities to invalidate the query cache for this query in response to mutations and other user actions.\n  invalidate${op.Fn},\n  invalidateAll${op.Fn},`;
  return `### React hooks and utilities

This method can be used in React components through the following hooks and
associated utilities.

> Check out [this guide][hook-guide] for information about each of the utilities
> below and how to get started using React hooks.

[hook-guide]: ${ROOT}/README.md#react-hooks

\`\`\`tsx
import {
${imports}
} from "bluesky/react-query/${op.fn}.js";
\`\`\`

`;
}

/** The page of one operation. */
export function emitDocsPage(docs: Map<string, LexDoc>, op: Op): string {
  const t = typeNames(op);
  const description = op.description || op.nsid;
  const request = exampleRequest(docs, op, "  ");
  const args = request ? `${request}` : "";
  const sub = op.kind === "subscription";
  const call = sub
    ? `  for await (const message of bluesky.${op.ns}.${op.method}(${args})) {\n    // Handle each message\n    console.log(message.$type);\n  }`
    : `  const result = await bluesky.${op.ns}.${op.method}(${args});\n\n  // Handle the result\n  console.log(result);`;
  const standalone = sub
    ? `  for await (const message of ${op.fn}(bluesky${args ? `, ${args}` : ""})) {\n    // Handle each message\n    console.log(message.$type);\n  }`
    : `  const res = await ${op.fn}(bluesky${args ? `, ${args}` : ""});\n\n  if (!res.ok) {\n    throw res.error;\n  }\n\n  const { value: result } = res;\n\n  // Handle the result\n  console.log(result);`;
  const opLink = (name: string) => `[operations.${name}](${ROOT}/src/models/operations/${op.file}.ts)`;
  const alias = legacyOf(op);
  const params = table([
    ["Parameter", "Type", "Required", "Description"],
    [
      "`request`",
      opLink(t.request),
      op.optional ? ":heavy_minus_sign:" : ":heavy_check_mark:",
      "The request object to use for the request.",
    ],
    [
      "`options`",
      sub ? "SubscribeOptions" : "RequestOptions",
      ":heavy_minus_sign:",
      "Used to set various options for making HTTP requests.",
    ],
    [
      "`options.fetchOptions`",
      "[RequestInit](https://developer.mozilla.org/en-US/docs/Web/API/Request/Request#options)",
      ":heavy_minus_sign:",
      "Options that are passed to the underlying HTTP request. This can be used to inject extra headers for examples. All `Request` options, except `method` and `body`, are allowed.",
    ],
    [
      "`options.retries`",
      `[RetryConfig](${ROOT}/src/lib/retries.ts)`,
      ":heavy_minus_sign:",
      "Enables retrying HTTP requests under certain failure conditions.",
    ],
  ]);
  const errors = table([
    ["Error Type", "Status Code", "Content Type"],
    [`errors.${t.badRequest}`, "400", "application/json"],
    [`errors.${t.unauthorized}`, "401", "application/json"],
    ...SHARED_ERRORS.map(([e, s]) => [e!, s!, "application/json"]),
    ["errors.APIError", "4XX, 5XX", "\\*/\\*"],
  ]);
  const response = sub
    ? `**AsyncIterable\\<${opLink(t.message)}\\>**`
    : `**Promise\\<${op.pageItems !== undefined ? `${op.Fn}Page of ` : ""}${opLink(t.response)}\\>**`;
  return `${MD_HEADER}
# ${cap(op.ns)}
(*${op.ns}*)

## Overview

### Available Operations

* [${op.method}](#${op.method.toLowerCase()}) - ${description.split("\n")[0]}

## ${op.method}

${description}

XRPC: \`${op.nsid}\` (${op.kind}${op.errors.length ? `; lexicon errors: ${op.errors.map((e) => `\`${e}\``).join(", ")}` : ""}).${alias ? ` Also available under this SDK's 0.1 names \`bluesky.${alias.ns}.${alias.method}\` and \`${alias.fn}\`.` : ""}${op.pageItems !== undefined ? ` Paged: \`for await\` over the result walks every page, \`each()\` every item of \`${op.pageItems}\`.` : ""}

### Example Usage

\`\`\`typescript
import { Bluesky } from "bluesky";

const bluesky = new Bluesky({
  bearer: process.env["BLUESKY_BEARER"] ?? "",
});

async function run() {
${call}
}

run();
\`\`\`

### Standalone function

The standalone function version of this method:

\`\`\`typescript
import { BlueskyCore } from "bluesky/core.js";
import { ${op.fn} } from "bluesky/funcs/${op.fn}.js";

// Use \`BlueskyCore\` for best tree-shaking performance.
// You can create one instance of it to use across an application.
const bluesky = new BlueskyCore({
  bearer: process.env["BLUESKY_BEARER"] ?? "",
});

async function run() {
${standalone}
}

run();
\`\`\`

${hooksSection(op)}### Parameters

${params}

### Response

${response}

${sub ? "" : `### Errors\n\n${errors}\n`}`;
}
