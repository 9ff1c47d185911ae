import type { Issue } from "../models/errors/sdkvalidationerror.js";

/*
 * A schema is a function that appends issues. This replaces zod on the request path: each operation needs
 * a handful of field checks, and a few hundred bytes here keep `BlueskyCore` + one function small.
 */

/** Checks a value at `path` and appends what is wrong to `issues`. */
export type Schema = (value: unknown, path: string, issues: Issue[]) => void;

const at = (path: string, key: string | number) => (path ? `${path}.${key}` : String(key));

/** True for `{...}` values: not arrays, not null, not class instances like Date or Uint8Array. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** A string, optionally passing a format test (named in the message) and a maximum length. */
export function str(test?: (s: string) => boolean, format = "a string", maxLength?: number): Schema {
  return (v, path, issues) => {
    if (typeof v !== "string") issues.push({ path, message: "expected a string" });
    else if (maxLength !== undefined && v.length > maxLength) {
      issues.push({ path, message: `longer than ${maxLength} characters` });
    } else if (test && !test(v)) issues.push({ path, message: `expected ${format}` });
  };
}

/** A string of any content (responses: formats are the server's job, types are ours). */
export const anyStr: Schema = /* @__PURE__ */ str();

/** A boolean. */
export const bool: Schema = (v, path, issues) => {
  if (typeof v !== "boolean") issues.push({ path, message: "expected a boolean" });
};

/** An integer within [min, max]. */
export function int(min = -Infinity, max = Infinity): Schema {
  return (v, path, issues) => {
    if (!Number.isInteger(v) || (v as number) < min || (v as number) > max) {
      issues.push({ path, message: `expected an integer from ${min} to ${max}` });
    }
  };
}

/** A JSON object with any content (lexicon `unknown` records, DID documents). */
export const anyObject: Schema = (v, path, issues) => {
  if (!isPlainObject(v)) issues.push({ path, message: "expected an object" });
};

/** An object with required and optional fields; unknown keys pass through untouched. */
export function obj(required: Record<string, Schema>, optional: Record<string, Schema> = {}): Schema {
  return (v, path, issues) => {
    if (!isPlainObject(v)) return void issues.push({ path, message: "expected an object" });
    for (const key in required) {
      if (v[key] === undefined) issues.push({ path: at(path, key), message: "required" });
      else required[key]!(v[key], at(path, key), issues);
    }
    for (const key in optional) if (v[key] !== undefined) optional[key]!(v[key], at(path, key), issues);
  };
}

/** An array whose every item passes `item`. */
export function arr(item: Schema, maxLength = Infinity): Schema {
  return (v, path, issues) => {
    if (!Array.isArray(v)) return void issues.push({ path, message: "expected an array" });
    if (v.length > maxLength) issues.push({ path, message: `more than ${maxLength} items` });
    for (let i = 0; i < v.length; i++) item(v[i], at(path, i), issues);
  };
}

/** `null`, or a value passing `inner`. */
export function nullable(inner: Schema): Schema {
  return (v, path, issues) => v === null || inner(v, path, issues);
}

/**
 * Picks a schema by the value's `$type`, for lexicon unions. An open union also takes members it does
 * not know, as long as they are objects with a `$type`: the server may know them.
 */
export function union(members: Record<string, Schema>, open = false): Schema {
  return (v, path, issues) => {
    const type = isPlainObject(v) ? v.$type : undefined;
    const member = typeof type === "string" ? members[type] : undefined;
    if (member) member(v, path, issues);
    else if (!(open && typeof type === "string")) {
      issues.push({ path: at(path, "$type"), message: `expected one of ${Object.keys(members).join(", ")}` });
    }
  };
}

/** The request of a binary procedure: `body` (bytes in any of fetch's forms) and an optional `contentType`. */
export const binaryInput: Schema = (v, path, issues) => {
  if (!isPlainObject(v)) return void issues.push({ path, message: "expected an object" });
  const body = v.body;
  const ok =
    body instanceof Blob ||
    body instanceof ArrayBuffer ||
    body instanceof Uint8Array ||
    body instanceof ReadableStream;
  if (!ok)
    issues.push({
      path: at(path, "body"),
      message: "expected a Blob, ArrayBuffer, Uint8Array or ReadableStream",
    });
  if (v.contentType !== undefined && typeof v.contentType !== "string") {
    issues.push({ path: at(path, "contentType"), message: "expected a string" });
  }
};

/** Runs a schema and returns the issues found (empty when the value is valid). */
export function check(schema: Schema, value: unknown): Issue[] {
  const issues: Issue[] = [];
  schema(value, "", issues);
  return issues;
}

/** `undefined`, or a value passing `inner`: for operations whose request may be left out. */
export function maybe(inner: Schema): Schema {
  return (v, path, issues) => v === undefined || inner(v, path, issues);
}

/** Nothing: the input of a procedure that takes none, the output of one that returns no body. */
export const nothing: Schema = (v, path, issues) => {
  if (v !== undefined) issues.push({ path, message: "expected nothing" });
};
