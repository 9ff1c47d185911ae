import type { LexUserType } from "@atproto/lexicon";
import { lexicons } from "./lexicons.js";

/** A lexicon definition as the walk meets it. */
export type Def = LexUserType | { type: string; [key: string]: unknown };

/** Called for each blob and string value of a record, with the definition that describes it. */
export type LeafVisitor = (def: Def & Record<string, unknown>, value: unknown, path: string) => void;

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function withMain(nsidOrRef: string): string {
  return nsidOrRef.includes("#") ? nsidOrRef : `${nsidOrRef}#main`;
}

function resolve(lexUri: string, ref: string): { uri: string; def: Def | undefined } {
  const uri = lexicons().resolveLexUri(lexUri, ref);
  return { uri, def: lexicons().getDef(uri) };
}

// Recursion is bounded: records reach here already converted, so nested at most MAX_DEPTH (the core's).
function walk(def: Def | undefined, value: unknown, lexUri: string, path: string, visit: LeafVisitor): void {
  if (def === undefined) return;
  const d = def as Def & Record<string, unknown>;
  switch (def.type) {
    case "record":
      walk(d.record as Def, value, lexUri, path, visit);
      return;
    case "object":
      if (!isObject(value)) return;
      for (const [key, prop] of Object.entries((d.properties ?? {}) as Record<string, Def>)) {
        if (value[key] !== undefined) walk(prop, value[key], lexUri, `${path}.${key}`, visit);
      }
      return;
    case "array":
      if (!Array.isArray(value)) return;
      value.forEach((item, i) => {
        walk(d.items as Def, item, lexUri, `${path}[${i}]`, visit);
      });
      return;
    case "ref": {
      const target = resolve(lexUri, d.ref as string);
      walk(target.def, value, target.uri, path, visit);
      return;
    }
    case "union": {
      if (!isObject(value) || typeof value.$type !== "string") return;
      const wanted = withMain(value.$type);
      for (const ref of d.refs as string[]) {
        const target = resolve(lexUri, ref);
        if (withMain(target.uri.replace(/^lex:/, "")) === wanted) {
          walk(target.def, value, target.uri, path, visit);
          return;
        }
      }
      return;
    }
    case "blob":
    case "string":
      visit(d, value, path);
  }
}

/**
 * Walks a record (its JSON form) along its collection's lexicon, calling `visit` for every blob and
 * string value the schema describes; `base` prefixes the paths (e.g. `$.record`).
 */
export function walkRecord(
  collection: string,
  json: Record<string, unknown>,
  base: string,
  visit: LeafVisitor,
): void {
  const uri = `lex:${collection}#main`;
  walk(lexicons().getDef(uri), json, uri, base, visit);
}
