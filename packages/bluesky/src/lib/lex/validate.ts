// Lexicon validation, opt-in: it reads the lexicon documents (src/lexicons/) instead of generated code,
// so an app pays for it only when it imports a record's `$validate` or `bluesky/validation.js`.
import type { Issue } from "../../models/errors/sdkvalidationerror.js";
import { SDKValidationError } from "../../models/errors/sdkvalidationerror.js";
import { ERR, OK, type Result } from "../../types/fp.js";
import { isPlainObject } from "../schema.js";
import { acceptsMime, FORMAT_TESTS, graphemeLength, utf8Length } from "./formats.js";
import type { LexiconDoc, LexNode } from "./types.js";

const at = (path: string, key: string | number) => (path ? `${path}.${key}` : String(key));

/** The documents a validation may resolve refs in, by NSID. */
export class Lexicons {
  readonly #docs = new Map<string, LexiconDoc>();

  constructor(docs: Iterable<LexiconDoc>) {
    for (const d of docs) this.#docs.set(d.id, d);
  }

  /** The def a ref names, relative to `base`; undefined when it is not loaded. */
  def(ref: string, base: string): [LexNode, string] | undefined {
    const [nsid = "", name] = ref.split("#");
    const id = nsid || base;
    const node = this.#docs.get(id)?.defs[name ?? "main"] as LexNode | undefined;
    return node && [node, id];
  }

  /** Checks `value` against `node` (refs resolved against `base`), appending what is wrong to `issues`. */
  check(node: LexNode, base: string, value: unknown, path: string, issues: Issue[]): void {
    const fail = (message: string) => void issues.push({ path, message });
    switch (node.type) {
      case "boolean":
        if (typeof value !== "boolean") fail("expected a boolean");
        else if (node.const !== undefined && value !== node.const) fail(`expected ${node.const}`);
        break;
      case "integer":
        this.integer(node, value, fail);
        break;
      case "string":
        this.string(node, value, fail);
        break;
      case "bytes":
        this.bytes(node, value, fail);
        break;
      case "cid-link":
        if (!isPlainObject(value) || typeof value.$link !== "string" || !FORMAT_TESTS.cid!(value.$link)) {
          fail("expected a CID link ({ $link: cid })");
        }
        break;
      case "blob":
        this.blob(node, value, fail);
        break;
      case "unknown":
        if (isPlainObject(value)) noFloats(value, path, issues);
        else fail("expected an object");
        break;
      case "array":
        this.array(node, base, value, path, issues);
        break;
      case "object":
      case "params":
        this.object(node, base, value, path, issues);
        break;
      case "record":
        this.object(node.record!, base, value, path, issues);
        break;
      case "ref": {
        // A document this validator was not given has nothing to check against.
        const target = this.def(node.ref!, base);
        if (target) this.check(target[0], target[1], value, path, issues);
        break;
      }
      case "union":
        this.union(node, base, value, path, issues);
        break;
      case "token":
        break;
      default:
        fail(`unsupported lexicon type ${node.type}`);
    }
  }

  private array(node: LexNode, base: string, value: unknown, path: string, issues: Issue[]): void {
    if (!Array.isArray(value)) return void issues.push({ path, message: "expected an array" });
    if (node.maxLength !== undefined && value.length > node.maxLength) {
      issues.push({ path, message: `more than ${node.maxLength} items` });
    }
    if (node.minLength !== undefined && value.length < node.minLength) {
      issues.push({ path, message: `fewer than ${node.minLength} items` });
    }
    for (let i = 0; i < value.length; i++) this.check(node.items!, base, value[i], at(path, i), issues);
  }

  private bytes(node: LexNode, value: unknown, fail: (m: string) => void): void {
    const b64 = isPlainObject(value) ? value.$bytes : undefined;
    const size =
      value instanceof Uint8Array ? value.length : typeof b64 === "string" ? (b64.length * 3) >> 2 : -1;
    if (size < 0) fail("expected bytes ({ $bytes: base64 })");
    else if (node.maxLength !== undefined && size > node.maxLength) fail(`more than ${node.maxLength} bytes`);
    else if (node.minLength !== undefined && size < node.minLength)
      fail(`fewer than ${node.minLength} bytes`);
  }

  private object(node: LexNode, base: string, value: unknown, path: string, issues: Issue[]): void {
    if (!isPlainObject(value)) {
      issues.push({ path, message: "expected an object" });
      return;
    }
    const nullable = node.nullable ?? [];
    for (const key of node.required ?? []) {
      if (value[key] === undefined) issues.push({ path: at(path, key), message: "required" });
    }
    for (const [key, prop] of Object.entries(node.properties ?? {})) {
      const v = value[key];
      if (v === undefined) continue;
      if (v === null) {
        if (!nullable.includes(key)) issues.push({ path: at(path, key), message: "must not be null" });
        continue;
      }
      this.check(prop, base, v, at(path, key), issues);
    }
  }

