// `bluesky <namespace> <method> --param value ...`: every operation of the generated table from the
// command line. Flags are the operation's parameters (queries) or top-level input fields (procedures),
// typed by its lexicon; `--input FILE|-` gives the whole JSON input (or the bytes of a binary one).
import { readFile } from "node:fs/promises";
import { lexicons } from "../lexicons/index.js";
import { call } from "../lib/call.js";
import type { LexNode } from "../lib/lex/types.js";
import { operationNames, operations } from "../operations/index.js";
import { unwrap } from "../types/fp.js";
import { type Command, type CommandContext, readClient } from "./commands.js";
import { UsageError } from "./errors.js";

/** The NSID named by `<namespace> <method>`, or undefined. */
export function findOperation(ns: string, method: string): string | undefined {
  return Object.entries(operationNames).find(
    ([id, n]) => n.ns === ns && n.method === method && id in operations,
  )?.[0];
}

/** True when `name` is a namespace of the operation table. */
export function isNamespace(name: string): boolean {
  return Object.values(operationNames).some((n) => n.ns === name);
}

/** `namespace method` lines for help, one per operation. */
export function operationUsage(): string[] {
  return Object.values(operationNames).map((n) => `${n.ns} ${n.method}`);
}

/** One flag's value as the lexicon types it; the error names the parameter. */
function typed(name: string, node: LexNode, values: string[]): unknown {
  const one = (v: string, n: LexNode): unknown => {
    switch (n.type) {
      case "integer":
        if (!/^-?\d+$/.test(v)) throw new UsageError(`--${name}: expected an integer; got ${v}`);
        return Number(v);
      case "boolean":
        if (v !== "true" && v !== "false")
          throw new UsageError(`--${name}: expected true or false; got ${v}`);
        return v === "true";
      case "string":
        return v;
      default:
        try {
          return JSON.parse(v);
        } catch {
          throw new UsageError(`--${name}: expected JSON; got ${v}`);
        }
    }
  };
  if (node.type === "array") return values.map((v) => one(v, node.items!));
  if (values.length > 1) throw new UsageError(`--${name}: given more than once`);
  return one(values[0]!, node);
}

async function readSource(source: string, stdin: NodeJS.ReadableStream): Promise<Buffer> {
  if (source !== "-") return readFile(source);
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks);
}

/** The operation's flags: its parameters or top-level input fields, each repeatable (arrays). */
function fieldsOf(id: string): Record<string, LexNode> {
  const main = lexicons.find((d) => d.id === id)!.defs.main as LexNode;
  return (main.type === "query" ? main.parameters : main.input?.schema)?.properties ?? {};
}

/** The request from the flags and `--input`; errors name the flag. */
async function requestOf(id: string, ctx: CommandContext): Promise<Record<string, unknown> | undefined> {
  const op = operations[id as keyof typeof operations];
  const { input, "content-type": contentType, ...rest } = ctx.flags;
  let request: Record<string, unknown> | undefined;
  if (op.encoding === "binary") {
    if (typeof input !== "string")
      throw new UsageError(`--input: ${id} sends bytes; give a file, or - for stdin`);
    request = { body: new Uint8Array(await readSource(input, ctx.stdin)) };
    if (typeof contentType === "string") request.contentType = contentType;
  } else if (typeof input === "string") {
    try {
      request = JSON.parse((await readSource(input, ctx.stdin)).toString("utf8"));
    } catch (err) {
      throw new UsageError(`--input: not JSON; ${(err as Error).message}`);
    }
  }
  const fields = fieldsOf(id);
  for (const [name, values] of Object.entries(rest)) {
    const node = fields[name];
    if (values === undefined || !node) continue;
    request = { ...request, [name]: typed(name, node, values as string[]) };
  }
  return request;
}

/** The command for `bluesky <ns> <method>`; throws a UsageError naming what exists when it does not. */
export function operationCommand(ns: string, method: string | undefined): Command {
  const id = method === undefined ? undefined : findOperation(ns, method);
  if (!id) {
    const methods = Object.values(operationNames)
      .filter((n) => n.ns === ns)
      .map((n) => n.method);
    throw new UsageError(`unknown method: ${ns} ${method ?? ""}\n${ns} has: ${methods.join(", ")}`);
  }
  const fields = Object.keys(fieldsOf(id));
  const options: Command["options"] = { input: { type: "string" }, "content-type": { type: "string" } };
  for (const name of fields) options[name] = { type: "string", multiple: true };
  return {
    usage: `${ns} ${method} ${fields.map((f) => `[--${f} VALUE]`).join(" ")} [--input FILE|-] [--json]`,
    args: [],
    options,
    async run(ctx) {
      const request = await requestOf(id, ctx);
      const client = await readClient(ctx);
      return unwrap(await call(client, operations[id as keyof typeof operations] as never, request as never));
    },
  };
}
