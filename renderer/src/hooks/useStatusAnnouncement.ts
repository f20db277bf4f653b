import { useEffect, useRef, useState } from 'react';
import type { ProviderView } from '../../../electron/shared/view-types.ts';
import { providerStatus } from '../format/provider-status.ts';

/**
 * A sentence for the polite live region whenever a provider's status changes, e.g.
 * "Sandbox: Connected". The first list only sets the baseline (nothing changed yet).
 */
export function useStatusAnnouncement(providers: readonly ProviderView[] | null): string {
  const previous = useRef<Map<string, string> | null>(null);
  const [message, setMessage] = useState('');

  useEffect(() => {
    if (providers === null) return;
    const next = new Map(providers.map((p) => [p.id, providerStatus(p, null).label] as const));
    const before = previous.current;
    previous.current = next;
    if (before === null) return;
    const changes: string[] = [];
    for (const p of providers) {
      const label = next.get(p.id)!;
      if (before.get(p.id) !== label) changes.push(`${p.displayName}: ${label}`);
    }
    if (changes.length > 0) setMessage(changes.join('. '));
  }, [providers]);

  return message;
}
