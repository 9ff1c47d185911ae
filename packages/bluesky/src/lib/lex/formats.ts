// Lexicon string formats come from ../formats.ts (one set of tests for default and full validation).
export { FORMAT_TESTS } from "../formats.js";

let segmenter: Intl.Segmenter | undefined;

/** Grapheme clusters in `s` (what lexicon `maxGraphemes` counts). */
export function graphemeLength(s: string): number {
  segmenter ??= new Intl.Segmenter(undefined, { granularity: "grapheme" });
  let n = 0;
  for (const _ of segmenter.segment(s)) n++;
  return n;
}

/** Bytes in the UTF-8 encoding of `s` (what lexicon `maxLength` counts for strings). */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** True when a MIME type matches one of a blob's `accept` patterns (`image/*`, `*\/*`, exact). */
export function acceptsMime(accept: string[], mime: string): boolean {
  return accept.some(
    (a) => a === "*/*" || a === mime || (a.endsWith("/*") && mime.startsWith(a.slice(0, -1))),
  );
}
