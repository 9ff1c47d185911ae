// PLACEHOLDER until the subscription runtime lands (issue 14, "runtime" side): the generated
// subscription functions are written against this signature. It refuses to run rather than pretend.
import type { ClientSDK } from "./sdks.js";

/** Options of a subscription: where to resume, and a signal that closes it. */
export type SubscribeOptions = { cursor?: number; signal?: AbortSignal };

/** Decoded frames of an XRPC subscription, each `{ $type: "<nsid>#<defname>", ...body }`. */
export function subscribe<M>(
  _client: ClientSDK,
  id: string,
  _params: Record<string, unknown>,
  _options?: SubscribeOptions,
): AsyncIterable<M> {
  throw new Error(`subscriptions are not available in this build; id=${id}`);
}
