// The index modules: models/operations, models/errors, react-query, sdk, and the operation table.
import { typeNames } from "./emit-operation.js";
import { type Namespace, nsClass, nsModule } from "./emit-sdk.js";
import type { Op } from "./model.js";
import { legacyOf } from "./names.js";
import { Imports, tsFile } from "./source.js";

const exportAll = (modules: string[]) => modules.map((m) => `export * from "./${m}.js";`).join("\n");

/** models/operations/index.ts. */
export function emitOperationsIndex(ops: Op[]): string {
  return tsFile(new Imports("models/operations/index"), exportAll(ops.map((op) => op.file)));
}

/** models/errors/index.ts: the shared classes (hand-written) and each operation's. */
export function emitErrorsIndex(ops: Op[]): string {
  const shared = ["apierror", "blueskyerror", "httpclienterrors", "sdkvalidationerror", "shared"];
  const own = ops.filter((op) => op.kind !== "subscription").map((op) => op.file);
  return tsFile(new Imports("models/errors/index"), exportAll([...shared, ...own]));
}

/** react-query/index.ts: the provider, the factories and every operation's hooks. */
export function emitHooksIndex(ops: Op[]): string {
  const modules = ops
    .filter((op) => op.kind !== "subscription")
    .flatMap((op) => [op.fn, legacyOf(op)?.fn])
    .filter((m): m is string => m !== undefined)
    .sort();
  return tsFile(
    new Imports("react-query/index"),
    `// \`bluesky/react-query\`: the provider, the hook factories (to bind your own functions, such as the
// verified ones in \`bluesky/integrity.js\`) and every operation's hooks.
export { BlueskyProvider, BlueskyProviderMissingError, useBlueskyContext } from "./_context.js";
export * from "./_infinite.js";
export * from "./_mutation.js";
export * from "./_query.js";
export * from "./_types.js";
${exportAll(modules)}`,
  );
}

/** sdk/index.ts. */
export function emitSdkIndex(all: Namespace[]): string {
  const lines = all.map(
    ({ ns }) => `export { ${nsClass(ns)} } from "./${nsModule(ns).split("/").at(-1)}.js";`,
  );
  lines.push(`export { Namespaces } from "./namespaces.js";`, `export { Bluesky } from "./sdk.js";`);
  return tsFile(new Imports("sdk/index"), lines.join("\n"));
}

/** operations/index.ts: every query and procedure by NSID, and the names each goes by. */
export function emitOperationTable(ops: Op[]): string {
  const imports = new Imports("operations/index");
  const calls = ops.filter((op) => op.kind !== "subscription");
  for (const op of calls) imports.add(`models/operations/${op.file}`, op.camel);
  const names = ops.map((op) => {
    const t = typeNames(op);
    return `  ${JSON.stringify(op.nsid)}: { ns: ${JSON.stringify(op.ns)}, method: ${JSON.stringify(op.method)}, fn: ${JSON.stringify(op.fn)}, request: ${JSON.stringify(t.request)}${op.pageItems ? `, pageItems: ${JSON.stringify(op.pageItems)}` : ""} },`;
  });
  return tsFile(
    imports,
    `/**
 * The operation table, by NSID. Each entry lives in its own module so a bundle that imports one standalone
 * function carries one declaration; this map is for code that wants them all (the CLI, docs, tests).
 */
export const operations = {
${calls.map((op) => `  ${JSON.stringify(op.nsid)}: ${op.camel},`).join("\n")}
} as const;

/** An NSID the SDK has a declaration for. */
export type OperationId = keyof typeof operations;

/** The names every operation goes by: namespace and method on \`Bluesky\`, standalone function, request type. */
export const operationNames: Record<string, { ns: string; method: string; fn: string; request: string; pageItems?: string }> = {
${names.join("\n")}
};`,
  );
}
