// The MCP server: `tools/list` and `tools/call` over a fixed set of tools. It answers both methods
// itself, on the SDK's `McpServer`, because the tools already carry JSON Schemas and the lexicon checks
// their arguments; `registerTool` would add a second schema language and a second validator.
import { McpServer, ProtocolError, ProtocolErrorCode } from "@modelcontextprotocol/server";
import { describeToolError, toolFailure, toolSuccess } from "./result.js";
import type { Tool, ToolContext } from "./tool.js";

/** The largest message a client may send, on either transport (a tool call with a 2 MB image in base64 is 2.7 MB). */
export const MAX_MESSAGE_BYTES = 8 * 1024 * 1024;

/** How long one call to the PDS may take, per attempt: a tool call never hangs on a server that stopped answering. */
export const CALL_TIMEOUT_MS = 120_000;

/** What a server serves, and as whom. */
export type McpServerOptions = {
  tools: readonly Tool[];
  /** The client, account and directory every call runs with. */
  context: Omit<ToolContext, "signal">;
  /** The package version, reported to clients. */
  version: string;
  /** Told to the model when it connects: whose account the tools act as. */
  instructions?: string;
  /** Receives one line per call (tool, outcome, time); never arguments or credentials. */
  log?: (line: string) => void;
};

/**
 * A factory of servers over one tool set: the HTTP transport builds one per request and stdio one per
 * connection, so the tool list is described once, here, and shared.
 */
export function mcpServerFactory(options: McpServerOptions): () => McpServer {
  const byName = new Map(options.tools.map((tool) => [tool.name, tool]));
  const listed = options.tools.map((tool) => ({
    name: tool.name,
    ...(tool.title && { title: tool.title }),
    description: tool.description,
    inputSchema: tool.inputSchema as { type: "object" },
    annotations: { readOnlyHint: tool.scope === "read", openWorldHint: true },
  }));
  const log = options.log ?? (() => {});

  return () => {
    const mcp = new McpServer(
      { name: "bluesky", version: options.version },
      { capabilities: { tools: {} }, ...(options.instructions && { instructions: options.instructions }) },
    );
    mcp.server.setRequestHandler("tools/list", async () => ({ tools: listed }));
    mcp.server.setRequestHandler("tools/call", async (request, ctx) => {
      const { name, arguments: args = {} } = request.params;
      const tool = byName.get(name);
      // An unknown tool is the client's mistake, not the model's: a protocol error, as the spec says.
      if (!tool) throw new ProtocolError(ProtocolErrorCode.InvalidParams, `Unknown tool: ${name}`);
      const started = performance.now();
      const took = () => `${Math.round(performance.now() - started)} ms`;
      try {
        const result = toolSuccess(await tool.run(args, { ...options.context, signal: ctx.mcpReq.signal }));
        log(`${name}: ok in ${took()}`);
        return result;
      } catch (error) {
        const { error: code, status } = describeToolError(error);
        log(`${name}: ${code}${status ? ` (HTTP ${status})` : ""} in ${took()}`);
        return toolFailure(error);
      }
    });
    return mcp;
  };
}
