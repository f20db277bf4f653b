import type { ChannelStatus } from './bridge/api.ts';
import { ChannelBanner } from './components/ChannelBanner.tsx';
import { ErrorNotice } from './components/ErrorNotice.tsx';
import { ProviderCard } from './components/ProviderCard.tsx';
import { RefreshAllButton } from './components/RefreshAllButton.tsx';
import { StatusAnnouncer } from './components/StatusAnnouncer.tsx';
import { useChannelState } from './hooks/useChannelState.ts';
import { useConnectionFocus } from './hooks/useConnectionFocus.ts';
import { useNetworkOnline } from './hooks/useNetworkOnline.ts';
import { useProviders } from './hooks/useProviders.ts';

export function App({ channel }: { readonly channel: ChannelStatus }) {
  const { providers, error, retry } = useProviders();
  const channelState = useChannelState(channel);
  useNetworkOnline();
  useConnectionFocus(providers);

  return (
    <>
      <header className="app-header">
        <div className="app-title">
          <h1>OAuth Desk</h1>
          <p className="tagline">Connect your OAuth 2.0 accounts, keep their tokens fresh, and see what each connection gives access to.</p>
        </div>
        {providers !== null ? <RefreshAllButton providers={providers} /> : null}
      </header>
      <main className="app-main" aria-busy={providers === null && error === null}>
        {providers !== null ? <ChannelBanner state={channelState} /> : null}
        {error && providers === null ? (
          <div className="load-error">
            <ErrorNotice error={error} title="Could not load your providers" />
            <button type="button" className="button" onClick={retry}>
              Try again
            </button>
          </div>
        ) : null}
        {providers === null && error === null ? <p className="loading">Loading…</p> : null}
        {providers !== null && providers.length === 0 ? <p className="muted">No providers are configured.</p> : null}
        {providers?.map((provider) => <ProviderCard key={provider.id} provider={provider} />)}
      </main>
      <StatusAnnouncer providers={providers} />
    </>
  );
}
