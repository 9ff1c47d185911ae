/** Base of the errors a subscription ends with (an abort ends it with RequestAbortedError). */
export class SubscriptionError extends Error {
  override readonly name: string = "SubscriptionError";
}

/**
 * The server sent an error frame (`op: -1`) and closed the stream. `error` is the lexicon's error name
 * (`FutureCursor`, `ConsumerTooSlow`, ...), an open string: servers may send names the lexicon lacks.
 */
export class XRPCStreamError<E extends string = string> extends SubscriptionError {
  override readonly name: string = "XRPCStreamError";
  constructor(
    readonly nsid: string,
    readonly error: E,
    message: string | undefined,
  ) {
    super(`${error}: ${message ?? "the server closed the stream"}; nsid=${nsid}`);
  }
}

/** The cursor is ahead of the server's stream (its sequence was reset, or the cursor is wrong). */
export class FutureCursorError extends XRPCStreamError<"FutureCursor"> {
  override readonly name = "FutureCursorError";
}

/** The server dropped the connection because this consumer read too slowly. */
export class ConsumerTooSlowError extends XRPCStreamError<"ConsumerTooSlow"> {
  override readonly name = "ConsumerTooSlowError";
}

/** The error class for an error frame's name. */
export function streamError(nsid: string, error: string, message: string | undefined): XRPCStreamError {
  if (error === "FutureCursor") return new FutureCursorError(nsid, error, message);
  if (error === "ConsumerTooSlow") return new ConsumerTooSlowError(nsid, error, message);
  return new XRPCStreamError(nsid, error, message);
}

/** A frame that is not two DAG-CBOR values with a valid header: a hard error, the connection is dropped. */
export class InvalidFrameError extends SubscriptionError {
  override readonly name = "InvalidFrameError";
  constructor(
    readonly nsid: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`invalid frame; nsid=${nsid} reason=${reason}`, options);
  }
}

/** Messages received but not yet read passed `maxBufferedBytes`: this consumer reads too slowly. */
export class SubscriptionOverflowError extends SubscriptionError {
  override readonly name = "SubscriptionOverflowError";
  constructor(
    readonly nsid: string,
    readonly limit: number,
  ) {
    super(`more than ${limit} bytes of messages waiting to be read; nsid=${nsid}`);
  }
}

/** Connecting failed `attempts` times in a row (no message in between), and reconnecting gave up. */
export class SubscriptionConnectionError extends SubscriptionError {
  override readonly name = "SubscriptionConnectionError";
  constructor(
    readonly url: string,
    readonly attempts: number,
  ) {
    super(`no messages after ${attempts} connection attempts; url=${url}`);
  }
}
