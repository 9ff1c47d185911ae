import type { LexUserType } from "@atproto/lexicon";
import { lexicons } from "./lexicons.js";

/** What a lexicon allows for one blob field: MIME patterns (`image/*`) and a byte limit. */
export interface BlobConstraint {
  accept?: string[];
  maxSize?: number;
}

type Def = LexUserType | { type: string; [key: string]: unknown };

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

function walk(def: Def | undefined, value: unknown, lexUri: string, out: Map<string, BlobConstraint>): void {
  if (def === undefined) return;
  const d = def as Record<string, unknown>;
  switch (def.type) {
    case "record":
      walk(d.record as Def, value, lexUri, out);
      return;
    case "object":
      if (!isObject(value)) return;
      for (const [key, prop] of Object.entries((d.properties ?? {}) as Record<string, Def>)) {
        if (value[key] !== undefined) walk(prop, value[key], lexUri, out);
      }
      return;
    case "array":
      if (Array.isArray(value)) for (const item of value) walk(d.items as Def, item, lexUri, out);
      return;
    case "ref": {
      const target = resolve(lexUri, d.ref as string);
      walk(target.def, value, target.uri, out);
      return;
    }
    case "union": {
      if (!isObject(value) || typeof value.$type !== "string") return;
      const wanted = withMain(value.$type);
      for (const ref of d.refs as string[]) {
        const target = resolve(lexUri, ref);
        if (withMain(target.uri.replace(/^lex:/, "")) === wanted) {
          walk(target.def, value, target.uri, out);
          return;
        }
      }
      return;
    }
    case "blob": {
      const link = isObject(value) && isObject(value.ref) ? value.ref.$link : undefined;
      if (typeof link === "string")
        out.set(link, { accept: d.accept as string[], maxSize: d.maxSize as number });
      return;
    }
  }
}

/** The constraints the record's lexicon puts on each blob it references, by blob CID. */
export function blobConstraints(
  collection: string,
  json: Record<string, unknown>,
): Map<string, BlobConstraint> {
  const out = new Map<string, BlobConstraint>();
  const uri = `lex:${collection}#main`;
  walk(lexicons().getDef(uri), json, uri, out);
  return out;
}

/** True when `mimeType` matches one of the patterns (`image/png`, `image/*`, `*\/*`), or none are set. */
export function acceptsMimeType(accept: string[] | undefined, mimeType: string): boolean {
  if (accept === undefined) return true;
  return accept.some(
    (p) => p === "*/*" || p === mimeType || (p.endsWith("/*") && mimeType.startsWith(p.slice(0, -1))),
  );
}
