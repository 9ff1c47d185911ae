/** Looks up the TXT records of a name; each record's strings joined. Empty when the name has none. */
export type TxtLookup = (name: string) => Promise<string[]>;

type NodeDns = typeof import("node:dns");

/**
 * The TXT lookup of the platform: Node's `dns.Resolver` (on `servers` when given, e.g. a resolver on
 * 127.0.0.1 in tests), or undefined where there is no DNS (browsers, which then use HTTPS and the
 * server). `getBuiltinModule` rather than an import, so browser bundles never see `node:dns`.
 */
export function platformTxtLookup(servers: string[] | undefined, timeoutMs: number): TxtLookup | undefined {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const dns = proc?.getBuiltinModule?.("node:dns") as NodeDns | undefined;
  if (!dns) return undefined;
  const resolver = new dns.promises.Resolver({ timeout: timeoutMs, tries: 2 });
  if (servers) resolver.setServers(servers);
  return async (name) => {
    try {
      return (await resolver.resolveTxt(name)).map((chunks) => chunks.join(""));
    } catch {
      // NXDOMAIN, no TXT records, a timeout or a refused query: this method did not resolve the name, and
      // the next one (HTTPS, the server) may still; the caller reports HandleNotFound when none does.
      return [];
    }
  };
}
