// Schemas for @atproto/lex, built the way its users build them: `lex build` over lexicon JSON. The JSON is
// the lexicon set of @atproto/api (its `schemas`, the same documents our generator reads), written out
// with references in their source form (`app.bsky.actor.defs#x`; @atproto/api stores them as `lex:…`).
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { schemas } from "@atproto/api";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const DIR = join(ROOT, "bench/.peers/lex");

function writeLexicons(): string {
  const dir = join(DIR, "lexicons");
  if (existsSync(join(dir, ".done"))) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const doc of schemas)
    writeFileSync(join(dir, `${doc.id}.json`), JSON.stringify(doc).replaceAll('"lex:', '"'));
  writeFileSync(join(dir, ".done"), "");
  return dir;
}

/**
 * Builds @atproto/lex schemas for `nsids` (and what they reference) into bench/.peers/lex/<name>, once
 * per set of NSIDs; returns the folder. `nsids` empty builds every lexicon.
 */
export function buildLexSchemas(name: string, nsids: string[]): string {
  const out = join(DIR, name);
  const stamp = join(out, ".nsids");
  const key = nsids.join(",") || "*";
  if (existsSync(stamp) && readFileSync(stamp, "utf8") === key) return out;
  const lexicons = writeLexicons();
  const include = nsids.length ? ["--include", ...nsids] : [];
  execFileSync(
    process.execPath,
    [
      join(ROOT, "node_modules/.bin/lex"),
      "build",
      "--lexicons",
      lexicons,
      "--out",
      out,
      "--clear",
      "--pretty",
      "false",
      "--index-file",
      ...include,
    ],
    { stdio: ["ignore", "ignore", "inherit"] },
  );
  writeFileSync(stamp, key);
  return out;
}

/** The module path of one method's schema in a build folder. */
export function lexModule(out: string, nsid: string): string {
  return join(out, ...nsid.split(".")) + ".ts";
}
