import type { IncomingMessage, ServerResponse } from "node:http";
import type { EntrywayContext } from "../context.js";
import { toEntrywayXrpcError } from "./errors.js";

/** `GET /.well-known/atproto-did`: the DID of the handle named by the Host header, for every cell's handles. */
export function atprotoDid(ctx: EntrywayContext) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const host = (req.headers.host ?? "").replace(/:\d+$/, "").toLowerCase();
    let location: Awaited<ReturnType<typeof ctx.directory.locator.locate>>;
    try {
      location = host && !host.startsWith("did:") ? await ctx.directory.locator.locate(host) : null;
    } catch (err) {
      throw toEntrywayXrpcError(err);
    }
    res.writeHead(location ? 200 : 404, { "content-type": "text/plain; charset=utf-8" });
    res.end(location ? location.did : "User not found");
  };
}
