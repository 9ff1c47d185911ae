// One operation, as every emitter needs it: names, shapes of request and response, auth and paging.
import { isCovered, isOperation, type Lex, type LexDoc, resolveDef, splitRef } from "./lexicons.js";
import { assignNames, type OpNames } from "./names.js";
import type { Overrides } from "./ts-types.js";

/** What a call takes: URL parameters, a JSON body, raw bytes, or nothing. */
export type RequestShape = "params" | "json" | "binary" | "none";

/** One query, procedure or subscription. */
export type Op = OpNames & {
  kind: "query" | "procedure" | "subscription";
  main: Lex;
  description: string;
  request: RequestShape;
  /** The request may be left out: nothing in it is required. */
  optional: boolean;
  response: "json" | "binary" | "none";
  /** The lexicon's own error names. */
  errors: string[];
  auth: "none" | "optional" | "access" | "refresh";
  /** The array field a page's items are in, for operations paged by `cursor`. */
  pageItems?: string;
  /** Declarations typed by a record collection (`<C extends string>`). */
  generic: boolean;
};

/**
 * Calls that need no token, send one only when there is a session (`optional`), or need the refresh
 * token. The lexicons do not say which calls need auth; these are the calls a PDS serves without a session
 * (or with the refresh token).
 */
const AUTH: Record<string, Op["auth"]> = {
  "com.atproto.server.refreshSession": "refresh",
  "com.atproto.server.deleteSession": "refresh",
  "com.atproto.server.createSession": "none",
  "com.atproto.server.createAccount": "none",
  "com.atproto.server.describeServer": "none",
  "com.atproto.server.requestPasswordReset": "none",
  "com.atproto.server.resetPassword": "none",
  "com.atproto.identity.resolveHandle": "none",
  "com.atproto.identity.resolveDid": "none",
  "com.atproto.identity.resolveIdentity": "none",
  "com.atproto.repo.describeRepo": "optional",
  "com.atproto.repo.getRecord": "optional",
  "com.atproto.repo.listRecords": "optional",
  "com.atproto.label.queryLabels": "none",
};

/** Types that follow the record collection: `record` and `value` are `RecordOf<C>`. */
export const RECORD_TYPED: Overrides = {
  "com.atproto.repo.putRecord#input": { collection: "C", record: "RecordOf<C>" },
  "com.atproto.repo.createRecord#input": { collection: "C", record: "RecordOf<C>" },
  "com.atproto.repo.getRecord#params": { collection: "C" },
  "com.atproto.repo.getRecord#output": { value: "RecordOf<C>" },
  "com.atproto.repo.listRecords#params": { collection: "C" },
  "com.atproto.repo.listRecords#output": { records: "ComAtprotoRepoListRecordsRecord<C>[]" },
  "com.atproto.repo.listRecords#record": { value: "RecordOf<C>" },
};

/** The object schema a JSON input or output has, refs followed. */
export function objectOf(docs: Map<string, LexDoc>, nsid: string, schema: Lex | undefined): Lex | undefined {
  if (!schema) return undefined;
  if (schema.type !== "ref") return schema;
  const [target, def] = splitRef(schema.ref!, nsid);
  return objectOf(docs, target, resolveDef(docs, target, def));
}

function pageItems(docs: Map<string, LexDoc>, nsid: string, main: Lex): string | undefined {
  const inCursor = main.parameters?.properties?.cursor ?? main.input?.schema?.properties?.cursor;
  const out = objectOf(docs, nsid, main.output?.schema);
  if (!inCursor || !out?.properties?.cursor) return undefined;
  return Object.entries(out.properties).find(([, v]) => v.type === "array")?.[0];
}

function requestOf(main: Lex): [RequestShape, boolean] {
  if (main.type !== "procedure") {
    const params = main.parameters;
    if (!params || !Object.keys(params.properties ?? {}).length) return ["none", true];
    return ["params", !params.required?.length];
  }
  if (!main.input) return ["none", true];
  if (main.input.encoding !== "application/json") return ["binary", false];
  return ["json", false];
}

/** Every operation of the covered namespaces, in NSID order. */
export function buildOps(docs: Map<string, LexDoc>): Op[] {
  const opDocs = [...docs.values()].filter((d) => isOperation(d) && isCovered(d.id));
  const names = assignNames(opDocs.map((d) => d.id));
  return opDocs.map((d) => {
    const main = d.defs.main!;
    const [request, optional] = requestOf(main);
    const out = main.output;
    const response = !out ? "none" : out.encoding === "application/json" ? "json" : "binary";
    const items = pageItems(docs, d.id, main);
    return {
      ...names.get(d.id)!,
      kind: main.type as Op["kind"],
      main,
      description: main.description ?? d.description ?? "",
      request,
      optional,
      response,
      errors: (main.errors ?? []).map((e) => e.name),
      auth: AUTH[d.id] ?? "access",
      ...(items !== undefined && { pageItems: items }),
      generic: Object.keys(RECORD_TYPED).some((k) => k.startsWith(`${d.id}#`)),
    };
  });
}
