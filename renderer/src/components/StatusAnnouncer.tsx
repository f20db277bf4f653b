import type { ProviderView } from '../../../electron/shared/view-types.ts';
import { useStatusAnnouncement } from '../hooks/useStatusAnnouncement.ts';
import { LiveRegion } from './LiveRegion.tsx';

/** Speaks state changes politely; its own component because it follows the one-second clock. */
export function StatusAnnouncer({ providers }: { readonly providers: readonly ProviderView[] | null }) {
  return <LiveRegion message={useStatusAnnouncement(providers)} />;
}
