/** The transport, shaped like `fetch`. Tests and custom runtimes swap it. */
export type Fetcher = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** Runs before each attempt is sent; may return a replacement Request. */
export type BeforeRequestHook = (request: Request) => Request | undefined | Promise<Request | undefined>;
/** Runs when the fetcher throws (no response); the error is rethrown afterwards. */
export type RequestErrorHook = (error: unknown, request: Request) => void | Promise<void>;
/** Runs for every response, success or error status. */
export type ResponseHook = (response: Response, request: Request) => void | Promise<void>;

type HookMap = { beforeRequest: BeforeRequestHook; requestError: RequestErrorHook; response: ResponseHook };

/** Sends requests through a fetcher, with request, error and response hooks around it. */
export class HTTPClient {
  readonly #fetcher: Fetcher;
  readonly #hooks: { [K in keyof HookMap]: HookMap[K][] } = {
    beforeRequest: [],
    requestError: [],
    response: [],
  };

  constructor(options: { fetcher?: Fetcher } = {}) {
    // Bound lazily, not captured: tests and polyfills may replace globalThis.fetch after construction.
    this.#fetcher = options.fetcher ?? ((input, init) => fetch(input, init));
  }

  /**
   * Sends one request: beforeRequest hooks, the fetcher (or the one given: a session that signs its own
   * requests), then requestError or response hooks. Without
   * hooks, `(url, init)` goes to the fetcher as is: building a Request that fetch copies again would cost
   * more than the rest of the SDK's work per call.
   */
  request(input: Request | string, init?: RequestInit, fetcher = this.#fetcher): Promise<Response> {
    const hooks = this.#hooks;
    if (!hooks.beforeRequest.length && !hooks.requestError.length && !hooks.response.length) {
      return fetcher(input, init);
    }
    return this.#requestWithHooks(input, init, fetcher);
  }

  async #requestWithHooks(
    input: Request | string,
    init: RequestInit | undefined,
    fetcher: Fetcher,
  ): Promise<Response> {
    let req = typeof input === "string" || init ? new Request(input, init) : input;
    for (const hook of this.#hooks.beforeRequest) req = (await hook(req)) ?? req;
    let response: Response;
    try {
      response = await fetcher(req);
    } catch (error) {
      for (const hook of this.#hooks.requestError) await hook(error, req);
      throw error;
    }
    for (const hook of this.#hooks.response) await hook(response, req);
    return response;
  }

  /** Registers a hook. */
  addHook<K extends keyof HookMap>(kind: K, hook: HookMap[K]): this {
    this.#hooks[kind].push(hook);
    return this;
  }

  /** Removes a hook registered with addHook. */
  removeHook<K extends keyof HookMap>(kind: K, hook: HookMap[K]): this {
    const list = this.#hooks[kind];
    const index = list.indexOf(hook);
    if (index >= 0) list.splice(index, 1);
    return this;
  }

  /** A new client with the same fetcher and a copy of the hooks. */
  clone(): HTTPClient {
    const copy = new HTTPClient({ fetcher: this.#fetcher });
    for (const kind of Object.keys(this.#hooks) as (keyof HookMap)[]) {
      for (const hook of this.#hooks[kind]) copy.addHook(kind, hook as never);
    }
    return copy;
  }
}
