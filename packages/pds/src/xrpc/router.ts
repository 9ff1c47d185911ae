import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "pino";
import type { AppContext } from "../context.js";
import { DEFAULT_BODY_LIMIT, readBody, streamBody } from "./body.js";
import {
  InvalidRequestError,
  MethodNotImplementedError,
  ResponseAbandonedError,
  toXrpcError,
  XRPCError,
} from "./errors.js";
import { readJsonBody } from "./json-body.js";
import type { HandlerOutput, Params, Route } from "./route.js";

/** What the router itself reads from a server's context (the PDS's AppContext, or the entryway's). */
export interface RouterContext {
  logger: Logger;
  rateLimiter: { consumeGlobal(req: IncomingMessage): Record<string, string> | undefined };
}

/** Routes by NSID; answers each request in the reference's order: params, auth, body, rate limit, handler. */
export class XrpcRouter<C extends RouterContext = AppContext> {
  // biome-ignore lint/suspicious/noExplicitAny: routes of every auth and input type share one table
  readonly #routes = new Map<string, Route<any, any, C>>();

  /** Serves NSIDs no route serves (the PDS forwards them to another service); without one they are 501. */
  fallback?: (req: IncomingMessage, res: ServerResponse, nsid: string) => Promise<void>;

  constructor(readonly ctx: C) {}

  /** Adds routes; a second route for the same NSID is a programming error. */
  // biome-ignore lint/suspicious/noExplicitAny: see #routes
  add(...routes: Route<any, any, C>[]): this {
    for (const route of routes) {
      if (this.#routes.has(route.nsid)) throw new Error(`duplicate route; nsid=${route.nsid}`);
      this.#routes.set(route.nsid, route);
    }
    return this;
  }

  /** Every registered route (a test holds each authenticated one to the takedown rule). */
  // biome-ignore lint/suspicious/noExplicitAny: see #routes
  routes(): Iterable<Route<any, any, C>> {
    return this.#routes.values();
  }

  /** Serves one `/xrpc/<nsid>` request; never throws. */
  async handle(req: IncomingMessage, res: ServerResponse, nsid: string, search: string): Promise<void> {
    const route = this.#routes.get(nsid);
    try {
      if (!route && this.fallback) return await this.fallback(req, res, nsid);
      if (!route) throw new MethodNotImplementedError();
      const expected = route.type === "query" ? "GET" : "POST";
      if (req.method !== expected && !(route.type === "query" && req.method === "HEAD")) {
        throw new InvalidRequestError(`Incorrect HTTP method (${req.method}) expected ${expected}`);
      }
      const params = parseParams(search);
      const auth = route.auth ? await route.auth(req, this.ctx, res) : undefined;
      const limit =
        typeof route.bodyLimit === "function"
          ? route.bodyLimit(this.ctx)
          : (route.bodyLimit ?? DEFAULT_BODY_LIMIT);
      let input: unknown;
      if (route.input === "json") {
        const body = await readJsonBody(req, limit);
        input = route.parseInput ? route.parseInput(body) : body;
      } else if (route.input === "binary") {
        input = await readBody(req, limit, "binary");
      } else if (route.input === "stream") {
        input = streamBody(req, limit);
      }
      const call = { params, input, auth, req, ctx: this.ctx };
      const globalLimit = this.ctx.rateLimiter.consumeGlobal(req);
      const limitHeaders = route.rateLimit?.(call) ?? globalLimit ?? {};
      const out = await route.handler(call);
      await writeOutput(res, out, route.auth !== undefined, limitHeaders);
    } catch (err) {
      this.writeError(res, route?.mapErrors ? route.mapErrors(err) : err, nsid);
    }
  }

  /** Renders an error as XRPC JSON; internals of unexpected failures go to the log only. */
  writeError(res: ServerResponse, err: unknown, nsid: string): void {
    if (err instanceof ResponseAbandonedError) {
      res.destroy();
      return;
    }
    const xrpc: XRPCError = toXrpcError(err);
    // Only failures nobody anticipated are errors worth a stack trace; a declared 501 or 502 is not.
    if (!(err instanceof XRPCError) || xrpc.status === 500)
      this.ctx.logger.error({ err, nsid }, "request failed");
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const body = JSON.stringify(xrpc.toJSON());
    res.writeHead(xrpc.status, {
      ...xrpc.headers,
      "content-type": "application/json; charset=utf-8",
      "content-length": Buffer.byteLength(body),
    });
    res.end(body);
  }
}

/** Query parameters on a prototype-less object, so no key (`constructor`, `toString`) reads an inherited value. */
function parseParams(search: string): Params {
  const params: Params = Object.create(null);
  for (const [key, value] of new URLSearchParams(search)) {
    // As the reference: the one key that could still change a prototype on its way elsewhere.
    if (key === "__proto__") throw new InvalidRequestError("Invalid query parameter: __proto__");
    const prev = params[key];
    params[key] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
  }
  return params;
}

async function writeOutput(
  res: ServerResponse,
  out: HandlerOutput,
  authed: boolean,
  limitHeaders: Record<string, string>,
): Promise<void> {
  // Authenticated answers are per user: caches must not share them (as the reference).
  const base: Record<string, string> = authed
    ? { ...limitHeaders, "cache-control": "private", vary: "Authorization" }
    : limitHeaders;
  if (out === undefined) {
    res.writeHead(200, base);
    res.end();
    return;
  }
  // Bytes and streams go as they are, JSON ones too (a proxied AppView answer streams through).
  const raw = out.body instanceof Uint8Array || isAsyncIterable(out.body);
  if (out.encoding === "application/json" && !raw) {
    const body = JSON.stringify(out.body);
    res.writeHead(200, {
      ...base,
      ...out.headers,
      "content-type": "application/json; charset=utf-8",
      "content-length": Buffer.byteLength(body),
    });
    res.end(body);
    return;
  }
  const body = out.body as Uint8Array | AsyncIterable<Uint8Array>;
  res.writeHead(200, { ...base, ...out.headers, "content-type": out.encoding });
  if (body instanceof Uint8Array) {
    res.end(body);
    return;
  }
  for await (const chunk of body) {
    // A client gone mid-stream never drains: stop, and leaving the loop releases what the stream holds.
    if (res.destroyed || (!res.write(chunk) && !(await drained(res)))) return;
  }
  res.end();
}

function isAsyncIterable(value: unknown): value is AsyncIterable<Uint8Array> {
  return typeof value === "object" && value !== null && Symbol.asyncIterator in value;
}

/** Resolves true once the response drains, false if it closes first. */
function drained(res: ServerResponse): Promise<boolean> {
  return new Promise((resolve) => {
    const done = (ok: boolean) => {
      res.off("drain", onDrain);
      res.off("close", onClose);
      resolve(ok);
    };
    const onDrain = () => done(true);
    const onClose = () => done(false);
    res.on("drain", onDrain);
    res.on("close", onClose);
  });
}
