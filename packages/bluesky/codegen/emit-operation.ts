// models/operations/<nsid>.ts and models/errors/<nsid>.ts: an operation's types, its entry in the
// operation table, and its 400/401 error classes.
import { Checks } from "./checks.js";
import type { LexDoc } from "./lexicons.js";
import { type Op, objectOf, RECORD_TYPED } from "./model.js";
import { firstSentence, Imports, tsFile } from "./source.js";
import { doc, GENERIC, Types } from "./ts-types.js";

/** The names of an operation's request, response and error types. */
export function typeNames(op: Op) {
  const group = op.nsid.split(".").at(-2)!;
  return {
    request: op.request === "json" ? `${op.pascal}RequestBody` : `${op.pascal}Request`,
    response: `${op.pascal}ResponseBody`,
    message: `${op.pascal}Message`,
    badRequest: `${op.pascal}ResponseBody`,
    unauthorized: `${op.pascal}${group[0]!.toUpperCase()}${group.slice(1)}ResponseBody`,
    errorName: `${op.pascal}Error`,
  };
}

const opModule = (op: Op) => `models/operations/${op.file}`;
const errModule = (op: Op) => `models/errors/${op.file}`;

/** The request type's declaration. */
function requestType(op: Op, types: Types, key: string): string {
  const t = typeNames(op);
  const generic = RECORD_TYPED[`${op.nsid}#${key}`] ? GENERIC : "";
  switch (op.request) {
    case "params":
      return `/** Parameters of ${op.nsid}. */\nexport type ${t.request}${generic} = ${types.object(op.main.parameters!, `${op.nsid}#params`)};`;
    case "json": {
      const body = op.main.input!.schema!;
      const shape = body.type === "object" ? types.object(body, `${op.nsid}#input`) : types.of(body);
      return `/** Input of ${op.nsid}. */\nexport type ${t.request}${generic} = ${shape};`;
    }
    case "binary":
      types.use("lib/request", "BinaryInput");
      return `/** Input of ${op.nsid}: the bytes (${op.main.input!.encoding.replace("*/*", "any type")}) and their type. */\nexport type ${t.request} = BinaryInput;`;
    default: {
      const none = op.kind === "procedure" ? "undefined" : "Record<string, never> | undefined";
      return `/** ${op.nsid} takes no ${op.kind === "procedure" ? "input" : "parameters"}. */\nexport type ${t.request} = ${none};`;
    }
  }
}

/** The response type's declaration. */
function responseType(op: Op, types: Types): string {
  const t = typeNames(op);
  if (op.response === "none")
    return `/** ${op.nsid} answers with no body. */\nexport type ${t.response} = undefined;`;
  if (op.response === "binary") {
    types.use("lib/request", "BinaryOutput");
    return `/** Output of ${op.nsid}: the bytes (${op.main.output!.encoding.replace("*/*", "any type")}) and their type. */\nexport type ${t.response} = BinaryOutput;`;
  }
  const schema = op.main.output!.schema!;
  const generic = RECORD_TYPED[`${op.nsid}#output`] ? GENERIC : "";
  const shape = schema.type === "object" ? types.object(schema, `${op.nsid}#output`) : types.of(schema);
  return `/** Output of ${op.nsid}. */\nexport type ${t.response}${generic} = ${shape};`;
}

/** The default input check expression. */
function inputCheck(op: Op, checks: Checks): string {
  const maybe = (inner: string) => {
    checks.schema.add("maybe");
    return `/* @__PURE__ */ maybe(${inner})`;
  };
  switch (op.request) {
    case "params": {
      const check = checks.input(op.main.parameters!);
      return op.optional ? maybe(check) : check;
    }
    case "json":
      return checks.input(op.main.input!.schema!);
    case "binary":
      checks.schema.add("binaryInput");
      return "binaryInput";
    default:
      checks.schema.add(op.kind === "procedure" ? "nothing" : "anyObject");
      return op.kind === "procedure" ? "nothing" : maybe("anyObject");
  }
}

/** The declaration module of one operation. */
export function emitOperation(docs: Map<string, LexDoc>, op: Op): string {
  const module = opModule(op);
  const types = new Types(docs, module, op.nsid, RECORD_TYPED);
  const t = typeNames(op);
  const parts = [types.defs(true)];
  if (op.kind === "subscription") {
    parts.push(requestType(op, types, "params"));
    const message = op.main.message?.schema;
    parts.push(
      `/** A message of ${op.nsid}, tagged with its \`$type\`. */\nexport type ${t.message} = ${message ? types.of(message) : "never"};`,
    );
  } else {
    parts.push(requestType(op, types, op.request === "json" ? "input" : "params"));
    parts.push(responseType(op, types));
  }
  if (op.generic) types.use("models/components/records", "RecordOf");
  const imports = new Imports(module);
  for (const [from, names] of types.imports) imports.types(from, names);
  if (op.kind !== "subscription") parts.push(declaration(docs, op, imports));
  return tsFile(imports, parts.filter(Boolean).join("\n\n"));
}

/** The operation table entry. */
function declaration(docs: Map<string, LexDoc>, op: Op, imports: Imports): string {
  const t = typeNames(op);
  const checks = new Checks(docs, op.nsid);
  const input = inputCheck(op, checks);
  const output =
    op.response === "json" ? checks.output(objectOf(docs, op.nsid, op.main.output!.schema)!) : "";
  imports.add("lib/schema", ...checks.schema);
  imports.add("lib/formats", ...checks.formats);
  imports.add("lib/operation", "type Operation");
  imports.add(errModule(op), `${t.badRequest} as ${op.pascal}BadRequest`, t.unauthorized);
  const fields = [
    `id: ${JSON.stringify(op.nsid)}`,
    `kind: ${JSON.stringify(op.kind)}`,
    `auth: ${JSON.stringify(op.auth)}`,
    op.request === "binary" ? `encoding: "binary"` : "",
    op.response !== "json" ? `response: ${JSON.stringify(op.response)}` : "",
    `input: ${input}`,
    output ? `output: ${output}` : "",
    `errors: ${JSON.stringify(op.errors)}`,
    `badRequest: ${op.pascal}BadRequest`,
    `unauthorized: ${t.unauthorized}`,
  ].filter(Boolean);
  return `${doc(`${op.nsid}: ${firstSentence(op.description)}`)}export const ${op.camel}: Operation<${t.request}, ${t.response}, ${op.pascal}BadRequest, ${t.unauthorized}> = {\n  ${fields.join(",\n  ")},\n};`;
}

/** The error classes module of one operation. */
export function emitErrors(op: Op): string {
  const t = typeNames(op);
  const imports = new Imports(errModule(op));
  imports.add("models/errors/blueskyerror", "type AuthErrorName", "type GenericErrorName", "XRPCError");
  const own = op.errors.map((e) => JSON.stringify(e));
  const listed = own.length
    ? `the lexicon's (${op.errors.map((e) => `\`${e}\``).join(", ")})`
    : "none of its own";
  const body = `/** XRPC error names ${op.method}'s 400 may carry: ${listed}, the generic ones, and names not listed yet. */
export type ${t.errorName} = ${[...own, "GenericErrorName", "(string & {})"].join(" | ")};

/** ${op.nsid} answered 400. */
export class ${t.badRequest} extends XRPCError<${t.errorName}> {
  override readonly name = ${JSON.stringify(t.badRequest)};
}

/** ${op.nsid} answered 401: credentials missing or rejected. */
export class ${t.unauthorized} extends XRPCError<AuthErrorName> {
  override readonly name = ${JSON.stringify(t.unauthorized)};
}`;
  return tsFile(imports, body);
}
