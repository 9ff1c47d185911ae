// The lexicon documents alone: the package index would also load the whole client (~0.7 s at start).
import { schemas } from "@atproto/api/dist/client/lexicons.js";
import { type LexiconDoc, Lexicons } from "@atproto/lexicon";

/**
 * Every lexicon document shipped with @atproto/api (records need the object and token defs they
 * reference). Compiled once, on first use, so servers that never validate pay nothing.
 */
let compiled: Lexicons | undefined;

/** The shared, compiled lexicon set. */
export function lexicons(): Lexicons {
  compiled ??= new Lexicons(schemas as unknown as LexiconDoc[]);
  return compiled;
}

/** The record definition for `nsid`, or null when the PDS does not know the type. */
export function recordDef(nsid: string): { key: string } | null {
  const def = lexicons().getDef(nsid);
  return def?.type === "record" ? { key: def.key ?? "any" } : null;
}
