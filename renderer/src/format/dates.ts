const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const timeOnly = new Intl.DateTimeFormat(undefined, { timeStyle: 'medium' });
const clockTime = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });

/** A date and time in the person's locale, or null for a missing or unparsable value. */
export function formatDateTime(value: string | number | null): string | null {
  if (value === null) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : dateTime.format(date);
}

/** The time with seconds, e.g. "14:32:05". */
export function formatTime(epochMs: number): string {
  return timeOnly.format(new Date(epochMs));
}

/** "14:32" when `epochMs` falls on the same local day as `now`, otherwise with the date. */
export function formatClock(epochMs: number, now: number): string {
  const date = new Date(epochMs);
  return date.toDateString() === new Date(now).toDateString() ? clockTime.format(date) : dateTime.format(date);
}

/** The ISO form for `<time dateTime>`, or undefined when the value is not a date. */
export function isoOf(value: string | number | null): string | undefined {
  if (value === null) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}
