import type { IncomingMessage, ServerResponse } from "node:http";
import { type DestinationStream, type Logger, pino } from "pino";
import pretty from "pino-pretty";

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

/** JSON lines for machines (files, collectors), or coloured one-line records for a person at a terminal. */
export type LogFormat = "json" | "pretty";

/** `LOG_FORMAT` when it names a format, else pretty on a terminal and JSON anywhere else. */
export function logFormat(
  env: NodeJS.ProcessEnv = process.env,
  tty = process.stdout.isTTY === true,
): LogFormat {
  const chosen = env.LOG_FORMAT;
  if (chosen === "json" || chosen === "pretty") return chosen;
  return tty ? "pretty" : "json";
}

/**
 * The server's logger, with secrets redacted in either format; stdout unless `destination` is given
 * (then JSON unless told otherwise).
 * The pretty form is pino-pretty run in-process (no worker thread), fed the same redacted records.
 */
export function createLogger(
  level: string,
  destination?: DestinationStream,
  format: LogFormat = destination === undefined ? logFormat() : "json",
): Logger {
  const options = { level, redact: { paths: REDACTED_PATHS, censor: "[redacted]" } };
  if (format === "pretty") {
    const colorize = destination === undefined && process.stdout.isTTY === true;
    const stream = pretty({
      destination: destination ?? 1,
      colorize,
      singleLine: true,
      translateTime: "SYS:HH:MM:ss.l",
      ignore: "pid,hostname",
    });
    return pino(options, stream);
  }
  return destination ? pino(options, destination) : pino(options);
}

/**
 * Logs one line per request once its response is over: method, path, status, time and client address,
 * and `aborted` when the connection ended before the answer was complete (a client gone, a stream cut
 * off). The address is read on arrival: once a request is destroyed Node clears `req.socket`.
 */
export function logRequest(logger: Logger, req: IncomingMessage, res: ServerResponse): void {
  const started = performance.now();
  const ip = req.socket.remoteAddress;
  res.once("close", () => {
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    const aborted = !res.writableFinished;
    logger.info(
      {
        method: req.method,
        path: q === -1 ? url : url.slice(0, q),
        status: res.headersSent ? res.statusCode : undefined,
        ms: Math.round((performance.now() - started) * 10) / 10,
        ip,
        ...(aborted && { aborted }),
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
