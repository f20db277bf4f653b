const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const timeOnly = new Intl.DateTimeFormat(undefined, { timeStyle: 'medium' });

/** A date and time in the person's locale, or null for a missing or unparsable value. */
export function formatDateTime(value: string | number | null): string | null {
  if (value === null) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : dateTime.format(date);
}

export function formatTime(epochMs: number): string {
  return timeOnly.format(new Date(epochMs));
}

/** The ISO form for `<time dateTime>`, or undefined when the value is not a date. */
export function isoOf(value: string | number | null): string | undefined {
  if (value === null) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}
