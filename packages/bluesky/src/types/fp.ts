/*
 * Standalone functions return a Result instead of throwing: the error type stays in the signature, so
 * callers see every failure an operation can produce, and bundlers keep the happy path free of try/catch.
 */

/** The outcome of an SDK call: a value, or the typed error that prevented it. */
export type Result<T, E = unknown> =
  | { ok: true; value: T; error?: never }
  | { ok: false; error: E; value?: never };

/** Wraps a value in a successful Result. */
export function OK<V>(value: V): Result<V, never> {
  return { ok: true, value };
}

/** Wraps an error in a failed Result. */
export function ERR<E>(error: E): Result<never, E> {
  return { ok: false, error };
}

/** Returns the value of a Result, or throws its error. */
export function unwrap<T>(result: Result<T, unknown>): T {
  if (!result.ok) throw result.error;
  return result.value;
}

/** Awaits a Result and returns its value, or rejects with its error. */
export async function unwrapAsync<T>(result: Promise<Result<T, unknown>>): Promise<T> {
  return unwrap(await result);
}
