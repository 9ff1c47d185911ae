#!/usr/bin/env node
// The `bluesky-mcp` command: `bluesky mcp start` under a name of its own, for MCP clients' configurations.
import { launch } from "./launch.js";

await launch(["mcp", "start", ...process.argv.slice(2)]);
