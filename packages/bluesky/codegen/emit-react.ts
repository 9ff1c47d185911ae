// react-query/<opId>.ts: an operation bound to TanStack Query by the hand-written factories in
// react-query/_query.ts, _infinite.ts and _mutation.ts. Queries get the query family, procedures the
// mutation trio, paged queries the infinite hooks too.
import type { Op } from "./model.js";
import type { OpNames } from "./names.js";
import { Imports, tsFile } from "./source.js";

/** The hooks module of an operation, under its own names or (for a 0.1 alias) under `names`. */
export function emitHooks(op: Op, names: OpNames = op): string {
  const { Fn, ns, method } = names;
  const imports = new Imports(`react-query/${names.fn}`);
  imports.add(`funcs/${op.fn}`, op.fn);
  imports.add("react-query/_types", "type OpData");
  const args = `${op.fn}, ${JSON.stringify(ns)}, ${JSON.stringify(method)}`;
  if (op.kind === "procedure") {
    imports.add("react-query/_mutation", "type MutationVariables", "mutationHooks");
    return tsFile(
      imports,
      `const hooks = /* @__PURE__ */ mutationHooks(${args});

/** ${op.nsid} as a mutation: \`mutate({ request, options })\` runs \`${op.fn}\`. */
export const use${Fn}Mutation = hooks.use;
/** The mutation key, \`["bluesky", "${ns}", "${method}"]\`. */
export const mutationKey${Fn} = hooks.key;
/** The \`useMutation\` options for ${method}, built without React. */
export const build${Fn}Mutation = hooks.build;

export type ${Fn}MutationVariables = MutationVariables<typeof ${op.fn}>;
export type ${Fn}MutationData = OpData<typeof ${op.fn}>;`,
    );
  }
  imports.add("react-query/_query", "queryHooks");
  let body = `const hooks = /* @__PURE__ */ queryHooks(${args});

/** ${op.nsid} as a query: runs \`${op.fn}\` and caches the result under its request. */
export const use${Fn}Query = hooks.use;
/** The same hook under the page SDK's name. */
export const use${Fn} = hooks.use;
/** The same query for components under \`<Suspense>\`. */
export const use${Fn}Suspense = hooks.useSuspense;
/** Fills the cache before a component asks, e.g. on the server or on hover. */
export const prefetch${Fn} = hooks.prefetch;
/** Writes a result into the cache under its request. */
export const set${Fn}Data = hooks.setData;
/** Marks cached ${method} results stale: all of them, or those matching a partial request. */
export const invalidate${Fn} = hooks.invalidate;
/** Marks every cached ${method} result stale. */
export const invalidateAll${Fn} = hooks.invalidateAll;
/** The query key, \`["bluesky", "${ns}", "${method}", request]\`. */
export const queryKey${Fn} = hooks.queryKey;
/** The \`useQuery\` options for ${method}, built without React. */
export const build${Fn}Query = hooks.build;

export type ${Fn}QueryData = OpData<typeof ${op.fn}>;`;
  if (op.pageItems !== undefined) {
    imports.add("react-query/_infinite", "infiniteQueryHooks");
    body += `

const pages = /* @__PURE__ */ infiniteQueryHooks(${args});

/** Every page of ${method}, one \`fetchNextPage()\` per cursor. */
export const use${Fn}Infinite = pages.use;
/** The same pages for components under \`<Suspense>\`. */
export const use${Fn}InfiniteSuspense = pages.useSuspense;
/** The \`useInfiniteQuery\` options for ${method}, built without React. */
export const build${Fn}InfiniteQuery = pages.build;`;
  }
  return tsFile(imports, body);
}
