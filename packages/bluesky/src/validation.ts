// Opt-in lexicon validation of every call's input, records included: pass `validator: lexiconValidator`
// to the client. A separate entry point, so apps that do not opt in do not ship the lexicons.
import { lexicons } from "./lexicons/index.js";
import type { Validator } from "./lib/config.js";
import { Lexicons, recordIssues } from "./lib/lex/validate.js";
import { isPlainObject } from "./lib/schema.js";
import type { Issue } from "./models/errors/sdkvalidationerror.js";

export { Lexicons, recordIssues, validateRecord } from "./lib/lex/validate.js";

let loaded: Lexicons | undefined;

/** Records a call writes, with their collection and path: putRecord's and createRecord's, applyWrites' values. */
function writtenRecords(id: string, request: Record<string, unknown>): [string, unknown, string][] {
  if (id === "com.atproto.repo.putRecord" || id === "com.atproto.repo.createRecord") {
    return [[String(request.collection), request.record, "record"]];
  }
  if (id !== "com.atproto.repo.applyWrites" || !Array.isArray(request.writes)) return [];
  return request.writes
    .map((w, i) => [w, i] as const)
    .filter(([w]) => isPlainObject(w) && w.value !== undefined)
    .map(([w, i]) => [String(w.collection), w.value, `writes.${i}.value`]);
}

/**
 * Checks a call's parameters or input against its lexicon (formats, lengths, graphemes, enums, unions,
 * blob refs, integers) and every record it writes against its collection's lexicon.
 */
export const lexiconValidator: Validator = (id, request) => {
  loaded ??= new Lexicons(lexicons);
  const main = loaded.def(id, id)?.[0];
  if (!main) return [];
  const issues: Issue[] = [];
  if (main.type === "query" && main.parameters) loaded.check(main.parameters, id, request ?? {}, "", issues);
  const input = main.input?.schema;
  if (main.type === "procedure" && input) loaded.check(input, id, request, "", issues);
  if (isPlainObject(request)) {
    for (const [collection, record, path] of writtenRecords(id, request)) {
      if (loaded.def(collection, collection)) issues.push(...recordIssues(loaded, collection, record, path));
    }
  }
  return issues;
};
