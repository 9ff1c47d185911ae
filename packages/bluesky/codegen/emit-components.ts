// models/components/: the types of every lexicon document that is not an operation (shared defs and
// records), and records.ts, the record type of each collection.
import { isCovered, isOperation, type LexDoc } from "./lexicons.js";
import { Imports, tsFile } from "./source.js";
import { defHome, Types } from "./ts-types.js";

/** The components module of one document. */
export function emitComponent(docs: Map<string, LexDoc>, nsid: string): string {
  const module = defHome(docs, nsid, "main").module;
  const types = new Types(docs, module, nsid);
  const body = types.defs(false);
  const imports = new Imports(module);
  for (const [from, names] of types.imports) imports.types(from, names);
  return tsFile(imports, body);
}

/** NSIDs of every record lexicon. */
export function recordNsids(docs: Map<string, LexDoc>): string[] {
  return [...docs.values()].filter((d) => d.defs.main?.type === "record" && isCovered(d.id)).map((d) => d.id);
}

/** records.ts: `KnownRecords` (collection → record type) and `RecordOf<C>`. */
export function emitRecordsIndex(docs: Map<string, LexDoc>): string {
  const imports = new Imports("models/components/records");
  imports.add("models/components/json", "type JsonObject");
  const names = recordNsids(docs).map((nsid) => {
    const home = defHome(docs, nsid, "main");
    imports.add(home.module, `type ${home.name}`);
    return [nsid, home.name] as const;
  });
  return tsFile(
    imports,
    `export type { ${names.map(([, n]) => n).join(", ")} };

/** Record types by collection NSID: writes to these collections are typed, and reads type their \`value\`. */
export interface KnownRecords {
${names.map(([nsid, n]) => `  ${JSON.stringify(nsid)}: ${n};`).join("\n")}
}

/** The record type of collection \`C\`: its known type, or any JSON object. */
export type RecordOf<C extends string> = C extends keyof KnownRecords ? KnownRecords[C] : JsonObject;`,
  );
}

/** models/components/index.ts: every component type, the hand-written ones included. */
export function emitComponentsIndex(docs: Map<string, LexDoc>): string {
  const modules = [...docs.values()]
    .filter((d) => !isOperation(d))
    .map((d) => defHome(docs, d.id, "main").module.split("/").at(-1)!);
  const lines = ["json", "session", ...modules].map((m) => `export type * from "./${m}.js";`);
  lines.push(`export type { KnownRecords, RecordOf } from "./records.js";`);
  return tsFile(new Imports("models/components/index"), lines.join("\n"));
}
