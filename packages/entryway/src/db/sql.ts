import postgres from "postgres";

/** A pool of PostgreSQL connections (postgres.js): tagged-template queries, always parameterized. */
export type Sql = postgres.Sql;

/** Connection limits, explicit: the directory is low-rate, and PostgreSQL's own limit is shared. */
export const POOL = { max: 10, connectTimeoutS: 5, idleTimeoutS: 60 } as const;

/**
 * Opens a pool (connections are made on first use and remade after a failure, so the entryway rides out
 * a PostgreSQL restart with no code of its own: queries in flight fail, the next ones reconnect).
 */
export function connect(url: string): Sql {
  // libpq's way to name a socket directory (`?host=/run/postgresql`), which postgres.js reads only as an option.
  const parsed = new URL(url);
  const socketDir = parsed.searchParams.get("host") ?? undefined;
  parsed.searchParams.delete("host");
  return postgres(parsed.toString(), {
    ...(socketDir?.startsWith("/") && { host: socketDir }),
    max: POOL.max,
    connect_timeout: POOL.connectTimeoutS,
    idle_timeout: POOL.idleTimeoutS,
    onnotice: () => {},
  });
}

// Server gone or restarting (57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot connect now, 08xxx
// connection exceptions), and the client's own names for a lost or refused connection.
const UNAVAILABLE_SQLSTATE = /^(57P0[123]|08\d{3})$/;
const UNAVAILABLE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOENT",
  "EPIPE",
  "ETIMEDOUT",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "CONNECT_TIMEOUT",
]);

/** True when `err` means PostgreSQL cannot be reached right now (worth a 503 and a retry, not a 500). */
export function isUnavailable(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === "string" && (UNAVAILABLE_CODES.has(code) || UNAVAILABLE_SQLSTATE.test(code));
}

/** True when `err` is a unique-constraint violation on `constraint`. */
export function isUniqueViolation(err: unknown, constraint: string): boolean {
  const e = err as { code?: string; constraint_name?: string } | null;
  return e?.code === "23505" && e.constraint_name === constraint;
}
