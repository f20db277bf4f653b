import { useEffect, useRef, useState } from 'react';
import type { ProviderView } from '../../../electron/shared/view-types.ts';
import { joinSentences, statusChanges, statusSnapshot } from '../format/status-announcement.ts';
import type { StatusSnapshot } from '../format/status-announcement.ts';
import { useNow } from './useNow.ts';

/**
 * A sentence for the polite live region whenever a provider's or connection's state changes, e.g.
 * "Sandbox: Connected" or "Sandbox: Needs re-authorization. The refresh token was revoked." The first
 * list only sets the baseline. States that follow from the clock (expiring soon, expired) are
 * announced when they begin, from the shared clock; "Refreshing…" is passed over (see
 * status-announcement.ts). Use it in a small component: it re-renders once a second.
 */
export function useStatusAnnouncement(providers: readonly ProviderView[] | null): string {
  const now = useNow();
  const baseline = useRef<StatusSnapshot | null>(null);
  const [message, setMessage] = useState('');

  useEffect(() => {
    if (providers === null) return;
    const next = statusSnapshot(providers, now);
    if (baseline.current === null) {
      baseline.current = statusChanges(new Map(), next).baseline;
      return;
    }
    const { changes, baseline: updated } = statusChanges(baseline.current, next);
    baseline.current = updated;
    if (changes.length > 0) setMessage(joinSentences(changes));
  }, [providers, now]);

  return message;
}
