import { useEffect } from 'react';
import { useApi } from './useApi.ts';

/**
 * Tells the app when the window sees the network come back (the `online` event), once per event, so
 * failed refreshes are retried now instead of at their backoff time.
 */
export function useNetworkOnline(): void {
  const api = useApi();
  useEffect(() => {
    const onOnline = (): void => {
      // Nothing to show if this fails: the app still retries at the time the card shows.
      api.networkOnline().catch(() => undefined);
    };
    window.addEventListener('online', onOnline);
    return () => window.removeEventListener('online', onOnline);
  }, [api]);
}
