// Lexicon schemas → JSON Schema (draft 2020-12, the dialect MCP tools declare), for the MCP server's
// tool inputs. Refs are inlined, so a client needs no resolver; a ref that reaches itself again becomes a
// plain object. Where a lexicon rule has no JSON Schema keyword (graphemes, UTF-8 byte lengths, the
// atproto string formats) the schema states a bound that every valid value meets, and the description
// says the rule itself: the server checks the exact rule with the lexicon before it sends anything.
import { type Lex, type LexDoc, resolveDef, splitRef, typeName } from "./lexicons.js";

/** A JSON Schema, as plain data. */
export type JsonSchema = { [key: string]: unknown };

const HANDLE = String.raw`([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+[a-zA-Z]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?`;
const DID = "did:[a-z]+:[a-zA-Z0-9._:%-]*[a-zA-Z0-9._-]";

/**
 * Each atproto string format as JSON Schema: a standard `format` where one means the same, else a
 * pattern from the atproto syntax specs plus the format's length limit. The patterns for `did`, `handle`,
 * `at-identifier`, `nsid`, `tid`, `record-key` and `cid` are exact; `at-uri` and `language` admit a few
 * strings the SDK refuses (test/mcp-schema.test.ts runs every interop vector through them).
 */
export const FORMAT_SCHEMAS: Record<string, JsonSchema> = {
  "at-identifier": { pattern: `^(${DID}|${HANDLE})$`, maxLength: 2048 },
  "at-uri": {
    pattern: "^at://[a-zA-Z0-9._:%-]+(/[a-zA-Z0-9.-]+(/[a-zA-Z0-9._~:@!$&%')(*+,;=-]+)?)?$",
    maxLength: 8192,
  },
  cid: { pattern: "^(?!Qmb)[a-zA-Z0-9+=]{8,256}$" },
  datetime: { format: "date-time" },
  did: { pattern: `^${DID}$`, maxLength: 2048 },
  handle: { pattern: `^${HANDLE}$`, maxLength: 253 },
  language: { pattern: "^(i|[xX]|[a-z]{2,3})(-[a-zA-Z0-9]+)*$", maxLength: 128 },
  nsid: {
    pattern: String.raw`^[a-zA-Z]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)+\.[a-zA-Z][a-zA-Z0-9]{0,62}$`,
    maxLength: 317,
  },
  "record-key": { pattern: String.raw`^(?!\.{1,2}$)[a-zA-Z0-9._~:-]{1,512}$` },
  tid: { pattern: "^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$" },
  uri: { format: "uri" },
};

/** Joins a description and the rules JSON Schema cannot state, as sentences. */
function describe(description: string | undefined, notes: string[]): { description?: string } {
  const text = [description?.trim(), ...notes].filter(Boolean).join(" ");
  return text ? { description: text } : {};
}

/** Converts lexicon nodes of one set of documents. */
export class JsonSchemas {
  constructor(readonly docs: Map<string, LexDoc>) {}

  /** The schema of `node`, whose relative refs resolve against `nsid`; `seen` holds the refs being expanded. */
  of(node: Lex, nsid: string, seen: readonly string[] = []): JsonSchema {
    switch (node.type) {
      case "boolean":
        return { type: "boolean", ...pick(node, "const", "default"), ...describe(node.description, []) };
      case "integer":
        return {
          type: "integer",
          ...pick(node, "minimum", "maximum", "enum", "const", "default"),
          ...describe(node.description, []),
        };
      case "string":
        return this.string(node);
      case "bytes":
        return {
          type: "object",
          required: ["$bytes"],
          properties: { $bytes: { type: "string", contentEncoding: "base64" } },
          ...describe(node.description, ['Bytes, as {"$bytes": "<base64>"}.']),
        };
      case "cid-link":
        return {
          type: "object",
          required: ["$link"],
          properties: { $link: { type: "string", ...FORMAT_SCHEMAS.cid } },
          ...describe(node.description, ['A CID link, as {"$link": "<cid>"}.']),
        };
      case "blob":
        return blob(node);
      case "unknown":
        return { type: "object", ...describe(node.description, []) };
      case "array":
        return {
          type: "array",
          items: this.of(node.items!, nsid, seen),
          ...(node.minLength !== undefined && { minItems: node.minLength }),
          ...(node.maxLength !== undefined && { maxItems: node.maxLength }),
          ...describe(node.description, []),
        };
      case "ref":
        return this.ref(node.ref!, nsid, seen, node.description);
      case "union":
        return this.union(node, nsid, seen);
      case "object":
      case "params":
        return this.object(node, nsid, seen);
      default:
        throw new Error(`no JSON Schema for lexicon type; type=${node.type} nsid=${nsid}`);
    }
  }

