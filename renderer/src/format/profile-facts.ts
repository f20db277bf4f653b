/** How the profile panel shows an account's facts (text, dates, yes/no) and public counts. */
import type { ProfileFact } from '../../../electron/shared/view-types.ts';
import { formatDateTime, isoOf } from './dates.ts';

export interface FactText {
  readonly text: string;
  /** Set for a date that parsed: the value for `<time dateTime>`. */
  readonly dateTime?: string;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
// A calendar date names no instant: formatted in UTC so no time zone moves it to the day before.
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });

function dateFact(value: string): FactText {
  if (DATE_ONLY.test(value)) {
    const date = new Date(`${value}T00:00:00Z`);
    return Number.isNaN(date.getTime()) ? { text: value } : { text: dateOnly.format(date), dateTime: value };
  }
  const text = formatDateTime(value);
  const dateTime = isoOf(value);
  // An unparsable date is still shown, as the provider sent it.
  return text !== null && dateTime !== undefined ? { text, dateTime } : { text: value };
}

/** A fact's value as text: dates in the person's locale, flags as "Yes"/"No". */
export function formatFact(fact: ProfileFact): FactText {
  switch (fact.kind) {
    case 'date':
      return dateFact(fact.value);
    case 'flag':
      return { text: fact.value ? 'Yes' : 'No' };
    default:
      return { text: String(fact.value) };
  }
}

const count = new Intl.NumberFormat();

/** A public count in the person's locale, e.g. "1,234". */
export function formatMetric(value: number): string {
  return count.format(value);
}
