import type { IncomingMessage, ServerResponse } from "node:http";
import type { AppContext } from "../context.js";

/** `GET /.well-known/atproto-did`: the DID of the handle named by the Host header, as plain text. */
export function atprotoDid(ctx: AppContext): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const host = (req.headers.host ?? "").replace(/:\d+$/, "").toLowerCase();
    const account = host ? ctx.accounts.getAccount(host) : null;
    const found = account !== null && account.handle === host && account.takedownRef === null;
    const body = found ? account.did : "User not found";
    res.writeHead(found ? 200 : 404, { "content-type": "text/plain; charset=utf-8" });
    res.end(body);
  };
}
