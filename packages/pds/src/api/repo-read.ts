import type { Account } from "../account/manager.js";
import type { AppContext } from "../context.js";
import { InvalidRequestError } from "../xrpc/errors.js";
import type { Params } from "../xrpc/route.js";

/** The hosted, not taken-down account named by a handle or DID; 400 "Could not find repo" otherwise. */
export function readableAccount(ctx: AppContext, repo: string): Account {
  const account = ctx.accounts.getAccount(repo);
  if (account === null || account.takedownRef !== null) {
    throw new InvalidRequestError(`Could not find repo: ${repo}`);
  }
  return account;
}

/** An integer query parameter in [min, max], or `fallback` when absent. */
export function intParam(params: Params, key: string, min: number, max: number, fallback: number): number {
  const raw = params[key];
  if (raw === undefined) return fallback;
  const value = typeof raw === "string" && /^-?\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(value >= min && value <= max)) {
    throw new InvalidRequestError(`${key} must be an integer between ${min} and ${max}`);
  }
  return value;
}

/** A boolean query parameter ("true"/"false"), false when absent. */
export function boolParam(params: Params, key: string): boolean {
  const raw = params[key];
  if (raw === undefined || raw === "false") return false;
  if (raw === "true") return true;
  throw new InvalidRequestError(`${key} must be a boolean`);
}

/** An optional single-valued string parameter. */
export function optionalParam(params: Params, key: string): string | undefined {
  const raw = params[key];
  if (Array.isArray(raw)) throw new InvalidRequestError(`${key} must be given once`);
  return raw === "" ? undefined : raw;
}
