import { useEffect, useRef } from 'react';
import { flushSync } from 'react-dom';
import type { ChannelStatus } from './bridge/api.ts';
import { ChannelBanner } from './components/ChannelBanner.tsx';
import { ConfigProblems } from './components/ConfigProblems.tsx';
import { ErrorNotice } from './components/ErrorNotice.tsx';
import { ProviderCard } from './components/ProviderCard.tsx';
import { RefreshAllButton } from './components/RefreshAllButton.tsx';
import { StatusAnnouncer } from './components/StatusAnnouncer.tsx';
import { StorageNotice } from './components/StorageNotice.tsx';
import { AddProviderView } from './components/settings/AddProviderView.tsx';
import { SettingsView } from './components/settings/SettingsView.tsx';
import { StorageSettingsView } from './components/settings/StorageSettingsView.tsx';
import { useApi } from './hooks/useApi.ts';
import { useChannelState } from './hooks/useChannelState.ts';
import { useConnectionFocus } from './hooks/useConnectionFocus.ts';
import { useNetworkOnline } from './hooks/useNetworkOnline.ts';
import { useProviders } from './hooks/useProviders.ts';
import { useStorage } from './hooks/useStorage.ts';
import { useView } from './hooks/useView.ts';

const ADD_PROVIDER_BUTTON = '[data-add-provider]';
const STORAGE_BUTTON = '[data-storage-settings]';
const settingsButton = (providerId: string): string => `[data-settings-for="${CSS.escape(providerId)}"]`;

export function App({ channel }: { readonly channel: ChannelStatus }) {
  const api = useApi();
  const { providers, error, retry } = useProviders();
  const channelState = useChannelState(channel);
  const { view, showProviders, showSettings, showAddProvider, showStorage } = useView();
  /** Where secrets are kept (S20): the providers page's notice and the Storage & security page share it. */
  const storage = useStorage();
  /** Where focus goes when the list shows again: the control that left it (or what replaced it). */
  const returnFocus = useRef<string | null>(null);
  useNetworkOnline();
  // A clicked notification shows its connection: back to the list first, synchronously, so the list
  // is visible when useConnectionFocus's listener (subscribed after this one) reveals the connection.
  useEffect(
    () =>
      api.on('connections:focus', () => {
        returnFocus.current = null;
        flushSync(showProviders);
      }),
    [api, showProviders],
  );
  useConnectionFocus(providers);

  useEffect(() => {
    const selector = returnFocus.current;
    if (view.page !== 'providers' || selector === null) return;
    // A provider just added may appear with the next pushed list: wait for it.
    const target = document.querySelector<HTMLElement>(selector);
    if (target) {
      target.focus();
      returnFocus.current = null;
    }
  }, [view, providers]);

  const backToList = (focusSelector: string): void => {
    returnFocus.current = focusSelector;
    showProviders();
  };

  const onList = view.page === 'providers';
  return (
    <>
      <header className="app-header">
        <div className="app-title">
          <h1>OAuth Desk</h1>
          <p className="tagline">Connect your OAuth 2.0 accounts, keep their tokens fresh, and see what each connection gives access to.</p>
        </div>
        {onList ? (
          <div className="header-actions">
            <button type="button" className="button" data-add-provider="" onClick={showAddProvider}>
              Add custom provider
            </button>
            <button type="button" className="button" data-storage-settings="" onClick={showStorage}>
              Storage &amp; security
            </button>
            {providers !== null ? <RefreshAllButton providers={providers} /> : null}
          </div>
        ) : null}
      </header>
      <main className="app-main" aria-busy={onList && providers === null && error === null}>
        {providers !== null ? <ChannelBanner state={channelState} /> : null}
        <ConfigProblems />
        {onList ? <StorageNotice storage={storage.storage} onOpenStorage={showStorage} /> : null}
        {/* Hidden, not unmounted, on the other pages: the cards keep their fetched data. */}
        <div className="provider-list" hidden={!onList}>
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
          {providers?.map((provider) => <ProviderCard key={provider.id} provider={provider} onOpenSettings={showSettings} />)}
        </div>
        {view.page === 'settings' ? (
          <SettingsView
            key={view.providerId}
            providerId={view.providerId}
            displayName={providers?.find((p) => p.id === view.providerId)?.displayName}
            onBack={() => backToList(settingsButton(view.providerId))}
            onRemoved={() => backToList(ADD_PROVIDER_BUTTON)}
            onOpenSettings={showSettings}
          />
        ) : null}
        {view.page === 'storage' ? <StorageSettingsView state={storage} onBack={() => backToList(STORAGE_BUTTON)} /> : null}
        {view.page === 'add-provider' ? (
          <AddProviderView onSaved={(providerId) => backToList(settingsButton(providerId))} onCancel={() => backToList(ADD_PROVIDER_BUTTON)} />
        ) : null}
      </main>
      <StatusAnnouncer providers={providers} />
    </>
  );
}
