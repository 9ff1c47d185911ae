/** The WebSocket class subscriptions use. */
export type WebSocketClass = typeof WebSocket;

/**
 * Browsers, Deno, Bun and Node 22+ have a global WebSocket. This module is what bundlers pick (the
 * package's `#websocket` import without the `node` condition), so browser bundles never carry `ws`.
 */
export async function loadWebSocket(): Promise<WebSocketClass> {
  if (typeof globalThis.WebSocket === "function") return globalThis.WebSocket;
  throw new Error("this runtime has no WebSocket; pass one as the `WebSocket` subscribe option");
}
