import type { IncomingMessage } from "node:http";
import type { EntrywayTokens } from "../auth/tokens.js";
import type { Cell } from "../directory/cells.js";

/**
 * Access tokens name their account's cell as `aud`, and a cell refuses tokens for another; an account
 * moved since its client logged in (move/move.ts) would be refused by its new cell until the client
 * refreshes. So a request whose token names another cell has it re-signed for the account's cell now.
 * Only the unverified `aud` is read on the common path: just tokens for another cell pay a verify.
 */
export function readdressSession(tokens: EntrywayTokens, req: IncomingMessage, cell: Cell): void {
  const auth = req.headers.authorization;
  if (!auth?.startsWith("Bearer ")) return;
  const token = auth.slice(7);
  if (unverifiedAudience(token) === cell.did) return;
  const readdressed = tokens.readdress(token, cell.did);
  if (readdressed !== null) req.headers.authorization = `Bearer ${readdressed}`;
}

function unverifiedAudience(token: string): string | undefined {
  try {
    const payload = JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8"));
    return typeof payload?.aud === "string" ? payload.aud : undefined;
  } catch {
    return undefined;
  }
}
