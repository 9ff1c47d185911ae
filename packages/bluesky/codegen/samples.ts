// A valid value for any lexicon schema: the docs pages' examples and the request-shape tests' requests
// and responses. Required fields only (optional ones too when `full`), the first member of a union, and
// strings that satisfy their format, length and grapheme limits.
import { type Lex, type LexDoc, resolveDef, splitRef, typeName } from "./lexicons.js";

const DID = "did:plc:ewvi7nxzyoun6zhxrhs64oiz";
const CID = "bafyreiclp443lavogvhj3d2ob2cxbfuscni2k5jk7bebjzg7khl3esabwq";

/** A string of each lexicon format. */
export const FORMAT_SAMPLES: Record<string, string> = {
  "at-identifier": "alice.bsky.social",
  "at-uri": `at://${DID}/app.bsky.feed.post/3jzfcijpj2z2a`,
  cid: CID,
  datetime: "2024-11-21T12:00:00.000Z",
  did: DID,
  handle: "alice.bsky.social",
  language: "en",
  nsid: "app.bsky.feed.post",
  "record-key": "3jzfcijpj2z2a",
  tid: "3jzfcijpj2z2a",
  uri: "https://example.com/",
};

/** Options for a sample. */
export type SampleOptions = { full?: boolean; depth?: number };

/** Makes sample values against one set of documents. */
export class Samples {
  constructor(readonly docs: Map<string, LexDoc>) {}

  /** A value of `node`, whose relative refs resolve against `nsid`. */
  of(node: Lex, nsid: string, opts: SampleOptions = {}, depth = 0): unknown {
    switch (node.type) {
      case "boolean":
        return node.const ?? node.default ?? true;
      case "integer": {
        if (node.const !== undefined) return node.const;
        if (node.enum) return node.enum[0];
        const low = node.minimum ?? 0;
        return Math.min(Math.max(low, 1), node.maximum ?? 1);
      }
      case "string":
        return this.string(node);
      case "bytes":
        return { $bytes: "AQID" };
      case "cid-link":
        return { $link: CID };
      case "blob":
        return {
          $type: "blob",
          ref: { $link: CID },
          mimeType: node.accept?.[0]?.replace("*", "png") ?? "image/png",
          size: 3,
        };
      case "unknown":
        return { $type: "app.example.thing", a: 1 };
      case "array": {
        const count = Math.max(node.minLength ?? 0, depth > 3 && !node.minLength ? 0 : 1);
        return Array.from({ length: count }, () => this.of(node.items!, nsid, opts, depth + 1));
      }
      case "ref": {
        const [target, def] = splitRef(node.ref!, nsid);
        const resolved = resolveDef(this.docs, target, def);
        if (resolved.type === "token") return typeName(target, def);
        return this.of(resolved.type === "record" ? resolved.record! : resolved, target, opts, depth);
      }
      case "union": {
        // A union with no members yet (lexicons declare some for later) takes any open member.
        if (!node.refs?.length) return { $type: "app.example.thing" };
        const [target, def] = splitRef(node.refs![0]!, nsid);
        const value = this.of({ type: "ref", ref: node.refs![0]! }, nsid, opts, depth + 1);
        return { $type: typeName(target, def), ...(value as object) };
      }
      case "object":
      case "params":
        return this.object(node, nsid, opts, depth);
      default:
        throw new Error(`no sample for lexicon type; type=${node.type}`);
    }
  }

  private object(node: Lex, nsid: string, opts: SampleOptions, depth: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const required = new Set(node.required ?? []);
    const limit = opts.depth ?? 6;
    for (const [k, v] of Object.entries(node.properties ?? {})) {
      if (!required.has(k) && !(opts.full && depth < limit)) continue;
      out[k] = this.of(v, nsid, opts, depth + 1);
    }
    return out;
  }

  private string(node: Lex): string {
    if (node.const !== undefined) return String(node.const);
    if (node.enum) return String(node.enum[0]);
    if (node.knownValues?.length) return node.knownValues[0]!;
    if (node.format) return FORMAT_SAMPLES[node.format] ?? "x";
    const min = Math.max(node.minLength ?? 0, node.minGraphemes ?? 0, 1);
    return "x".repeat(Math.min(min, node.maxLength ?? min, node.maxGraphemes ?? min));
  }
}

/** Writes a sample as a TypeScript literal: unquoted keys where they can be, two-space indents. */
export function literal(value: unknown, indent = ""): string {
  if (Array.isArray(value)) {
    if (!value.length) return "[]";
    return `[\n${value.map((v) => `${indent}  ${literal(v, `${indent}  `)},`).join("\n")}\n${indent}]`;
  }
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value);
    if (!entries.length) return "{}";
    const key = (k: string) => (/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k));
    return `{\n${entries.map(([k, v]) => `${indent}  ${key(k)}: ${literal(v, `${indent}  `)},`).join("\n")}\n${indent}}`;
  }
  return JSON.stringify(value);
}
