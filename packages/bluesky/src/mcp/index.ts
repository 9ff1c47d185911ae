// `bluesky/mcp`: the MCP server as a library, for embedding it in a program of your own (the `bluesky mcp
// start` command is this plus sign-in and flags). Nothing here is imported by the SDK's other entry points.
export { allTools, selectTools, type ToolSelection, ToolSelectionError } from "./catalog.js";
export { curatedTools } from "./curated/index.js";
export { HTTP_LIMITS, type HttpOptions, type HttpServer, MCP_PATH, serveHttp } from "./http.js";
export { generatedTools, operationTool } from "./operation-tools.js";
export { describeToolError, MAX_BINARY_RESULT_BYTES, type ToolErrorReport } from "./result.js";
export { CALL_TIMEOUT_MS, MAX_MESSAGE_BYTES, type McpServerOptions, mcpServerFactory } from "./server.js";
export type { JsonSchema, OperationTool, Tool, ToolContext, ToolScope } from "./tool.js";
export { operationTools } from "./tools.js";
