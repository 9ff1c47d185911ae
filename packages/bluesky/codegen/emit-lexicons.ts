// lexicons/<nsid>.ts: each lexicon document as data (descriptions left out), for the opt-in validator,
// and records/<collection>.ts: a record type's `$type`, `$build` and `$validate`.
import { type Lex, type LexDoc, splitRef } from "./lexicons.js";
import { Imports, tsFile } from "./source.js";
import { defHome } from "./ts-types.js";

const camel = (nsid: string) =>
  nsid
    .split(".")
    .map((s, i) => (i ? s[0]!.toUpperCase() + s.slice(1) : s))
    .join("");
const file = (nsid: string) => nsid.split(".").join("").toLowerCase();

/** The variable a lexicon document is exported as. */
export const lexiconVar = (nsid: string) => `${camel(nsid)}Lexicon`;
/** The module of a lexicon document. */
export const lexiconModule = (nsid: string) => `lexicons/${file(nsid)}`;

function strip(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(strip);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([k]) => k !== "description")
      .map(([k, v]) => [k, strip(v)]),
  );
}

/** One lexicon document as a module. */
export function emitLexicon(doc: LexDoc): string {
  const imports = new Imports(lexiconModule(doc.id));
  imports.add("lib/lex/types", "type LexiconDoc");
  const data = strip({ lexicon: doc.lexicon, id: doc.id, defs: doc.defs });
  return tsFile(
    imports,
    `/** The ${doc.id} lexicon. */\nexport const ${lexiconVar(doc.id)}: LexiconDoc = ${JSON.stringify(data)};`,
  );
}

/** lexicons/index.ts: every document, for validating any call's input. */
export function emitLexiconIndex(docs: Map<string, LexDoc>): string {
  const imports = new Imports("lexicons/index");
  imports.add("lib/lex/types", "type LexiconDoc");
  for (const nsid of docs.keys()) imports.add(lexiconModule(nsid), lexiconVar(nsid));
  return tsFile(
    imports,
    `/** Every lexicon document of the covered namespaces. */\nexport const lexicons: LexiconDoc[] = [${[...docs.keys()].map(lexiconVar).join(", ")}];`,
  );
}

/** The NSIDs a document's refs reach, itself included, in NSID order. */
export function reachable(docs: Map<string, LexDoc>, nsid: string): string[] {
  const seen = new Set<string>();
  const visit = (id: string) => {
    if (seen.has(id)) return;
    seen.add(id);
    const walk = (v: unknown): void => {
      if (Array.isArray(v)) {
        v.forEach(walk);
        return;
      }
      if (v === null || typeof v !== "object") return;
      const node = v as Lex;
      for (const r of [
        ...(node.ref ? [node.ref] : []),
        ...(node.type === "union" ? (node.refs ?? []) : []),
      ]) {
        visit(splitRef(r, id)[0]);
      }
      Object.values(v).forEach(walk);
    };
    walk(docs.get(id)!.defs);
  };
  visit(nsid);
  return [...seen].sort();
}

/** records/<collection>.ts. */
export function emitRecord(docs: Map<string, LexDoc>, nsid: string): string {
  const module = `records/${camel(nsid)}`;
  const imports = new Imports(module);
  const home = defHome(docs, nsid, "main");
  imports.add(home.module, `type ${home.name}`);
  imports.add("lib/lex/validate", "validateRecord");
  imports.add("models/errors/sdkvalidationerror", "type SDKValidationError");
  imports.add("types/fp", "type Result");
  const needed = reachable(docs, nsid);
  for (const id of needed) imports.add(lexiconModule(id), lexiconVar(id));
  const T = home.name;
  return tsFile(
    imports,
    `export type { ${T} as Record };

/** The collection: every record of it carries this \`$type\`. */
export const $type = ${JSON.stringify(nsid)};

/** A ${nsid} record with \`$type\` filled in. Nothing is checked: see \`$validate\`. */
export function $build(record: ${T}): ${T} & { $type: typeof $type } {
  return { ...record, $type };
}

/** True when \`value\` says it is a ${nsid} record (its \`$type\`); nothing else is checked. */
export function $isTypeOf(value: unknown): value is ${T} {
  return typeof value === "object" && value !== null && (value as { $type?: unknown }).$type === $type;
}

/**
 * Checks \`value\` against the lexicon (formats, lengths, graphemes, enums, unions, blobs, integers): the
 * record, or an SDKValidationError naming the first bad path. Importing it brings the lexicons it needs.
 */
export function $validate(value: unknown): Result<${T}, SDKValidationError> {
  return validateRecord([${needed.map(lexiconVar).join(", ")}], $type, value) as Result<${T}, SDKValidationError>;
}`,
  );
}

/** records/index.ts: every collection's module as a namespace, e.g. \`appBskyFeedPost.$build(...)\`. */
export function emitRecordIndex(nsids: string[]): string {
  const lines = nsids.map((nsid) => `export * as ${camel(nsid)} from "./${camel(nsid)}.js";`);
  return tsFile(new Imports("records/index"), lines.join("\n"));
}
