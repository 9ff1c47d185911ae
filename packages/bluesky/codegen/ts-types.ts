// Lexicon schemas → TypeScript types. Every def has one home module and one name (defName); a module
// asks `Types.of(node)` for a type expression and collects the imports it needs on the way.
import { isOperation, type Lex, type LexDoc, resolveDef, splitRef, typeName } from "./lexicons.js";

const cap = (s: string) => s[0]!.toUpperCase() + s.slice(1);
const pascal = (nsid: string) => nsid.split(".").map(cap).join("");
const fileOf = (nsid: string) => nsid.split(".").join("").toLowerCase();

/** Where a def's type lives (path under src/, without extension) and what it is called. */
export function defHome(
  docs: Map<string, LexDoc>,
  nsid: string,
  def: string,
): { module: string; name: string } {
  const doc = docs.get(nsid);
  if (!doc) throw new Error(`unknown lexicon; nsid=${nsid}`);
  const folder = isOperation(doc) ? "models/operations" : "models/components";
  return { module: `${folder}/${fileOf(nsid)}`, name: pascal(nsid) + (def === "main" ? "" : cap(def)) };
}

/** A property name as it must be written in a type literal. */
export const propKey = (k: string) => (/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k));

/** Doc comment for a description, one line per paragraph, `*​/` defused. */
export function doc(description: string | undefined, indent = ""): string {
  if (!description) return "";
  const text = description.replaceAll("*/", "*\\/").trim();
  return `${indent}/** ${text.split("\n").join(`\n${indent} * `)} */\n`;
}

/** The type parameter of declarations typed by a record collection. */
export const GENERIC = "<C extends string = string>";

/** Per-property type overrides for generic record operations, keyed `nsid#part`. */
export type Overrides = Record<string, Record<string, string>>;

/** Collects the type expressions of one module and the imports they need. */
export class Types {
  /** module path → names imported from it. */
  readonly imports = new Map<string, Set<string>>();

  constructor(
    readonly docs: Map<string, LexDoc>,
    /** The module being written, e.g. `models/operations/comatprotorepoputrecord`. */
    readonly module: string,
    readonly nsid: string,
    readonly overrides: Overrides = {},
  ) {}

  /** Notes that `name` is needed from `module` (nothing when it is this module). */
  use(module: string, name: string): string {
    if (module !== this.module) {
      const names = this.imports.get(module) ?? new Set<string>();
      names.add(name);
      this.imports.set(module, names);
    }
    return name;
  }

  /** The type name of a ref, imported when it lives elsewhere. */
  ref(ref: string): string {
    const [nsid, def] = splitRef(ref, this.nsid);
    resolveDef(this.docs, nsid, def);
    const home = defHome(this.docs, nsid, def);
    return this.use(home.module, home.name);
  }

  /** The type of one schema node. `key` names an override set for an object node. */
  of(node: Lex, key?: string): string {
    switch (node.type) {
      case "boolean":
        return node.const !== undefined ? String(node.const) : "boolean";
      case "integer":
        if (node.const !== undefined) return String(node.const);
        return node.enum ? node.enum.join(" | ") : "number";
      case "string":
        if (node.const !== undefined) return JSON.stringify(node.const);
        if (node.enum) return node.enum.map((v) => JSON.stringify(v)).join(" | ");
        if (node.knownValues?.length) {
          return `${node.knownValues.map((v) => JSON.stringify(v)).join(" | ")} | (string & {})`;
        }
        return "string";
      case "unknown":
        return this.use("models/components/json", "JsonObject");
      case "blob":
        return this.use("models/components/json", "BlobRef");
      case "bytes":
        return this.use("models/components/json", "Bytes");
      case "cid-link":
        return this.use("models/components/json", "CidLink");
      case "array":
        return `${this.wrap(this.of(node.items!))}[]`;
      case "ref":
        return this.ref(node.ref!);
      case "union":
        return this.union(node);
      case "object":
      case "params":
        return this.object(node, key);
      default:
        throw new Error(`unsupported lexicon type in a value position; type=${node.type} nsid=${this.nsid}`);
    }
  }

  private wrap(t: string): string {
    return /[|&]/.test(t) ? `(${t})` : t;
  }

  /** A union of `$type`-tagged members; open unions also admit members this SDK does not know. */
  union(node: Lex): string {
    const typed = this.use("models/components/json", "$Typed");
    const members = (node.refs ?? []).map((r) => {
      const [nsid, def] = splitRef(r, this.nsid);
      return `${typed}<${this.ref(r)}, ${JSON.stringify(typeName(nsid, def))}>`;
    });
    if (!node.closed) members.push(this.use("models/components/json", "$Unknown"));
    return members.join(" | ") || "never";
  }

  /** An object literal type; `$type` is added for named defs by the caller. */
  object(node: Lex, key?: string, extra = ""): string {
    const required = new Set(node.required ?? []);
    const nullable = new Set(node.nullable ?? []);
    const override = key ? this.overrides[key] : undefined;
    const lines = Object.entries(node.properties ?? {}).map(([k, v]) => {
      let t = override?.[k] ?? this.of(v);
      if (nullable.has(k)) t = `${t} | null`;
      return `${doc(v.description, "  ")}  ${propKey(k)}${required.has(k) ? "" : "?"}: ${t};`;
    });
    if (extra) lines.unshift(extra);
    return lines.length ? `{\n${lines.join("\n")}\n}` : "{}";
  }

  /** `export type` declarations for every def of the current doc except the operation's main. */
  defs(skipMain: boolean): string {
    const out: string[] = [];
    for (const [def, node] of Object.entries(this.docs.get(this.nsid)!.defs)) {
      if (def === "main" && skipMain) continue;
      const key = `${this.nsid}#${def}`;
      const name = defHome(this.docs, this.nsid, def).name + (this.overrides[key] ? GENERIC : "");
      const self = JSON.stringify(typeName(this.nsid, def));
      let body: string;
      if (node.type === "token") body = self;
      else if (node.type === "record") {
        const json = this.use("models/components/json", "JsonObject");
        body = `${this.object(node.record!, undefined, `  $type?: ${self};`)} & ${json}`;
      } else if (node.type === "object") body = this.object(node, key, `  $type?: ${self};`);
      else if (node.type === "permission-set" || node.type === "subscription") continue;
      else body = this.of(node);
      out.push(`${doc(node.description)}export type ${name} = ${body};`);
    }
    return out.join("\n\n");
  }
}
