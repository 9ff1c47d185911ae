import type { Logger } from "pino";
import { outboundRequest } from "../net/outbound.js";

/** The reference's throttle: a relay is asked again at most every twenty minutes. */
export const CRAWL_INTERVAL_MS = 20 * 60_000;
/** Time a relay has to answer a crawl request. */
const CRAWL_TIMEOUT_MS = 10_000;

/**
 * Asks the configured relays (PDS_CRAWLERS) to crawl this PDS: `com.atproto.sync.requestCrawl` with
 * the server's hostname, when the server starts and then on activity, at most every twenty minutes.
 * Requests run in the background; a relay that fails is logged and asked again next time.
 */
export class Crawlers {
  #last = Number.NEGATIVE_INFINITY;
  readonly #pending = new Set<Promise<void>>();

  constructor(
    readonly hostname: string,
    readonly crawlers: readonly string[],
    readonly logger: Logger,
  ) {}

  /** Called on every firehose event: asks the relays unless they were asked within the interval. */
  notifyOfUpdate(): void {
    const now = Date.now();
    if (this.crawlers.length === 0 || now - this.#last < CRAWL_INTERVAL_MS) return;
    this.#last = now;
    for (const crawler of this.crawlers) {
      const request = this.#request(crawler).finally(() => this.#pending.delete(request));
      this.#pending.add(request);
    }
  }

  /** Waits for requests in flight (a stopping server lets them finish; each is bounded by its timeout). */
  async close(): Promise<void> {
    await Promise.all(this.#pending);
  }

  async #request(crawler: string): Promise<void> {
    const url = `${crawler}/xrpc/com.atproto.sync.requestCrawl`;
    try {
      const res = await outboundRequest(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: Buffer.from(JSON.stringify({ hostname: this.hostname })),
        headersTimeoutMs: CRAWL_TIMEOUT_MS,
        bodyTimeoutMs: CRAWL_TIMEOUT_MS,
        // The operator chose these URLs.
        ssrfProtection: false,
      });
      res.body.resume();
      if (res.status >= 400)
        this.logger.warn({ crawler, status: res.status }, "relay refused the crawl request");
    } catch (err) {
      this.logger.warn({ err, crawler }, "failed to request crawl");
    }
  }
}
