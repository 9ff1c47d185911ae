/*
 * The `Retry-After` header, parsed as RFC 9110 §10.2.3 defines it: delay-seconds (a non-negative integer,
 * nothing else) or an HTTP-date in any of its three forms (§5.6.7). A lenient parse is what let "1.5"
 * through as a date in 2001, so a wait of zero: anything that is not exactly one of these is ignored.
 */

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const M = MONTHS.join("|");
const TIME = "(\\d{2}):(\\d{2}):(\\d{2})";
// Sun, 06 Nov 1994 08:49:37 GMT
const IMF_FIXDATE = new RegExp(`^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\\d{2}) (${M}) (\\d{4}) ${TIME} GMT$`);
// Sunday, 06-Nov-94 08:49:37 GMT
const RFC850 = new RegExp(
  `^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), (\\d{2})-(${M})-(\\d{2}) ${TIME} GMT$`,
);
// Sun Nov  6 08:49:37 1994
const ASCTIME = new RegExp(`^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (${M}) ([ \\d]\\d) ${TIME} (\\d{4})$`);

/** Milliseconds since the epoch of a valid date and time, or undefined (31 Feb, 25:00, ...). */
function utc(year: number, month: string, day: number, h: string, m: string, s: string): number | undefined {
  const mon = MONTHS.indexOf(month);
  const ms = Date.UTC(year, mon, day, Number(h), Number(m), Number(s));
  const d = new Date(ms);
  const valid =
    d.getUTCFullYear() === year &&
    d.getUTCMonth() === mon &&
    d.getUTCDate() === day &&
    d.getUTCHours() === Number(h) &&
    d.getUTCMinutes() === Number(m) &&
    d.getUTCSeconds() === Number(s);
  return valid ? ms : undefined;
}

/** Milliseconds since the epoch of an HTTP-date, or undefined when `value` is not one. */
export function parseHttpDate(value: string, now = Date.now()): number | undefined {
  let match = IMF_FIXDATE.exec(value);
  if (match) {
    const [, day, mon, year, h, m, s] = match as unknown as string[];
    return utc(Number(year), mon!, Number(day), h!, m!, s!);
  }
  match = RFC850.exec(value);
  if (match) {
    const [, day, mon, yy, h, m, s] = match as unknown as string[];
    // §5.6.7: a two-digit year more than 50 years ahead is the most recent past year with those digits.
    const thisYear = new Date(now).getUTCFullYear();
    let year = Math.floor(thisYear / 100) * 100 + Number(yy);
    if (year > thisYear + 50) year -= 100;
    return utc(year, mon!, Number(day), h!, m!, s!);
  }
  match = ASCTIME.exec(value);
  if (match) {
    const [, mon, day, h, m, s, year] = match as unknown as string[];
    return utc(Number(year), mon!, Number(day!.trim()), h!, m!, s!);
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
