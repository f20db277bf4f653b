import type { ProviderView } from '../../../electron/shared/view-types.ts';
import { providerStatus } from '../format/provider-status.ts';
import { useNow } from '../hooks/useNow.ts';

/** The card's status text ("Not connected", "Waiting for browser…", "Connected", "Expired"). */
export function StatusBadge({ provider }: { readonly provider: ProviderView }) {
  const now = useNow();
  const status = providerStatus(provider, now);
  return <p className={`status status-${status.kind}`}>{status.label}</p>;
}
