import { useEffect, useRef } from 'react';
import { flushSync } from 'react-dom';
import type { ChannelStatus } from './bridge/api.ts';
import { ChannelBanner } from './components/ChannelBanner.tsx';
import { ConfigProblems } from './components/ConfigProblems.tsx';
import { ErrorNotice } from './components/ErrorNotice.tsx';
import { InspectorView } from './components/InspectorView.tsx';
import { ProviderCard } from './components/ProviderCard.tsx';
import { RefreshAllButton } from './components/RefreshAllButton.tsx';
import { StatusAnnouncer } from './components/StatusAnnouncer.tsx';
import { StorageNotice } from './components/StorageNotice.tsx';
import { EmptyState } from './components/EmptyState.tsx';
import { AddProviderView } from './components/settings/AddProviderView.tsx';
import { SettingsView } from './components/settings/SettingsView.tsx';
import { StorageSettingsView } from './components/settings/StorageSettingsView.tsx';
import { useApi } from './hooks/useApi.ts';
import { useChannelState } from './hooks/useChannelState.ts';
import { useConnectionFocus } from './hooks/useConnectionFocus.ts';
import { useNetworkOnline } from './hooks/useNetworkOnline.ts';
import { useFocusRescue } from './hooks/useFocusRescue.ts';
import { useProviders } from './hooks/useProviders.ts';
import { useStorage } from './hooks/useStorage.ts';
import { useView } from './hooks/useView.ts';
import type { InspectorTarget } from '../../electron/shared/flow-types.ts';
import type { ProviderView } from '../../electron/shared/view-types.ts';
import { inspectorTargetKey } from './format/flow-values.ts';

const ADD_PROVIDER_BUTTON = '[data-add-provider]';
const STORAGE_BUTTON = '[data-storage-settings]';
const settingsButton = (providerId: string): string => `[data-settings-for="${CSS.escape(providerId)}"]`;
/** The button that opened the inspector on `target`: Inspect flow, Show sign-in steps or Show disconnect steps. */
function inspectButton(target: InspectorTarget): string {
  switch (target.kind) {
    case 'connection':
      return `[data-inspect-connection="${CSS.escape(target.connectionId)}"]`;
    case 'sign-in':
      return `[data-inspect-sign-in="${CSS.escape(target.providerId)}"]`;
    case 'disconnect':
      return `[data-inspect-disconnect="${CSS.escape(target.providerId)}"]`;
  }
}

/** Whose steps the inspector shows: the provider's name and the connection's account (null for a provider's sign-in or disconnect). */
function inspectorSubject(providers: readonly ProviderView[] | null, target: InspectorTarget): { providerName: string; accountLabel: string | null; providerId: string | null; gone: boolean } {
  if (target.kind !== 'connection') {
    const provider = providers?.find((p) => p.id === target.providerId);
    return { providerName: provider?.displayName ?? target.providerId, accountLabel: null, providerId: target.providerId, gone: false };
  }
  for (const provider of providers ?? []) {
    const connection = provider.connections.find((c) => c.id === target.connectionId);
    if (connection) return { providerName: provider.displayName, accountLabel: connection.accountLabel, providerId: provider.id, gone: false };
  }
  return { providerName: 'Unknown provider', accountLabel: 'a disconnected account', providerId: null, gone: providers !== null };
}

export function App({ channel }: { readonly channel: ChannelStatus }) {
  const api = useApi();
  const { providers, error, retry } = useProviders();
  const channelState = useChannelState(channel);
  const { view, showProviders, showSettings, showAddProvider, showStorage, showInspector } = useView();
  /** Where secrets are kept (S20): the providers page's notice and the Storage & security page share it. */
  const storage = useStorage();
  /** Where focus goes when the list shows again: the control that left it (or what replaced it). */
  const returnFocus = useRef<string | null>(null);
  useNetworkOnline();
  useFocusRescue();
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
          {providers !== null && providers.length === 0 ? <EmptyState title="No providers are configured.">Choose Add custom provider above to add one.</EmptyState> : null}
          {providers?.map((provider) => <ProviderCard key={provider.id} provider={provider} onOpenSettings={showSettings} onInspect={showInspector} />)}
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
        {view.page === 'inspector' ? <InspectorPage key={inspectorTargetKey(view.target)} target={view.target} providers={providers} onBack={backToList} /> : null}
        {view.page === 'storage' ? <StorageSettingsView state={storage} onBack={() => backToList(STORAGE_BUTTON)} /> : null}
        {view.page === 'add-provider' ? (
          <AddProviderView onSaved={(providerId) => backToList(settingsButton(providerId))} onCancel={() => backToList(ADD_PROVIDER_BUTTON)} />
        ) : null}
      </main>
      <StatusAnnouncer providers={providers} />
    </>
  );
}

/**
 * The inspector with whose steps it shows. A connection disconnected meanwhile keeps the name it had
 * (until the list forgets it); Back returns focus to the button that opened the page, or, when that
 * button is gone, to the provider's Settings button.
 */
function InspectorPage({ target, providers, onBack }: { readonly target: InspectorTarget; readonly providers: readonly ProviderView[] | null; readonly onBack: (focusSelector: string) => void }) {
  const current = inspectorSubject(providers, target);
  const known = useRef(current);
  if (!current.gone) known.current = current;
  const subject = current.gone ? { ...known.current, gone: true } : current;
  const back = (): void => {
    const opener = inspectButton(target);
    const fallback = subject.providerId !== null ? settingsButton(subject.providerId) : ADD_PROVIDER_BUTTON;
    onBack(document.querySelector(opener) ? opener : fallback);
  };
  return <InspectorView target={target} providerName={subject.providerName} accountLabel={subject.accountLabel} gone={subject.gone} onBack={back} />;
}
