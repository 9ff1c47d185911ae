import { InvalidRequestError } from "../xrpc/errors.js";
import type { Params } from "../xrpc/route.js";
import { formatProblem, type StringFormat } from "./input.js";

// Query parameters become typed input here (bodies in input.ts); errors are 400 InvalidRequest.

/** A required query parameter, given once. */
export function requiredParam(params: Params, key: string): string {
  const value = params[key];
  if (typeof value !== "string" || value === "")
    throw new InvalidRequestError(`Params must have the property "${key}"`);
  return value;
}

/** A required query parameter in an atproto string format: 400 InvalidRequest otherwise, as the reference. */
export function formatParam(params: Params, key: string, format: StringFormat): string {
  return checkFormat(requiredParam(params, key), key, format);
}

/** An optional query parameter in an atproto string format (absent or empty: undefined). */
export function optionalFormatParam(params: Params, key: string, format: StringFormat): string | undefined {
  const value = optionalParam(params, key);
  return value === undefined ? undefined : checkFormat(value, key, format);
}

function checkFormat(value: string, key: string, format: StringFormat): string {
  const problem = formatProblem(value, format);
  if (problem !== undefined) throw new InvalidRequestError(`${problem} at params.${key}`);
  return value;
}

/** An optional single-valued string parameter. */
export function optionalParam(params: Params, key: string): string | undefined {
  const raw = params[key];
  if (Array.isArray(raw)) throw new InvalidRequestError(`${key} must be given once`);
  return raw === "" ? undefined : raw;
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
