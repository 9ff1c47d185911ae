// `bluesky mcp start` as MCP hosts run it: its own process (the sources, through tsx), over stdio or
// Streamable HTTP, driven by an official MCP client of either generation: `@modelcontextprotocol/sdk` 1.x,
// which speaks the 2025 protocol most hosts still run, or `@modelcontextprotocol/client` 2.x pinned to
// the 2026-07-28 revision.
import { type ChildProcess, spawn } from "node:child_process";
import type { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { Client as ClientV2, StreamableHTTPClientTransport as HttpV2 } from "@modelcontextprotocol/client";
import { StdioClientTransport as StdioV2 } from "@modelcontextprotocol/client/stdio";
import { Client as ClientV1 } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport as StdioV1 } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport as HttpV1 } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

export const PACKAGE_DIR = fileURLToPath(new URL("..", import.meta.url));
const CLI = ["--conditions=bsky-source", "--import", "tsx", "src/cli/main.ts", "mcp", "start"];

/** Which official client: the 2025-era 1.x or the 2026-07-28-era 2.x. */
export type Flavor = "v1" | "v2";
export type TransportKind = "stdio" | "http";

/** A tool as tools/list returns it. */
export type ListedTool = {
  name: string;
  title?: string;
  description?: string;
  inputSchema: Record<string, unknown>;
  annotations?: { readOnlyHint?: boolean };
};
/** A tools/call result. */
export type CallResult = { content: { type: string; text?: string }[]; isError?: boolean };

/** What both client generations offer, as far as these tests use them. */
export type McpClient = {
  listTools(): Promise<{ tools: ListedTool[] }>;
  callTool(params: { name: string; arguments?: Record<string, unknown> }): Promise<CallResult>;
  close(): Promise<void>;
};

/** A connected client, the server behind it and everything it wrote to stderr. */
export type McpSession = { client: McpClient; stderr(): string; url?: string; stop(): Promise<void> };

const info = { name: "bluesky-tests", version: "1.0.0" };

/** A client of one generation. */
export function mcpClient(flavor: Flavor): McpClient {
  return (flavor === "v1"
    ? new ClientV1(info)
    : new ClientV2(info, { versionNegotiation: { mode: { pin: "2026-07-28" } } })) as unknown as McpClient;
}

/** The JSON a tool returned (its text content), or throws with the tool error it returned instead. */
export function parsed<T = Record<string, unknown>>(result: CallResult): T {
  const text = result.content.find((c) => c.type === "text")?.text ?? "";
  if (result.isError) throw new Error(`tool error: ${text}`);
  return JSON.parse(text) as T;
}

/** The error a tool returned, as the model reads it. */
export function toolError(result: CallResult): { error: string; message: string; status?: number } {
  if (!result.isError) throw new Error("expected a tool error");
  return JSON.parse(result.content[0]!.text!);
}

function collect(stream: Readable | null | undefined): () => string {
  let text = "";
  stream?.on("data", (chunk: Buffer) => {
    text += chunk.toString();
  });
  return () => text;
}

/** Spawns `bluesky mcp start --http --port 0 <args>` and resolves with the URL it prints once listening. */
async function startHttpServer(env: Record<string, string>, args: string[]) {
  const child: ChildProcess = spawn(process.execPath, [...CLI, "--http", "--port", "0", ...args], {
    cwd: PACKAGE_DIR,
    env: { PATH: process.env.PATH, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const stderr = collect(child.stderr);
  const stdout = collect(child.stdout);
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL within 60 s:\n${stderr()}`)), 60_000);
    child.stderr!.on("data", () => {
      const found = stderr().match(/at (http:\/\/\S+\/mcp)/);
      if (found) {
        clearTimeout(timer);
        resolve(found[1]!);
      }
    });
    child.once("exit", (code) => reject(new Error(`exited with ${code} before listening:\n${stderr()}`)));
  });
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
  };
  return { url, stderr, stdout, stop };
}

/** Starts the server over `transport` and connects a `flavor` client to it. */
export async function connectMcp(
  transport: TransportKind,
  flavor: Flavor,
  env: Record<string, string>,
  args: string[] = [],
): Promise<McpSession> {
  const client = mcpClient(flavor);
  if (transport === "stdio") {
    const params = {
      command: process.execPath,
      args: [...CLI, ...args],
      cwd: PACKAGE_DIR,
      env: { PATH: process.env.PATH!, ...env },
      stderr: "pipe" as const,
    };
    const stdio = flavor === "v1" ? new StdioV1(params) : new StdioV2(params);
    const stderr = collect(stdio.stderr as Readable | null);
    await (client as unknown as { connect(t: unknown): Promise<void> }).connect(stdio);
    return { client, stderr, stop: () => client.close() };
  }
  const server = await startHttpServer(env, args);
  const http = flavor === "v1" ? new HttpV1(new URL(server.url)) : new HttpV2(new URL(server.url));
  await (client as unknown as { connect(t: unknown): Promise<void> }).connect(http);
  return {
    client,
    url: server.url,
    stderr: server.stderr,
    async stop() {
      await client.close();
      await server.stop();
      // stdout of an HTTP server carries nothing: the protocol is on the socket.
      if (server.stdout()) throw new Error(`the HTTP server wrote to stdout: ${server.stdout()}`);
    },
  };
}
