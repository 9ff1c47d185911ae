// Lexicon schemas → the checks every call runs by default (src/lib/schema.ts combinators). They are the
// cheap part of validation: types, required fields and string formats of the input, two object levels
// deep, and the top-level shape of the output. Lengths, graphemes, enums and records are the opt-in
// validator's (src/lib/lex), which reads the lexicon documents instead of generated code.
import { type Lex, type LexDoc, resolveDef, splitRef, typeName } from "./lexicons.js";

/** Lexicon string format → the schema constant in src/lib/formats.ts. */
const FORMATS: Record<string, string> = {
  "at-identifier": "atIdentifier",
  "at-uri": "atUri",
  cid: "cid",
  datetime: "datetime",
  did: "did",
  handle: "handle",
  language: "language",
  nsid: "nsid",
  "record-key": "recordKey",
  tid: "tid",
  uri: "uri",
};

/** How deep the default input check follows objects before it only asks for an object. */
const INPUT_DEPTH = 2;

const pure = (call: string) => `/* @__PURE__ */ ${call}`;

/** Writes check expressions for one module and collects the helpers they import. */
export class Checks {
  readonly schema = new Set<string>();
  readonly formats = new Set<string>();

  constructor(
    readonly docs: Map<string, LexDoc>,
    readonly nsid: string,
  ) {}

  private helper(name: string): string {
    this.schema.add(name);
    return name;
  }

  /** Resolves refs to the node they name, and the NSID relative refs inside it are resolved against. */
  private deref(node: Lex, base: string): [Lex, string] {
    while (node.type === "ref") {
      const [nsid, def] = splitRef(node.ref!, base);
      node = resolveDef(this.docs, nsid, def);
      base = nsid;
    }
    return [node, base];
  }

  /** The default input check of a params object or a JSON input schema. */
  input(node: Lex, base = this.nsid, depth = 0): string {
    const [n, b] = this.deref(node, base);
    switch (n.type) {
      case "string": {
        const format = n.format && FORMATS[n.format];
        if (!format) return this.helper("anyStr");
        this.formats.add(format);
        return format;
      }
      case "integer":
        return pure(`${this.helper("int")}(${n.minimum ?? "-Infinity"}, ${n.maximum ?? "Infinity"})`);
      case "boolean":
        return this.helper("bool");
      case "array": {
        const max = n.maxLength !== undefined ? `, ${n.maxLength}` : "";
        return pure(`${this.helper("arr")}(${this.input(n.items!, b, depth)}${max})`);
      }
      case "union": {
        if (depth >= INPUT_DEPTH) return this.helper("anyObject");
        const members = (n.refs ?? []).map((r) => {
          const [nsid, def] = splitRef(r, b);
          return `${JSON.stringify(typeName(nsid, def))}: ${this.input({ type: "ref", ref: r }, b, depth)}`;
        });
        return pure(`${this.helper("union")}({ ${members.join(", ")} }, ${n.closed ? "false" : "true"})`);
      }
      case "object":
      case "params":
        return depth > INPUT_DEPTH ? this.helper("anyObject") : this.object(n, b, depth + 1, true);
      default:
        return this.helper("anyObject");
    }
  }

  /** The default output check: the top level's required fields and primitive types. */
  output(node: Lex): string {
    const [n, b] = this.deref(node, this.nsid);
    return n.type === "object" ? this.object(n, b, 0, false) : this.helper("anyObject");
  }

  /** A shallow check of one output field. */
  private shallow(node: Lex, base: string): string {
    const [n, b] = this.deref(node, base);
    if (n.type === "string") return this.helper("anyStr");
    if (n.type === "integer") return pure(`${this.helper("int")}()`);
    if (n.type === "boolean") return this.helper("bool");
    if (n.type === "array") return pure(`${this.helper("arr")}(${this.shallow(n.items!, b)})`);
    return this.helper("anyObject");
  }

  private object(n: Lex, base: string, depth: number, deep: boolean): string {
    const required = new Set(n.required ?? []);
    const nullable = new Set(n.nullable ?? []);
    const req: string[] = [];
    const opt: string[] = [];
    for (const [k, v] of Object.entries(n.properties ?? {})) {
      let check = deep ? this.input(v, base, depth) : this.shallow(v, base);
      if (nullable.has(k)) check = pure(`${this.helper("nullable")}(${check})`);
      (required.has(k) ? req : opt).push(`${JSON.stringify(k)}: ${check}`);
    }
    const args = opt.length ? `{ ${req.join(", ")} }, { ${opt.join(", ")} }` : `{ ${req.join(", ")} }`;
    return pure(`${this.helper("obj")}(${args})`);
  }
}