  private string(node: Lex): JsonSchema {
    const notes: string[] = [];
    const format = node.format ? FORMAT_SCHEMAS[node.format] : undefined;
    if (node.format) notes.push(`Format: ${node.format}.`);
    if (node.maxGraphemes !== undefined) notes.push(`At most ${node.maxGraphemes} graphemes.`);
    if (node.minGraphemes !== undefined) notes.push(`At least ${node.minGraphemes} graphemes.`);
    if (node.maxLength !== undefined) notes.push(`At most ${node.maxLength} bytes of UTF-8.`);
    if (node.knownValues?.length) notes.push(`Known values: ${node.knownValues.join(", ")}.`);
    // A string of n UTF-8 bytes has at most n code points, and one of g graphemes at least g: both bounds
    // hold for every valid value. A byte minimum m only implies ceil(m/4) code points.
    const minLength = Math.max(node.minGraphemes ?? 0, Math.ceil((node.minLength ?? 0) / 4));
    const maxLength = Math.min(
      node.maxLength ?? Number.POSITIVE_INFINITY,
      (format?.maxLength as number | undefined) ?? Number.POSITIVE_INFINITY,
    );
    return {
      type: "string",
      ...format,
      ...(minLength > 0 && { minLength }),
      ...(Number.isFinite(maxLength) && { maxLength }),
      ...pick(node, "enum", "const", "default"),
      ...describe(node.description, notes),
    };
  }

  private ref(ref: string, base: string, seen: readonly string[], description?: string): JsonSchema {
    const [nsid, def] = splitRef(ref, base);
    const name = typeName(nsid, def);
    const target = resolveDef(this.docs, nsid, def);
    if (target.type === "token") {
      return { type: "string", const: name, ...describe(description ?? target.description, []) };
    }
    if (seen.includes(name)) {
      return {
        type: "object",
        ...describe(description, [`A ${name} (it contains itself; see its lexicon).`]),
      };
    }
    const node = target.type === "record" ? target.record! : target;
    const schema = this.of(node, nsid, [...seen, name]);
    return description ? { ...schema, description } : schema;
  }

  private union(node: Lex, nsid: string, seen: readonly string[]): JsonSchema {
    const members = (node.refs ?? []).map((ref) => {
      const [target, def] = splitRef(ref, nsid);
      const type = typeName(target, def);
      const schema = this.ref(ref, nsid, seen);
      const properties = { $type: { const: type }, ...(schema.properties as object) };
      return { ...schema, properties, required: ["$type", ...((schema.required as string[]) ?? [])] };
    });
    // An open union also takes members the lexicon does not know yet: any object with another $type.
    const known = members.map((m) => (m.properties as { $type: { const: string } }).$type.const);
    const other = {
      type: "object",
      required: ["$type"],
      properties: { $type: { type: "string", ...(known.length && { not: { enum: known } }) } },
    };
    const anyOf = node.closed ? members : [...members, other];
    const notes = [`One of: ${known.join(", ") || "(none yet)"}, with that $type.`];
    if (!node.closed) notes.push("Open: other $types are accepted too.");
    return { anyOf, ...describe(node.description, notes) };
  }

  private object(node: Lex, nsid: string, seen: readonly string[]): JsonSchema {
    const nullable = new Set(node.nullable ?? []);
    const properties: Record<string, JsonSchema> = {};
    for (const [key, value] of Object.entries(node.properties ?? {})) {
      const schema = this.of(value, nsid, seen);
      properties[key] = nullable.has(key) ? { anyOf: [schema, { type: "null" }] } : schema;
    }
    return {
      type: "object",
      properties,
      ...(node.required?.length && { required: node.required }),
      ...describe(node.description, []),
    };
  }
}

/** The keys of `node` among `keys` that are set. */
function pick(node: Lex, ...keys: (keyof Lex)[]): JsonSchema {
  return Object.fromEntries(keys.filter((k) => node[k] !== undefined).map((k) => [k, node[k]]));
}

/** A blob ref, as com.atproto.repo.uploadBlob returns it. */
function blob(node: Lex): JsonSchema {
  const notes = ["A blob ref, as repo-upload-blob or upload-image returns it."];
  if (node.accept?.length) notes.push(`Accepted types: ${node.accept.join(", ")}.`);
  if (node.maxSize !== undefined) notes.push(`At most ${node.maxSize} bytes.`);
  return {
    type: "object",
    required: ["$type", "ref", "mimeType", "size"],
    properties: {
      $type: { const: "blob" },
      ref: { type: "object", required: ["$link"], properties: { $link: { type: "string" } } },
      mimeType: { type: "string" },
      size: { type: "integer", minimum: 0, ...(node.maxSize !== undefined && { maximum: node.maxSize }) },
    },
    ...describe(node.description, notes),
  };
}
