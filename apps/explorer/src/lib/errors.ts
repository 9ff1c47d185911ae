/** The XRPC error name (`InvalidSwap`, `RecordNotFound`, …) of an SDK error; undefined for transport errors. */
export function errorName(error: unknown): string | undefined {
  const name = (error as { error?: unknown } | null)?.error;
  return typeof name === "string" ? name : undefined;
}

/** An SDK error as one line for the page: XRPC name and message, or the transport error's message. */
export function describeError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const name = errorName(error);
  return name ? `${name}: ${message}` : message;
}
