import { formatCountdown } from '../format/countdown.ts';
import { formatDateTime, isoOf } from '../format/dates.ts';
import { useNow } from '../hooks/useNow.ts';

interface Props {
  /** Epoch milliseconds. */
  readonly expiresAt: number;
}

/** "expires in 1:58", ticking from the shared clock. Not a live region: it would speak every second. */
export function ExpiryCountdown({ expiresAt }: Props) {
  const now = useNow();
  const text = formatCountdown(expiresAt, now);
  return (
    <time
      className={text === 'expired' ? 'countdown countdown-expired' : 'countdown'}
      dateTime={isoOf(expiresAt)}
      title={formatDateTime(expiresAt) ?? undefined}
    >
      {text}
    </time>
  );
}
