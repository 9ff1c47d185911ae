import type { WebSocketClass } from "./websocket-web.js";

export type { WebSocketClass } from "./websocket-web.js";

/**
 * Node 22+ has a global WebSocket; Node 20 has none (it is behind --experimental-websocket), so there
 * the `ws` package stands in, loaded only then. Its client speaks the same standard API we use
 * (binaryType, onopen, onmessage, onclose, close).
 */
export async function loadWebSocket(): Promise<WebSocketClass> {
  if (typeof globalThis.WebSocket === "function") return globalThis.WebSocket;
  const { WebSocket } = await import("ws");
  return WebSocket as unknown as WebSocketClass;
}
