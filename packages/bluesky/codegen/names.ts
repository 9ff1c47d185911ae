// Every name the generator gives an operation. The API page's SDK (Speakeasy bluesky-ts v0.6.4) named 169
// operations by hand (`repo.putRecord`, `repos.getRecord`, `feed.fetch` for getFeed); those names are kept,
// read from speakeasy-names.json. The rest follow the scheme its own generator script applied before the
// hand edits: the NSID's group, prefixed by the authority outside app.bsky (`chatConvo`, `atprotoSync`,
// `ozoneSet`), and the NSID's last segment as the method. A name already taken falls back to the full
// NSID's group (`appBskyFeed`), so the result never depends on the order of the lexicons.
import { createRequire } from "node:module";

/** The names of one operation. */
export type OpNames = {
  /** `com.atproto.repo.putRecord` */
  nsid: string;
  /** `repo`: the namespace getter on `Bluesky`. */
  ns: string;
  /** `putRecord`: the namespace method. */
  method: string;
  /** `repoPutRecord`: the standalone function, its file, and the React Query file. */
  fn: string;
  /** `RepoPutRecord`: `fn` capitalized, inside hook names (`useRepoPutRecordMutation`). */
  Fn: string;
  /** `ComAtprotoRepoPutRecord`: prefix of the request, response and error type names. */
  pascal: string;
  /** `comAtprotoRepoPutRecord`: the declaration's variable. */
  camel: string;
  /** `comatprotorepoputrecord`: the declaration's and the error classes' file name. */
  file: string;
};

/**
 * Names this SDK published before it was generated (0.1.0), kept as aliases where they differ from the
 * page SDK's: `repoGetRecord`, `bluesky.repo.getRecord`, `useRepoGetRecord`, ... keep working.
 */
export const LEGACY: Record<string, [ns: string, method: string]> = {
  "com.atproto.repo.applyWrites": ["repo", "applyWrites"],
  "com.atproto.repo.createRecord": ["repo", "createRecord"],
  "com.atproto.repo.deleteRecord": ["repo", "deleteRecord"],
  "com.atproto.repo.describeRepo": ["repo", "describeRepo"],
  "com.atproto.repo.getRecord": ["repo", "getRecord"],
  "com.atproto.repo.listRecords": ["repo", "listRecords"],
  "com.atproto.repo.uploadBlob": ["repo", "uploadBlob"],
  "com.atproto.server.createAccount": ["server", "createAccount"],
  "com.atproto.server.getSession": ["server", "getSession"],
  "com.atproto.server.refreshSession": ["server", "refreshSession"],
};

const cap = (s: string) => s[0]!.toUpperCase() + s.slice(1);
const camelOf = (segments: string[]) => segments[0]! + segments.slice(1).map(cap).join("");

/** `tools.ozone.set` → `ozoneSet`: the group as the page SDK's script named it. */
function baseNamespace(segments: string[]): string {
  const [authority, name, ...group] = segments;
  if (authority === "app" && name === "bsky") return camelOf(group);
  const prefix = authority === "com" ? "atproto" : authority === "tools" ? "ozone" : "chat";
  return camelOf([prefix, ...group]);
}

/** Names for one NSID given its namespace and method. */
export function namesOf(nsid: string, ns: string, method: string): OpNames {
  const segments = nsid.split(".");
  const fn = ns + cap(method);
  return {
    nsid,
    ns,
    method,
    fn,
    Fn: cap(fn),
    pascal: segments.map(cap).join(""),
    camel: camelOf(segments),
    file: segments.join("").toLowerCase(),
  };
}

/** Assigns names to every operation: the page SDK's first, then the scheme, collisions resolved. */
export function assignNames(nsids: string[]): Map<string, OpNames> {
  const require = createRequire(import.meta.url);
  const speakeasy = require("./speakeasy-names.json") as Record<string, [string, string]>;
  const names = new Map<string, OpNames>();
  const taken = new Set<string>();
  const claim = (n: OpNames) => {
    names.set(n.nsid, n);
    taken.add(n.fn);
    taken.add(`${n.ns}.${n.method}`);
  };
  for (const nsid of nsids) {
    const known = speakeasy[nsid];
    if (known) claim(namesOf(nsid, ...known));
  }
  for (const nsid of nsids) {
    if (names.has(nsid)) continue;
    const segments = nsid.split(".");
    const method = segments.at(-1)!;
    let n = namesOf(nsid, baseNamespace(segments.slice(0, -1)), method);
    if (taken.has(n.fn) || taken.has(`${n.ns}.${n.method}`)) {
      n = namesOf(nsid, camelOf(segments.slice(0, -1)), method);
    }
    if (taken.has(n.fn)) throw new Error(`operation name collision; nsid=${nsid} fn=${n.fn}`);
    claim(n);
  }
  for (const [nsid, [ns, method]] of Object.entries(LEGACY)) {
    const alias = namesOf(nsid, ns, method);
    const primary = names.get(nsid);
    if (primary && primary.fn !== alias.fn && taken.has(alias.fn)) {
      throw new Error(`legacy alias collides; nsid=${nsid} fn=${alias.fn}`);
    }
  }
  return names;
}

/** The legacy alias of an operation, when it differs from its primary names. */
export function legacyOf(primary: OpNames): OpNames | undefined {
  const legacy = LEGACY[primary.nsid];
  if (!legacy) return undefined;
  const alias = namesOf(primary.nsid, ...legacy);
  return alias.fn === primary.fn ? undefined : alias;
}
