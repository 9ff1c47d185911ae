import {
  ConnectionError,
  type HTTPClientError,
  InvalidRequestError,
  RequestAbortedError,
  RequestTimeoutError,
  UnexpectedClientError,
} from "../models/errors/httpclienterrors.js";

/**
 * Classifies what fetch threw. The signals decide first: the same DOMException can come from the caller's
 * abort or from our timeout, and only the signals know which fired.
 */
export function toClientError(
  error: unknown,
  timeout?: AbortSignal,
  userSignal?: AbortSignal | null,
): HTTPClientError {
  const name = (error as Error | undefined)?.name;
  if (userSignal?.aborted || (name === "AbortError" && !timeout?.aborted)) {
    return new RequestAbortedError("Request aborted by client", { cause: error });
  }
  if (timeout?.aborted || name === "TimeoutError")
    return new RequestTimeoutError("Request timed out", { cause: error });
  if (error instanceof TypeError) {
    // fetch reports refused, reset and DNS failures as a TypeError with one of these messages (Node,
    // Chromium, Firefox, Safari); other TypeErrors mean fetch refused the request itself (bad header, URL).
    return /fetch failed|failed to fetch|networkerror|load failed/i.test(error.message)
      ? new ConnectionError("Unable to make request", { cause: error })
      : new InvalidRequestError("Invalid request", { cause: error });
  }
  return new UnexpectedClientError("Unexpected HTTP client error", { cause: error });
}

/** Waits `ms`; resolves early with a RequestAbortedError if `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal | null): Promise<RequestAbortedError | undefined> {
  return new Promise((resolve) => {
    const aborted = () => new RequestAbortedError("Request aborted by client", { cause: signal?.reason });
    if (signal?.aborted) return resolve(aborted());
    const onAbort = () => {
      clearTimeout(timer);
      resolve(aborted());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve(undefined);
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
