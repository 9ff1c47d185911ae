// A minimal XRPC client for the migration helper: fetch, JSON in and out, bodies streamed through.

/** A call the migration needed failed; says which server, which method and what it answered. */
export class MigrationCallError extends Error {
  constructor(
    readonly server: string,
    readonly nsid: string,
    readonly status: number,
    readonly error: string | undefined,
    detail: string | undefined,
  ) {
    super(`${nsid} on ${server} answered ${status}${error ? ` ${error}` : ""}${detail ? `: ${detail}` : ""}`);
    this.name = "MigrationCallError";
  }
}

/** One call's parts: query parameters, a JSON body or a byte stream, a token. */
export interface CallOptions {
  params?: Record<string, string>;
  json?: unknown;
  /** A body streamed as it is read (a CAR, a blob), with its content type. */
  stream?: { body: ReadableStream<Uint8Array>; type: string };
  token?: string;
  /** A procedure without a body (activateAccount): POST all the same. */
  post?: boolean;
}

/** An XRPC server the migration talks to. */
export class XrpcClient {
  constructor(readonly url: string) {}

  /** Calls `nsid` and returns the raw response; throws MigrationCallError for an error status. */
  async raw(nsid: string, opts: CallOptions = {}): Promise<Response> {
    const query = opts.params ? `?${new URLSearchParams(opts.params)}` : "";
    const headers: Record<string, string> = {};
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    let body: BodyInit | undefined;
    if (opts.json !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(opts.json);
    } else if (opts.stream) {
      headers["content-type"] = opts.stream.type;
      body = opts.stream.body;
    }
    const init: RequestInit & { duplex?: "half" } = {
      method: body === undefined && !opts.post ? "GET" : "POST",
      headers,
      body,
    };
    if (opts.stream) init.duplex = "half"; // a streamed request body (Node's fetch requires saying so)
    const res = await fetch(`${this.url}/xrpc/${nsid}${query}`, init);
    if (res.ok) return res;
    const text = await res.text();
    let error: string | undefined;
    let message: string | undefined = text.slice(0, 300);
    try {
      ({ error, message } = JSON.parse(text));
    } catch {
      // not JSON: the text is the detail
    }
    throw new MigrationCallError(this.url, nsid, res.status, error, message);
  }

  /** Calls `nsid` and parses its JSON answer (undefined for an empty one). */
  // biome-ignore lint/suspicious/noExplicitAny: answers are read field by field
  async call(nsid: string, opts: CallOptions = {}): Promise<any> {
    const text = await (await this.raw(nsid, opts)).text();
    return text === "" ? undefined : JSON.parse(text);
  }
}
