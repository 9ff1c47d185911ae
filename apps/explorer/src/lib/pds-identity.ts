import type { BrowserOAuthClientOptions } from "@atproto/oauth-client-browser";
import { BlueskyCore } from "bluesky/core.js";
import { atprotoIdentityResolveHandle } from "bluesky/funcs/atprotoIdentityResolveHandle.js";
import { repoDescribeRepo } from "bluesky/funcs/repoDescribeRepo.js";
import { unwrap } from "bluesky/types/fp.js";

type IdentityResolver = NonNullable<BrowserOAuthClientOptions["identityResolver"]>;
type Resolved = Awaited<ReturnType<IdentityResolver["resolve"]>>;

/**
 * Identity resolution through the PDS that served this page (its resolveHandle and describeRepo,
 * which carries the DID document). The OAuth library uses it to confirm that the signed-in DID is
 * hosted by the server that signed it in. For this app that server is the authority anyway (it serves
 * the app's code), and it works where the DIDs are in no directory (`npm start` publishes none).
 */
export function pdsIdentityResolver(origin: string): IdentityResolver {
  const client = new BlueskyCore({ serverURL: origin, timeoutMs: 10_000 });
  return {
    async resolve(identifier: string): Promise<Resolved> {
      const did = identifier.startsWith("did:")
        ? identifier
        : unwrap(await atprotoIdentityResolveHandle(client, { handle: identifier })).did;
      const repo = unwrap(await repoDescribeRepo(client, { repo: did }));
      return { did: repo.did, didDoc: repo.didDoc, handle: repo.handle } as unknown as Resolved;
    },
  };
}
