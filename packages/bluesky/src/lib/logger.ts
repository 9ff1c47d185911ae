/** The subset of `console` the SDK logs to; pass `console` itself, or set `BLUESKY_DEBUG=1`. */
export interface Logger {
  group(label?: string): void;
  groupEnd(): void;
  log(message: unknown, ...args: unknown[]): void;
}