  private union(node: LexNode, base: string, value: unknown, path: string, issues: Issue[]): void {
    const type = isPlainObject(value) ? value.$type : undefined;
    if (typeof type !== "string") {
      issues.push({ path: at(path, "$type"), message: "required" });
      return;
    }
    const refs = node.refs ?? [];
    const member = refs.find((r) => {
      const [nsid = "", name = "main"] = r.split("#");
      const full = `${nsid || base}${name === "main" ? "" : `#${name}`}`;
      return full === type || (name === "main" && `${nsid || base}#main` === type);
    });
    if (member) {
      this.check({ type: "ref", ref: member }, base, value, path, issues);
      return;
    }
    // An open union keeps members it does not know; a closed one refuses them.
    if (node.closed) issues.push({ path: at(path, "$type"), message: `expected one of ${refs.join(", ")}` });
  }

  private integer(node: LexNode, value: unknown, fail: (m: string) => void): void {
    if (typeof value !== "number" || !Number.isInteger(value)) {
      fail("expected an integer");
      return;
    }
    if (node.minimum !== undefined && value < node.minimum) fail(`less than ${node.minimum}`);
    if (node.maximum !== undefined && value > node.maximum) fail(`more than ${node.maximum}`);
    if (node.enum && !node.enum.includes(value)) fail(`expected one of ${node.enum.join(", ")}`);
    if (node.const !== undefined && value !== node.const) fail(`expected ${node.const}`);
  }

  private string(node: LexNode, value: unknown, fail: (m: string) => void): void {
    if (typeof value !== "string") {
      fail("expected a string");
      return;
    }
    if (node.const !== undefined && value !== node.const) {
      fail(`expected ${JSON.stringify(node.const)}`);
      return;
    }
    if (node.enum && !node.enum.includes(value)) {
      fail(`expected one of ${node.enum.join(", ")}`);
      return;
    }
    if (node.format && FORMAT_TESTS[node.format] && !FORMAT_TESTS[node.format]!(value)) {
      fail(`expected ${node.format} format`);
      return;
    }
    if (node.maxLength !== undefined || node.minLength !== undefined) {
      const bytes = utf8Length(value);
      if (node.maxLength !== undefined && bytes > node.maxLength) fail(`longer than ${node.maxLength} bytes`);
      if (node.minLength !== undefined && bytes < node.minLength)
        fail(`shorter than ${node.minLength} bytes`);
    }
    if (node.maxGraphemes !== undefined || node.minGraphemes !== undefined) {
      const graphemes = graphemeLength(value);
      if (node.maxGraphemes !== undefined && graphemes > node.maxGraphemes) {
        fail(`longer than ${node.maxGraphemes} graphemes`);
      }
      if (node.minGraphemes !== undefined && graphemes < node.minGraphemes) {
        fail(`shorter than ${node.minGraphemes} graphemes`);
      }
    }
  }

  private blob(node: LexNode, value: unknown, fail: (m: string) => void): void {
    const ok =
      isPlainObject(value) &&
      value.$type === "blob" &&
      isPlainObject(value.ref) &&
      typeof value.ref.$link === "string" &&
      typeof value.mimeType === "string" &&
      Number.isInteger(value.size);
    if (!ok) {
      fail("expected a blob ref ({ $type: 'blob', ref: { $link }, mimeType, size })");
      return;
    }
    if (node.accept && !acceptsMime(node.accept, value.mimeType as string)) {
      fail(`mime type ${value.mimeType} is not one of ${node.accept.join(", ")}`);
    }
    if (node.maxSize !== undefined && (value.size as number) > node.maxSize)
      fail(`larger than ${node.maxSize} bytes`);
  }
}

/** Data model rule: numbers are integers, anywhere, also inside `unknown` values. */
function noFloats(value: unknown, path: string, issues: Issue[]): void {
  if (typeof value === "number") {
    if (!Number.isInteger(value)) issues.push({ path, message: "floats are not allowed; use an integer" });
  } else if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) noFloats(value[i], at(path, i), issues);
  } else if (isPlainObject(value)) {
    for (const [k, v] of Object.entries(value)) noFloats(v, at(path, k), issues);
  }
}

/** Issues of a record of collection `nsid`: its `$type` and its lexicon. */
export function recordIssues(lexicons: Lexicons, nsid: string, value: unknown, path = ""): Issue[] {
  const issues: Issue[] = [];
  const main = lexicons.def(nsid, nsid);
  if (!isPlainObject(value)) return [{ path, message: "expected an object" }];
  if (value.$type !== undefined && value.$type !== nsid) {
    issues.push({ path: at(path, "$type"), message: `expected ${nsid}` });
  }
  if (main) lexicons.check(main[0], main[1], value, path, issues);
  return issues;
}

/** Validates a record of collection `nsid` against the given documents. */
export function validateRecord(
  docs: LexiconDoc[],
  nsid: string,
  value: unknown,
): Result<unknown, SDKValidationError> {
  const issues = recordIssues(new Lexicons(docs), nsid, value);
  return issues.length ? ERR(new SDKValidationError("Record validation failed", value, issues)) : OK(value);
}
