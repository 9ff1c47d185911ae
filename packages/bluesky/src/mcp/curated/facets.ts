// Rich text: the links, @mentions and #hashtags of a post's text as app.bsky.richtext.facet entries.
// Facet ranges count UTF-8 bytes, not JavaScript's UTF-16 units, so every range is converted; a mention
// is a facet only when its handle resolves to a DID (otherwise it stays plain text, as in the app).
import { FORMAT_TESTS } from "../../lib/formats.js";
import { graphemeLength, utf8Length } from "../../lib/lex/formats.js";

/** A stretch of the text that may become a facet; `start` and `end` index UTF-16 units. */
export type Span = { start: number; end: number } & (
  | { kind: "link"; uri: string }
  | { kind: "mention"; handle: string }
  | { kind: "tag"; tag: string }
);

/** One app.bsky.richtext.facet. */
export type Facet = {
  $type: "app.bsky.richtext.facet";
  index: { byteStart: number; byteEnd: number };
  features: ({ $type: string } & Record<string, string>)[];
};

// Each match starts at the beginning of the text or after whitespace (or an opening parenthesis), so
// an `@` inside an address or a `#` inside a URL is left alone.
const LINK = /(^|[\s(])(https?:\/\/[^\s<>"]+)/giu;
const MENTION = /(^|[\s(])(@([a-zA-Z0-9.-]+))/gu;
const TAG = /(^|\s)([#＃]([^\s#＃]+))/gu;
/** Punctuation that ends a sentence rather than the link, handle or tag it follows. */
const TRAILING = /[.,;:!?'"’”)\]]+$/u;
const MAX_TAG_GRAPHEMES = 64;

function trimLink(uri: string): string {
  let out = uri.replace(TRAILING, "");
  // Keep a closing parenthesis the link itself opened, as in Wikipedia's `..._(disambiguation)`.
  const opened = (out.match(/\(/g) ?? []).length;
  const closed = (out.match(/\)/g) ?? []).length;
  if (opened > closed && uri.slice(out.length).startsWith(")")) out += ")";
  return out;
}

/** The links, mentions and tags of `text`, in order. */
export function detectSpans(text: string): Span[] {
  const spans: Span[] = [];
  for (const m of text.matchAll(LINK)) {
    const start = m.index + m[1]!.length;
    const uri = trimLink(m[2]!);
    if (URL.canParse(uri)) spans.push({ kind: "link", start, end: start + uri.length, uri });
  }
  for (const m of text.matchAll(MENTION)) {
    const handle = m[3]!.replace(/[.-]+$/, "");
    const start = m.index + m[1]!.length;
    if (FORMAT_TESTS.handle!(handle))
      spans.push({ kind: "mention", start, end: start + 1 + handle.length, handle });
  }
  for (const m of text.matchAll(TAG)) {
    const tag = m[3]!.replace(TRAILING, "");
    const start = m.index + m[1]!.length;
    if (!tag || /^\d+$/.test(tag) || graphemeLength(tag) > MAX_TAG_GRAPHEMES) continue;
    spans.push({ kind: "tag", start, end: start + 1 + tag.length, tag });
  }
  return spans.sort((a, b) => a.start - b.start);
}

/** Resolves a handle to its DID, or undefined when it does not resolve. */
export type HandleResolver = (handle: string) => Promise<string | undefined>;

/** The facets of `text`, and the mentioned handles that did not resolve (left as plain text). */
export async function facetsOf(
  text: string,
  resolveHandle: HandleResolver,
): Promise<{ facets: Facet[]; unresolved: string[] }> {
  const facets: Facet[] = [];
  const unresolved: string[] = [];
  for (const span of detectSpans(text)) {
    let feature: Facet["features"][number];
    if (span.kind === "link") feature = { $type: "app.bsky.richtext.facet#link", uri: span.uri };
    else if (span.kind === "tag") feature = { $type: "app.bsky.richtext.facet#tag", tag: span.tag };
    else {
      const did = await resolveHandle(span.handle.toLowerCase());
      if (!did) {
        unresolved.push(span.handle);
        continue;
      }
      feature = { $type: "app.bsky.richtext.facet#mention", did };
    }
    const byteStart = utf8Length(text.slice(0, span.start));
    const byteEnd = byteStart + utf8Length(text.slice(span.start, span.end));
    facets.push({ $type: "app.bsky.richtext.facet", index: { byteStart, byteEnd }, features: [feature] });
  }
  return { facets, unresolved };
}
