import type { IncomingMessage, ServerResponse } from "node:http";
import type { AppContext } from "../context.js";

/** Query parameters as parsed from the URL: repeated keys become arrays. */
export type Params = Record<string, string | string[] | undefined>;

/** What a handler gets: the parsed request and whatever the route's auth step returned. */
export interface HandlerInput<A = unknown, I = unknown, C = AppContext> {
  params: Params;
  input: I;
  auth: A;
  req: IncomingMessage;
  ctx: C;
}

/** A handler's answer: JSON by default, bytes or a byte stream with their own content type. */
export type HandlerOutput =
  | { encoding: "application/json"; body: unknown; headers?: Record<string, string> }
  | {
      encoding: string;
      body: Uint8Array | AsyncIterable<Uint8Array>;
      headers?: Record<string, string>;
    }
  | undefined;

/** How the request body is read before the handler runs ("stream": not at all, the handler reads it). */
export type InputKind = "none" | "json" | "binary" | "stream";

/** One XRPC method, declared: the router does the common steps in the reference's order. `C`: the server's context (the entryway has its own). */
export interface Route<A = unknown, I = unknown, C = AppContext> {
  nsid: string;
  type: "query" | "procedure";
  /**
   * Verifies credentials; throws an XRPCError to refuse. Runs before the body is read. May set response
   * headers every answer needs (an OAuth token's next DPoP nonce).
   */
  auth?: (req: IncomingMessage, ctx: C, res: ServerResponse) => A | Promise<A>;
  input?: InputKind;
  /** Largest accepted body in bytes (413 above it); a function when a setting decides it. */
  bodyLimit?: number | ((ctx: C) => number);
  /** Checks and narrows the parsed body (JSON routes); throws InvalidRequestError on bad input. */
  parseInput?: (body: unknown) => I;
  /** Rate-limit costs, checked after the body is parsed (as the reference does); may return the
   * RateLimit-* headers to send with the answer. */
  rateLimit?: (input: HandlerInput<A, I, C>) => Record<string, string> | undefined;
  handler: (input: HandlerInput<A, I, C>) => HandlerOutput | Promise<HandlerOutput>;
  /**
   * Turns the domain errors the handler may throw into XRPC errors, returning anything else as it is:
   * declared once for a family of routes (every repo write shares one), never repeated in handlers.
   */
  mapErrors?: (err: unknown) => unknown;
}

/** Declares a route with its types inferred (keeps route files free of casts). */
export function defineRoute<A, I, C = AppContext>(route: Route<A, I, C>): Route<A, I, C> {
  return route;
}
