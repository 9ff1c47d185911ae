// The generated tools at work: each entry of mcp/tools.ts runs its operation through the SDK's one
// `call`, so sessions, refresh, routing to the account's PDS, validation and errors are the SDK's own.
import { call } from "../lib/call.js";
import type { AnyOperation } from "../lib/operation.js";
import { type BinaryOutput, operationURL } from "../lib/request.js";
import { operations } from "../operations/index.js";
import { unwrap } from "../types/fp.js";
import { bytesArgument } from "./bytes.js";
import type { BinaryResult } from "./result.js";
import type { OperationTool, Tool, ToolContext } from "./tool.js";
import { operationTools } from "./tools.js";

/** The request a generated tool's arguments make: the arguments themselves, bytes, or nothing. */
async function requestOf(spec: OperationTool, args: Record<string, unknown>, ctx: ToolContext) {
  if (spec.request === "none") return undefined;
  if (spec.request === "object") return args;
  const { bytes, mimeType } = await bytesArgument(args, ctx.files);
  return { body: bytes, ...(mimeType && { contentType: mimeType }) };
}

/** The tool of one operation: read scope for a query, write for a procedure. */
export function operationTool(spec: OperationTool): Tool {
  const op = operations[spec.id] as AnyOperation;
  return {
    name: spec.name,
    title: spec.id,
    description: spec.description,
    inputSchema: spec.inputSchema,
    scope: op.kind === "query" ? "read" : "write",
    async run(args, ctx) {
      const request = await requestOf(spec, args, ctx);
      const value = unwrap(await call(ctx.client, op, request, { fetchOptions: { signal: ctx.signal } }));
      if (op.response !== "binary") return value;
      const base = ctx.client._session?.serviceURL ?? ctx.client._baseURL;
      return { ...(value as BinaryOutput), url: operationURL(base, op, request) } satisfies BinaryResult;
    },
  };
}

/** A tool for every query and procedure of the operation table. */
export function generatedTools(): Tool[] {
  return operationTools.map(operationTool);
}
