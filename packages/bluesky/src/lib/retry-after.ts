/*
 * The `Retry-After` header, read as RFC 9110 §10.2.3 defines it: delay-seconds (a non-negative integer,
 * nothing else) or an HTTP-date in one of its three forms (§5.6.7). A lenient parse is what let "1.5"
 * through as a date in 2001, so a wait of zero: anything that is not exactly one of these is ignored.
 */

const MON = "(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)";
const DAY = "(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)";
const TIME = "(?:[01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d";
// IMF-fixdate `Sun, 06 Nov 1994 08:49:37 GMT`, rfc850 `Sunday, 06-Nov-94 08:49:37 GMT` and asctime
// `Sun Nov  6 08:49:37 1994`; the day of the month is captured to check the date exists.
const HTTP_DATE = new RegExp(
  `^(?:${DAY}, (\\d\\d) ${MON} \\d{4} ${TIME} GMT|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day, (\\d\\d)-${MON}-\\d\\d ${TIME} GMT|${DAY} ${MON} ([ \\d]\\d) ${TIME} \\d{4})$`,
);

/**
 * Milliseconds since the epoch of an HTTP-date, or undefined when `value` is not one. Once the grammar
 * matched, Date.parse reads it: ECMAScript guarantees IMF-fixdate (the form `toUTCString` writes, and
 * the one servers must send); an engine that cannot read an obsolete form makes the header ignored,
 * never a shorter wait. rfc850's two-digit year is the engine's guess (V8: below 50 is 20xx), not
 * §5.6.7's 50-year rule: the two differ only for years decades away, which mean "no retry" or "the
 * backoff" either way. This costs 90 bytes less gzip than parsing the fields by hand.
 */
export function parseHttpDate(value: string): number | undefined {
  const match = HTTP_DATE.exec(value);
  if (!match) return undefined;
  const ms = Date.parse(value.endsWith("GMT") ? value : `${value} GMT`);
  // Date.parse rolls 31 Feb over into March: the day must survive.
  return new Date(ms).getUTCDate() === Number(match[1] ?? match[2] ?? match[3]) ? ms : undefined;
}

/** Milliseconds a `Retry-After` header asks to wait (0 for a past date), or undefined when it is malformed. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (header === null) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const date = parseHttpDate(value);
  return date === undefined ? undefined : Math.max(0, date - now);
}
