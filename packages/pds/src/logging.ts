import type { IncomingMessage, ServerResponse } from "node:http";
import { type DestinationStream, type Logger, pino } from "pino";

/** Fields that must never reach a log line, wherever they appear in a logged object. */
export const REDACTED_PATHS = [
  "req.headers.authorization",
  "headers.authorization",
  "authorization",
  "password",
  "*.password",
  "accessJwt",
  "*.accessJwt",
  "refreshJwt",
  "*.refreshJwt",
  "jwtSecret",
  "*.jwtSecret",
  "adminPassword",
  "*.adminPassword",
];

/** The server's structured (JSON) logger, with secrets redacted; stdout unless `destination` is given. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = { level, redact: { paths: REDACTED_PATHS, censor: "[redacted]" } };
  return destination ? pino(options, destination) : pino(options);
}

/** Logs one line per request when its response finishes: method, path, status and time. */
export function logRequest(logger: Logger, req: IncomingMessage, res: ServerResponse): void {
  const started = performance.now();
  res.once("finish", () => {
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    logger.info(
      {
        method: req.method,
        path: q === -1 ? url : url.slice(0, q),
        status: res.statusCode,
        ms: Math.round((performance.now() - started) * 10) / 10,
        ip: req.socket.remoteAddress,
      },
      "request",
    );
  });
}

/**
 * Keeps the process serving when something escapes every handler: the error is logged and the
 * server carries on (each request's own failures are already answered with a bare 500).
 */
export function installProcessHandlers(logger: Logger): void {
  process.on("uncaughtException", (err) => logger.error({ err }, "uncaught exception; still serving"));
  process.on("unhandledRejection", (err) => logger.error({ err }, "unhandled rejection; still serving"));
}
