// funcs/<opId>.ts: the standalone function of each operation, one call into the runtime.
import { typeNames } from "./emit-operation.js";
import type { Op } from "./model.js";
import type { OpNames } from "./names.js";
import { firstSentence, Imports, tsFile } from "./source.js";
import { doc } from "./ts-types.js";

const opModule = (op: Op) => `models/operations/${op.file}`;

/** The request parameter: optional when nothing in it is required. */
function requestParam(op: Op, type: string): string {
  return op.optional ? `request?: ${type}` : `request: ${type}`;
}

/** The standalone function of a query or procedure. */
function callFunction(op: Op): string {
  const t = typeNames(op);
  const imports = new Imports(`funcs/${op.fn}`);
  imports.add("core", "type BlueskyCore");
  imports.add("lib/operation", "type OperationError");
  imports.add("lib/sdks", "type RequestOptions");
  imports.add("types/fp", "type Result");
  imports.add(opModule(op), `type ${t.request}`, op.camel);
  const gen = op.generic ? "<C>" : "";
  const errorType = `${op.Fn}Error`;
  const summary = doc(
    `${firstSentence(op.description).replace(/\.$/, "") || op.nsid} (${op.nsid}); never rejects for a known error.`,
  );
  const errorDecl = `/** Every error ${op.fn} can return. */\nexport type ${errorType} = OperationError<typeof ${op.camel}>;`;
  if (op.pageItems !== undefined) {
    imports.add("lib/paged", "callPaged");
    imports.add("types/pages", "type Paged");
    imports.add(opModule(op), `type ${t.response}`);
    const body = `${t.response}${gen}`;
    const item = `NonNullable<${body}[${JSON.stringify(op.pageItems)}]>[number]`;
    return tsFile(
      imports,
      `${errorDecl}

/** A page of ${op.method}: its fields, \`next()\`, and \`for await\` over pages or \`each()\` over ${op.pageItems}. */
export type ${op.Fn}Page${op.generic ? "<C extends string = string>" : ""} = Paged<${body}, ${item}, ${errorType}>;

${summary}export function ${op.fn}${op.generic ? "<C extends string>" : ""}(
  client: BlueskyCore,
  ${requestParam(op, `${t.request}${gen}`)},
  options?: RequestOptions,
): Promise<Result<${op.Fn}Page${gen}, ${errorType}>> {
  return callPaged(client, ${op.camel}, ${JSON.stringify(op.pageItems)}, request, options)${op.generic ? ` as Promise<Result<${op.Fn}Page${gen}, ${errorType}>>` : ""};
}`,
    );
  }
  imports.add(opModule(op), `type ${t.response}`);
  // Byte inputs go through callBinary, which keeps a stream body for a resend after a refresh or retry.
  const caller = op.request === "binary" ? "callBinary" : "call";
  imports.add(op.request === "binary" ? "lib/call-binary" : "lib/call", caller);
  if (!op.generic) {
    return tsFile(
      imports,
      `${errorDecl}

${summary}export function ${op.fn}(
  client: BlueskyCore,
  ${requestParam(op, t.request)},
  options?: RequestOptions,
): Promise<Result<${t.response}, ${errorType}>> {
  return ${caller}(client, ${op.camel}, request, options);
}`,
    );
  }
  const responseGeneric = op.nsid === "com.atproto.repo.getRecord" ? "<C>" : "";
  return tsFile(
    imports,
    `${errorDecl}

${summary}export function ${op.fn}<C extends string>(
  client: BlueskyCore,
  ${requestParam(op, `${t.request}<C>`)},
  options?: RequestOptions,
): Promise<Result<${t.response}${responseGeneric}, ${errorType}>> {
  return call(client, ${op.camel}, request as ${t.request}, options) as Promise<Result<${t.response}${responseGeneric}, ${errorType}>>;
}`,
  );
}

/** The standalone function of a subscription: decoded, typed frames from the WebSocket runtime. */
function subscribeFunction(op: Op): string {
  const t = typeNames(op);
  const imports = new Imports(`funcs/${op.fn}`);
  imports.add("core", "type BlueskyCore");
  imports.add("lib/subscribe", "subscribe", "type SubscribeOptions");
  imports.add(opModule(op), `type ${t.request}`, `type ${t.message}`);
  return tsFile(
    imports,
    `${doc(`${firstSentence(op.description)} (${op.nsid}): its messages as they arrive, decoded and tagged with \`$type\`; resumes from the last cursor after a reconnect.`)}export function ${op.fn}(
  client: BlueskyCore,
  ${requestParam(op, t.request)},
  options?: SubscribeOptions,
): AsyncIterable<${t.message}> {
  return subscribe<${t.message}>(client, ${JSON.stringify(op.nsid)}, request ?? {}, options);
}`,
  );
}

/** The standalone function module of one operation. */
export function emitFunction(op: Op): string {
  return op.kind === "subscription" ? subscribeFunction(op) : callFunction(op);
}

/** A module that re-exports an operation's function under its 0.1 name. */
export function emitFunctionAlias(op: Op, alias: OpNames): string {
  const imports = new Imports(`funcs/${alias.fn}`);
  const names = [`${op.fn} as ${alias.fn}`, `type ${op.Fn}Error as ${alias.Fn}Error`];
  if (op.pageItems !== undefined) names.push(`type ${op.Fn}Page as ${alias.Fn}Page`);
  return tsFile(
    imports,
    `/** \`${alias.fn}\` is this SDK's 0.1 name of \`${op.fn}\` (${op.nsid}). */
export { ${names.join(", ")} } from "./${op.fn}.js";`,
  );
}
