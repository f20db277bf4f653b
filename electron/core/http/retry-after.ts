/**
 * How long a provider asked us to wait, read from the headers of a 429 or 503-like answer.
 *
 * Call it only for such answers: X and Discord send their rate-limit headers on every response,
 * where `x-rate-limit-reset` is merely the end of the current window, not a request to wait.
 */

/**
 * The longest wait honoured: a provider asking for more is treated as asking for a day. The one
 * definition of that cap; the refresh backoff should use it too.
 */
export const MAX_RETRY_AFTER_MS = 24 * 60 * 60 * 1000;

type Headers = Readonly<Record<string, string | undefined>>;

const clamp = (ms: number): number => Math.min(MAX_RETRY_AFTER_MS, Math.max(0, Math.ceil(ms)));

const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const LONG_DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAY = `(?:${DAYS.join('|')})`;
const MONTH = `(${MONTHS.join('|')})`;
const TIME = '(\\d{2}):(\\d{2}):(\\d{2})';

// RFC 9110 5.6.7: IMF-fixdate, and the obsolete rfc850-date and asctime-date recipients must accept.
const IMF_FIXDATE = new RegExp(`^${DAY}, (\\d{2}) ${MONTH} (\\d{4}) ${TIME} GMT$`);
const RFC850_DATE = new RegExp(`^(?:${LONG_DAYS.join('|')}), (\\d{2})-${MONTH}-(\\d{2}) ${TIME} GMT$`);
const ASCTIME_DATE = new RegExp(`^${DAY} ${MONTH} ([ \\d]\\d) ${TIME} (\\d{4})$`);

function utc(year: number, month: string, day: number, hour: number, minute: number, second: number): number | undefined {
  const monthIndex = MONTHS.indexOf(month);
  if (monthIndex < 0 || hour > 23 || minute > 59 || second > 60) return undefined;
  const time = Date.UTC(year, monthIndex, day, hour, minute, Math.min(second, 59));
  // Rejects days that do not exist in that month (31 Feb rolls over into March).
  if (new Date(time).getUTCDate() !== day) return undefined;
  return time;
}

/** Parses an HTTP-date (RFC 9110 5.6.7) to epoch milliseconds; anything else gives undefined. */
export function parseHttpDate(value: string, now: number): number | undefined {
  let m = IMF_FIXDATE.exec(value);
  if (m) return utc(Number(m[3]), m[2] as string, Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6]));
  m = RFC850_DATE.exec(value);
  if (m) {
    // A two-digit year more than 50 years in the future is the most recent past year with those digits.
    const currentYear = new Date(now).getUTCFullYear();
    let year = Math.floor(currentYear / 100) * 100 + Number(m[3]);
    if (year > currentYear + 50) year -= 100;
    return utc(year, m[2] as string, Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6]));
  }
  m = ASCTIME_DATE.exec(value);
  if (m) return utc(Number(m[6]), m[1] as string, Number((m[2] as string).trim()), Number(m[3]), Number(m[4]), Number(m[5]));
  return undefined;
}

/** `Retry-After` (RFC 9110 10.2.3): delta-seconds or an HTTP-date. */
function fromRetryAfter(value: string, now: number): number | undefined {
  if (/^\d+$/.test(value)) return clamp(Number(value) * 1000);
  const date = parseHttpDate(value, now);
  return date === undefined ? undefined : clamp(date - now);
}

/** Discord's `X-RateLimit-Reset-After`: seconds, possibly fractional ("64.57"). */
function fromResetAfter(value: string): number | undefined {
  return /^\d+(?:\.\d+)?$/.test(value) ? clamp(Number(value) * 1000) : undefined;
}

/** X's `x-rate-limit-reset`: the epoch second at which the window resets. */
function fromResetEpoch(value: string, now: number): number | undefined {
  return /^\d+$/.test(value) ? clamp(Number(value) * 1000 - now) : undefined;
}

/**
 * The wait in milliseconds, clamped to [0, 24 h], from the first of `retry-after`,
 * `x-ratelimit-reset-after` and `x-rate-limit-reset` that holds a valid value; undefined when none does.
 * `headers` has lower-cased names (as HttpResponse guarantees).
 */
export function retryAfterMs(headers: Headers, now: number): number | undefined {
  const readers: ReadonlyArray<readonly [string, (value: string) => number | undefined]> = [
    ['retry-after', (v) => fromRetryAfter(v, now)],
    ['x-ratelimit-reset-after', fromResetAfter],
    ['x-rate-limit-reset', (v) => fromResetEpoch(v, now)],
  ];
  for (const [name, read] of readers) {
    const raw = headers[name];
    if (raw === undefined) continue;
    const ms = read(raw.trim());
    if (ms !== undefined) return ms;
  }
  return undefined;
}

/**
 * A wait in words for hints: "a moment", "30 seconds", "15 minutes", "2 hours"; "a minute" when the
 * provider named no wait (undefined, as `retryAfterMs` returns then). The one wording for every hint
 * ("Wait …, then try again", "Try again in …").
 */
export function describeWait(ms: number | undefined): string {
  if (ms === undefined) return 'a minute';
  if (!(ms > 0)) return 'a moment';
  const seconds = Math.ceil(ms / 1000);
  if (seconds < 120) return seconds === 1 ? '1 second' : `${seconds} seconds`;
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 120) return `${minutes} minutes`;
  return `${Math.ceil(minutes / 60)} hours`;
}
