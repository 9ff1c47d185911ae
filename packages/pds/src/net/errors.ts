/** Why an outbound call failed; the API edge maps each to an XRPC error (502 or 504). */
export type OutboundFailure = "forbidden-address" | "unreachable" | "timeout" | "too-large" | "bad-body";

/** An outbound HTTP call (proxy, DID or handle lookup, PLC, crawler) did not get a usable answer. */
export class OutboundError extends Error {
  constructor(
    readonly url: string,
    readonly reason: OutboundFailure,
    readonly detail: string,
  ) {
    super(`outbound call failed; url=${url} reason=${reason} detail=${detail}`);
    this.name = "OutboundError";
  }
}
