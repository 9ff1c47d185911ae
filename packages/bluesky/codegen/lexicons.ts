// The generator's input: the lexicon documents @atproto/api ships (pinned in package.json), read as JSON
// data. Only the four namespaces the SDK covers are kept; everything downstream reads this index.
import { createRequire } from "node:module";
import { schemas } from "@atproto/api";

/** A lexicon schema node, loosely typed: the generator reads fields by the node's `type`. */
export type Lex = {
  type: string;
  description?: string;
  ref?: string;
  refs?: string[];
  closed?: boolean;
  items?: Lex;
  properties?: Record<string, Lex>;
  required?: string[];
  nullable?: string[];
  format?: string;
  knownValues?: string[];
  enum?: (string | number)[];
  const?: string | number | boolean;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  minLength?: number;
  maxGraphemes?: number;
  minGraphemes?: number;
  key?: string;
  accept?: string[];
  maxSize?: number;
  record?: Lex;
  parameters?: Lex;
  input?: { encoding: string; schema?: Lex };
  output?: { encoding: string; schema?: Lex };
  message?: { schema?: Lex };
  errors?: { name: string; description?: string }[];
};

/** One lexicon document. */
export type LexDoc = { lexicon: number; id: string; description?: string; defs: Record<string, Lex> };

/** The namespaces the SDK covers. */
export const COVERED = ["com.atproto.", "app.bsky.", "chat.bsky.", "tools.ozone."] as const;

/** The package and version the lexicons come from, for headers and docs. */
export const SOURCE = (() => {
  const require = createRequire(import.meta.url);
  const { version } = require("@atproto/api/package.json") as { version: string };
  return `@atproto/api ${version}`;
})();

/** The package writes refs as `lex:nsid#def`; lexicon JSON (and everything generated) has no prefix. */
function unprefix(value: unknown): unknown {
  if (typeof value === "string") return value.startsWith("lex:") ? value.slice(4) : value;
  if (Array.isArray(value)) return value.map(unprefix);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, k === "description" ? v : unprefix(v)]),
  );
}

/** Every document the package ships, by NSID, in NSID order (refs may leave the covered namespaces). */
export function loadDocs(): Map<string, LexDoc> {
  const docs = (schemas as unknown as LexDoc[])
    .map((d) => unprefix(d) as LexDoc)
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return new Map(docs.map((d) => [d.id, d]));
}

/** True for an NSID in the namespaces the SDK covers. */
export function isCovered(nsid: string): boolean {
  return COVERED.some((prefix) => nsid.startsWith(prefix));
}

/** `nsid#def` → [nsid, def]; a bare `#def` is relative to `base`, a bare NSID means `main`. */
export function splitRef(ref: string, base: string): [string, string] {
  const [nsid, def] = ref.split("#") as [string, string | undefined];
  return [nsid === "" ? base : nsid, def ?? "main"];
}

/** The `$type` a value of `nsid#def` carries (`main` is left out). */
export function typeName(nsid: string, def: string): string {
  return def === "main" ? nsid : `${nsid}#${def}`;
}

/** Looks up a def; throws when a ref points nowhere (a lexicon bug the generator must not paper over). */
export function resolveDef(docs: Map<string, LexDoc>, nsid: string, def: string): Lex {
  const found = docs.get(nsid)?.defs[def];
  if (!found) throw new Error(`unresolved lexicon ref; ref=${typeName(nsid, def)}`);
  return found;
}

/** What an XRPC operation looks like, read from its main def. */
export type OpKind = "query" | "procedure" | "subscription";

/** True for documents whose main def is an XRPC operation. */
export function isOperation(doc: LexDoc): boolean {
  const t = doc.defs.main?.type;
  return t === "query" || t === "procedure" || t === "subscription";
}
