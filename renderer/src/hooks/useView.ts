import { useCallback, useEffect, useRef, useState } from 'react';
import type { RefObject } from 'react';
import type { InspectorTarget } from '../../../electron/shared/flow-types.ts';

/** Which page the window shows. No router: the app has a few pages and no URLs to share. */
export type View =
  | { readonly page: 'providers' }
  | { readonly page: 'settings'; readonly providerId: string }
  | { readonly page: 'add-provider' }
  | { readonly page: 'storage' }
  /** The flow inspector: a connection's protocol steps, or a provider's latest sign-in's. */
  | { readonly page: 'inspector'; readonly target: InspectorTarget };

const PROVIDERS: View = { page: 'providers' };

export interface ViewState {
  readonly view: View;
  readonly showProviders: () => void;
  readonly showSettings: (providerId: string) => void;
  readonly showAddProvider: () => void;
  /** The app-level Storage & security page. */
  readonly showStorage: () => void;
  readonly showInspector: (target: InspectorTarget) => void;
}

export function useView(): ViewState {
  const [view, setView] = useState<View>(PROVIDERS);
  const showProviders = useCallback(() => setView(PROVIDERS), []);
  const showSettings = useCallback((providerId: string) => setView({ page: 'settings', providerId }), []);
  const showAddProvider = useCallback(() => setView({ page: 'add-provider' }), []);
  const showStorage = useCallback(() => setView({ page: 'storage' }), []);
  const showInspector = useCallback((target: InspectorTarget) => setView({ page: 'inspector', target }), []);
  return { view, showProviders, showSettings, showAddProvider, showStorage, showInspector };
}

/**
 * A page's heading ref: focused (and so scrolled into view) when the page opens, so keyboard and
 * screen reader users start at the new page. The heading needs tabIndex={-1}.
 */
export function usePageHeading<T extends HTMLElement>(): RefObject<T | null> {
  const ref = useRef<T>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return ref;
}
