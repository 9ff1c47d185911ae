import { ensureValidHandle } from "@atproto/syntax";
import { InvalidHandleError, UnsupportedDomainError } from "./errors.js";

/** The reference's bounds on the name in front of a service domain (`alice` in `alice.test`). */
export const HANDLE_NAME_MIN = 3;
export const HANDLE_NAME_MAX = 18;

/**
 * Lower-cases a requested handle and checks it: valid handle syntax, under one of `domains`, with one
 * label of 3 to 18 characters in front. Throws InvalidHandleError or UnsupportedDomainError.
 */
export function normalizeHandle(requested: string, domains: readonly string[]): string {
  const handle = requested.toLowerCase();
  try {
    ensureValidHandle(handle);
  } catch {
    throw new InvalidHandleError(handle, "Input/handle must be a valid handle");
  }
  const domain = domains.find((d) => handle.endsWith(d));
  if (!domain) throw new UnsupportedDomainError(handle);
  const name = handle.slice(0, -domain.length);
  if (name.includes(".")) throw new InvalidHandleError(handle, "Invalid characters in handle");
  if (name.length < HANDLE_NAME_MIN) throw new InvalidHandleError(handle, "Handle too short");
  if (name.length > HANDLE_NAME_MAX) throw new InvalidHandleError(handle, "Handle too long");
  return handle;
}
