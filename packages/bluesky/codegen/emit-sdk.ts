// sdk/<namespace>.ts: one class per namespace whose methods unwrap the standalone functions, and
// sdk/namespaces.ts, the base of `Bluesky` with a lazy getter per namespace.
import { typeNames } from "./emit-operation.js";
import type { Op } from "./model.js";
import { legacyOf, type OpNames } from "./names.js";
import { firstSentence, Imports, tsFile } from "./source.js";
import { doc } from "./ts-types.js";

const cap = (s: string) => s[0]!.toUpperCase() + s.slice(1);

/** A namespace's methods: each operation under its names there (primary, or a 0.1 alias). */
export type Namespace = { ns: string; members: [Op, OpNames][] };

/** Groups operations by namespace, aliases included, in name order. */
export function namespaces(ops: Op[]): Namespace[] {
  const by = new Map<string, [Op, OpNames][]>();
  for (const op of ops) {
    for (const names of [op, legacyOf(op)]) {
      if (!names) continue;
      const list = by.get(names.ns) ?? [];
      list.push([op, names]);
      by.set(names.ns, list);
    }
  }
  return [...by.keys()].sort().map((ns) => ({
    ns,
    members: by.get(ns)!.sort((a, b) => (a[1].method < b[1].method ? -1 : 1)),
  }));
}

/** The module of a namespace class. */
export const nsModule = (ns: string) => `sdk/${ns.toLowerCase()}`;
/** The class of a namespace; one that would shadow a global (`Set`) gets a suffix. */
export const nsClass = (ns: string) => (cap(ns) in globalThis ? `${cap(ns)}Namespace` : cap(ns));

function method(op: Op, names: OpNames, imports: Imports): string {
  const t = typeNames(op);
  const opModule = `models/operations/${op.file}`;
  imports.add(`funcs/${op.fn}`, op.fn);
  const req = `request${op.optional ? "?" : ""}`;
  const summary = doc(firstSentence(op.description) || op.nsid, "  ");
  if (op.kind === "subscription") {
    imports.add(opModule, `type ${t.request}`, `type ${t.message}`);
    imports.add("lib/subscribe", "type SubscribeOptions");
    return `${summary}  ${names.method}(${req}: ${t.request}, options?: SubscribeOptions): AsyncIterable<${t.message}> {
    return ${op.fn}(this.client, request, options);
  }`;
  }
  imports.add(opModule, `type ${t.request}`);
  const gen = op.generic ? "<C>" : "";
  let result = t.response;
  if (op.pageItems !== undefined) {
    imports.add(`funcs/${op.fn}`, `type ${op.Fn}Page`);
    result = `${op.Fn}Page${gen}`;
  } else {
    imports.add(opModule, `type ${t.response}`);
    if (op.nsid === "com.atproto.repo.getRecord") result += gen;
  }
  return `${summary}  ${names.method}${op.generic ? "<C extends string>" : ""}(${req}: ${t.request}${gen}, options?: RequestOptions): Promise<${result}> {
    return unwrapAsync(${op.fn}(this.client, request, options));
  }`;
}

/** One namespace class. */
export function emitNamespace(n: Namespace): string {
  const imports = new Imports(nsModule(n.ns));
  imports.add("core", "type BlueskyCore");
  const methods = n.members.map(([op, names]) => method(op, names, imports));
  if (n.members.some(([op]) => op.kind !== "subscription")) {
    imports.add("lib/sdks", "type RequestOptions");
    imports.add("types/fp", "unwrapAsync");
  }
  return tsFile(
    imports,
    `/** \`bluesky.${n.ns}\`: each method throws the typed error its standalone function returns. */
export class ${nsClass(n.ns)} {
  constructor(private readonly client: BlueskyCore) {}

${methods.join("\n\n")}
}`,
  );
}

/** sdk/namespaces.ts: the client with every namespace, each made on first use. */
export function emitNamespaces(all: Namespace[]): string {
  const imports = new Imports("sdk/namespaces");
  imports.add("core", "BlueskyCore");
  const members = all.map(({ ns }) => {
    imports.add(nsModule(ns), nsClass(ns));
    return `  #${ns}?: ${nsClass(ns)};
  /** ${all
    .find((n) => n.ns === ns)!
    .members.map(([op]) => op.nsid)
    .filter((v, i, a) => a.indexOf(v) === i)
    .slice(0, 3)
    .join(", ")}${all.find((n) => n.ns === ns)!.members.length > 3 ? ", ..." : ""} */
  get ${ns}(): ${nsClass(ns)} {
    this.#${ns} ??= new ${nsClass(ns)}(this);
    return this.#${ns};
  }`;
  });
  return tsFile(
    imports,
    `/** \`BlueskyCore\` with a getter per namespace; \`Bluesky\` (sdk.ts) adds sessions. */
export class Namespaces extends BlueskyCore {
${members.join("\n\n")}
}`,
  );
}
