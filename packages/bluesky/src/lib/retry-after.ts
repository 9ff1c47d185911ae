/*
 * The `Retry-After` header, parsed as RFC 9110 §10.2.3 defines it: delay-seconds (a non-negative integer,
 * nothing else) or an HTTP-date in any of its three forms (§5.6.7). A lenient parse is what let "1.5"
 * through as a date in 2001, so a wait of zero: anything that is not exactly one of these is ignored.
 */

const MON = "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec";
const DAY = "Mon|Tue|Wed|Thu|Fri|Sat|Sun";
const TIME = "([01]\\d:[0-5]\\d:[0-5]\\d|2[0-3]:[0-5]\\d:[0-5]\\d)";
// IMF-fixdate `Sun, 06 Nov 1994 08:49:37 GMT`, rfc850 `Sunday, 06-Nov-94 08:49:37 GMT`, asctime
// `Sun Nov  6 08:49:37 1994`, each captured as day, month, year, time.
const FORMS = [
  [new RegExp(`^(?:${DAY}), (\\d\\d) (${MON}) (\\d{4}) ${TIME} GMT$`), 1, 2, 3, 4],
  [
    new RegExp(`^(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day, (\\d\\d)-(${MON})-(\\d\\d) ${TIME} GMT$`),
    1,
    2,
    3,
    4,
  ],
  [new RegExp(`^(?:${DAY}) (${MON}) ([ \\d]\\d) ${TIME} (\\d{4})$`), 2, 1, 4, 3],
] as const;

/** Milliseconds since the epoch of an HTTP-date, or undefined when `value` is not one. */
export function parseHttpDate(value: string, now = Date.now()): number | undefined {
  for (const [form, d, m, y, t] of FORMS) {
    const match = form.exec(value);
    if (!match) continue;
    let year = Number(match[y]);
    // §5.6.7: a two-digit year more than 50 years ahead is the most recent past year with those digits.
    if (year < 100) year += 100 * Math.floor((new Date(now).getUTCFullYear() + 50 - year) / 100);
    const month = MON.indexOf(match[m]!) / 4 + 1;
    const ms = Date.UTC(
      year,
      month - 1,
      Number(match[d]),
      ...(match[t]!.split(":").map(Number) as [number, number, number]),
    );
    // Date.UTC rolls 31 Feb over into March; the day must survive.
    return new Date(ms).getUTCDate() === Number(match[d]) ? ms : undefined;
  }
  return undefined;
}

/** Milliseconds a `Retry-After` header asks to wait (0 for a past date), or undefined when it is malformed. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (header === null) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const date = parseHttpDate(value, now);
  return date === undefined ? undefined : Math.max(0, date - now);
}
