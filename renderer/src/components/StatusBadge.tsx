import type { ProviderView } from '../../../electron/shared/view-types.ts';
import { providerStatus } from '../format/provider-status.ts';
import { useNow } from '../hooks/useNow.ts';

/**
 * The card's headline: "Not connected", "Waiting for browser…", or the connection's state
 * ("Connected", "Refreshing…", "Expiring soon", "Expired", "Needs re-authorization", "Error").
 * Always in words; the colour only repeats them.
 */
export function StatusBadge({ provider }: { readonly provider: ProviderView }) {
  const now = useNow();
  const status = providerStatus(provider, now);
  return <p className={`status status-${status.kind}`}>{status.label}</p>;
}
