// What the MCP server serves: tools, each a name, a description, a JSON Schema of its arguments, a scope,
// and a function of the arguments. Generated tools (one per operation, mcp/tools.ts) and the curated
// ones (mcp/curated/) have this one shape; the server knows nothing else about them.
import type { BlueskyCore } from "../core.js";
import type { OperationId } from "../operations/index.js";

/** A JSON Schema, as plain data. */
export type JsonSchema = { [key: string]: unknown };

/** `read` tools only read; `write` tools change data (every procedure is one, whatever it does). */
export type ToolScope = "read" | "write";

/** One generated tool's entry in mcp/tools.ts: a query or procedure of the operation table. */
export type OperationTool = {
  name: string;
  id: OperationId;
  /** What the call takes: parameters or a JSON body (`object`), bytes (`binary`), or nothing (`none`). */
  request: "object" | "binary" | "none";
  description: string;
  inputSchema: JsonSchema;
};

/** What a tool call runs with. */
export type ToolContext = {
  /** The client the calls go through: its session, if any, refreshes itself and routes to the account's PDS. */
  client: BlueskyCore;
  /** The signed-in account's DID; undefined without a session. */
  did?: string;
  /** The one directory whose files tools may read (`--files`); undefined: tools read no local files. */
  files?: string;
  /** Aborted when the client cancels the call. */
  signal?: AbortSignal;
};

/**
 * A tool the server lists and calls. `run` resolves to the result (JSON, or `{ body, contentType }` bytes)
 * or rejects with the error the model reads; the server turns either into the tool result.
 */
export type Tool = {
  name: string;
  title?: string;
  description: string;
  inputSchema: JsonSchema;
  scope: ToolScope;
  run(args: Record<string, unknown>, ctx: ToolContext): Promise<unknown>;
};

/** A tool's arguments were refused before any call was made; `field` names the argument. */
export class ToolInputError extends Error {
  override readonly name = "ToolInputError";
  /** The XRPC error name the model sees, as if the server had refused the input. */
  readonly error: string = "InvalidRequest";

  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

/** A write tool was called without a session. */
export class NotSignedInError extends Error {
  override readonly name = "NotSignedInError";
  readonly error = "AuthRequired";

  constructor() {
    super("this tool writes as the signed-in account, and the server was started without one");
  }
}
