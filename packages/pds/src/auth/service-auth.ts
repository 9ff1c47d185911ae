import type { AppContext } from "../context.js";
import { createServiceJwt } from "./service-jwt.js";

/** A one-minute service token from `iss` (an account hosted here, signed with its repo key) for `aud`. */
export function serviceAuthJwt(ctx: AppContext, iss: string, aud: string, lxm: string): string {
  return createServiceJwt({ iss, aud, lxm, signer: ctx.accounts.signingKey(iss) });
}
