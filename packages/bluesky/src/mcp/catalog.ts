// Which tools a server serves: the curated ones and one per operation, narrowed by scope and by an
// allow-list. A name in the allow-list that matches nothing is an error, not a silent empty server.
import { curatedTools } from "./curated/index.js";
import { generatedTools } from "./operation-tools.js";
import type { Tool, ToolScope } from "./tool.js";

/** What to serve: `read` serves only the read tools; `tools` (names, `*` matching any run of characters) only those named. */
export type ToolSelection = { scope?: ToolScope; tools?: readonly string[] };

/** An allow-list entry matches no tool, or names a tool outside the scope. */
export class ToolSelectionError extends Error {
  override readonly name = "ToolSelectionError";
}

/** Every tool there is: curated first, then one per query and procedure. */
export function allTools(): Tool[] {
  return [...curatedTools, ...generatedTools()];
}

const matcher = (pattern: string) => {
  const source = pattern.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"));
  const re = new RegExp(`^${source.join(".*")}$`);
  return (name: string) => re.test(name);
};

/** The tools `selection` allows, in catalog order. */
export function selectTools(selection: ToolSelection = {}, tools: readonly Tool[] = allTools()): Tool[] {
  const scope = selection.scope ?? "write";
  const inScope = tools.filter((t) => scope === "write" || t.scope === "read");
  if (!selection.tools?.length) return inScope;
  const patterns = selection.tools.map((p) => ({ p, test: matcher(p) }));
  for (const { p, test } of patterns) {
    if (inScope.some((t) => test(t.name))) continue;
    const outside = tools.find((t) => test(t.name));
    throw new ToolSelectionError(
      outside
        ? `--tool ${p}: ${outside.name} is a write tool, and the scope is read`
        : `--tool ${p}: no such tool (docs/mcp/tools.md lists them)`,
    );
  }
  return inScope.filter((t) => patterns.some(({ test }) => test(t.name)));
}
