import { formatDateTime, isoOf } from '../format/dates.ts';
import { formatAgo, formatRelativeTime } from '../format/relative-time.ts';
import { useNow } from '../hooks/useNow.ts';

interface Props {
  /** Epoch milliseconds. */
  readonly at: number;
  /** Something that has happened: never reads as future ("just now" rather than "in less than a minute"). */
  readonly past?: boolean;
}

/** "2 min ago" / "in 3 min", kept current by the shared clock; the exact time is its title. */
export function RelativeTime({ at, past = false }: Props) {
  const now = useNow();
  return (
    <time dateTime={isoOf(at)} title={formatDateTime(at) ?? undefined}>
      {past ? formatAgo(at, now) : formatRelativeTime(at, now)}
    </time>
  );
}
