// mcp/tools.ts: one MCP tool per query and procedure of the operation table (subscriptions are streams,
// not calls, and have none), with the lexicon's description and a JSON Schema of what the call takes.
// docs/mcp/tools.md lists them, with the hand-written curated tools first.
import { table } from "./emit-docs.js";
import { type JsonSchema, JsonSchemas } from "./json-schema.js";
import type { LexDoc } from "./lexicons.js";
import type { Op } from "./model.js";
import { Imports, MD_HEADER, tsFile } from "./source.js";

/** A curated tool as the docs list it. */
export type CuratedToolDoc = {
  name: string;
  scope: "read" | "write";
  description: string;
  inputSchema: JsonSchema;
};

const kebab = (s: string) => s.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase();

/** The tool's name: the operation's namespace and method in kebab case, `repo-put-record`. */
export const toolName = (op: Op) => `${kebab(op.ns)}-${kebab(op.method)}`;

/** What a tool for a bytes-taking procedure (uploadBlob, importRepo, uploadVideo) takes. */
function binaryInput(op: Op): JsonSchema {
  const accepted = op.main.input!.encoding;
  return {
    type: "object",
    properties: {
      data: {
        type: "string",
        contentEncoding: "base64",
        description: "The bytes to send, in base64 (or give path).",
      },
      path: {
        type: "string",
        description:
          "A local file to send instead of data; only inside the directory the server was started with (--files DIR).",
      },
      mimeType: {
        type: "string",
        description: `The bytes' content type (${accepted}); guessed from the bytes for common images when left out.`,
      },
    },
  };
}

/** The JSON Schema of a tool's arguments: the query's parameters or the procedure's input. */
export function toolInputSchema(schemas: JsonSchemas, op: Op): JsonSchema {
  switch (op.request) {
    case "params":
      return schemas.of(op.main.parameters!, op.nsid);
    case "json":
      return schemas.of(op.main.input!.schema!, op.nsid);
    case "binary":
      return binaryInput(op);
    case "none":
      return { type: "object", properties: {} };
  }
}

const calls = (ops: Op[]) => ops.filter((op) => op.kind !== "subscription");

/** mcp/tools.ts. */
export function emitMcpTools(docs: Map<string, LexDoc>, ops: Op[]): string {
  const imports = new Imports("mcp/tools");
  imports.add("mcp/tool", "type OperationTool");
  const schemas = new JsonSchemas(docs);
  const entries = calls(ops).map((op) => {
    const description = op.description.trim() || `${op.nsid} (its lexicon has no description).`;
    const request = op.request === "params" || op.request === "json" ? "object" : op.request;
    return `  { name: ${JSON.stringify(toolName(op))}, id: ${JSON.stringify(op.nsid)}, request: "${request}", description: ${JSON.stringify(description)}, inputSchema: ${JSON.stringify(toolInputSchema(schemas, op))} },`;
  });
  return tsFile(
    imports,
    `/** One tool per query and procedure, in NSID order: name, operation, lexicon description and input schema. */
export const operationTools: readonly OperationTool[] = [
${entries.join("\n")}
];`,
  );
}

const firstLine = (s: string) => s.replace(/\s+/g, " ").trim().replaceAll("|", "\\|");

/** The top-level argument names, required ones marked with `*`. */
function argumentList(schema: JsonSchema): string {
  const required = new Set((schema.required as string[] | undefined) ?? []);
  const names = Object.keys((schema.properties as object | undefined) ?? {});
  return names.map((n) => `\`${n}\`${required.has(n) ? "\\*" : ""}`).join(", ") || "none";
}

/** docs/mcp/tools.md: every tool, curated first, then by NSID authority. */
export function emitMcpDocs(docs: Map<string, LexDoc>, ops: Op[], curated: CuratedToolDoc[]): string {
  const schemas = new JsonSchemas(docs);
  const all = calls(ops);
  const groups = new Map<string, Op[]>();
  for (const op of all) {
    const authority = op.nsid.split(".").slice(0, 2).join(".");
    groups.set(authority, [...(groups.get(authority) ?? []), op]);
  }
  const curatedTable = table([
    ["Tool", "Scope", "Arguments", "What it does"],
    ...curated.map((t) => [`\`${t.name}\``, t.scope, argumentList(t.inputSchema), firstLine(t.description)]),
  ]);
  const sections = [...groups].map(([authority, group]) => {
    const rows = group.map((op) => [
      `\`${toolName(op)}\``,
      op.kind === "query" ? "read" : "write",
      `[\`${op.nsid}\`](../sdks/${op.ns.toLowerCase()}/${op.method}.md)`,
      argumentList(toolInputSchema(schemas, op)),
    ]);
    return `## ${authority} (${group.length})\n\n${table([["Tool", "Scope", "Operation", "Arguments"], ...rows])}\n`;
  });
  const reads = all.filter((op) => op.kind === "query").length;
  return `${MD_HEADER}
# MCP tools

\`bluesky mcp start\` serves ${all.length + curated.length} tools: ${curated.length} curated ones for what agents do most,
and one for each of the SDK's ${all.length} queries and procedures, named after its namespace and method
(\`repo.putRecord\` is \`repo-put-record\`). Queries are in the \`read\` scope (${reads + curated.filter((t) => t.scope === "read").length} tools), procedures in \`write\`
(${all.length - reads + curated.filter((t) => t.scope === "write").length}); \`--scope read\` serves only the first, \`--tool NAME\` only the tools named. Each tool's
description is its lexicon's, and its input schema is the lexicon's parameters or input as JSON Schema.
Arguments marked \\* are required. How to run the server: [the README](../../README.md#mcp-server).

## Curated tools

${curatedTable}

${sections.join("\n")}`;
}
