import { useCallback, useEffect, useState } from 'react';
import type { ErrorInfo } from '../../../electron/shared/error-info.ts';
import type { ProviderSettingsView } from '../../../electron/shared/settings-types.ts';
import { errorInfoOf } from '../bridge/error-info.ts';
import { useApi } from './useApi.ts';

export interface SettingsState {
  /** Null until the first read answered (and again while another provider's settings load). */
  readonly settings: ProviderSettingsView | null;
  /** The last read failed; the settings shown before (if any) stay. */
  readonly error: ErrorInfo | null;
  /** Reads them again (after a change only a new read shows). */
  readonly reload: () => void;
  /** Shows settings a call answered with (save, import, port), without reading again. */
  readonly replace: (settings: ProviderSettingsView) => void;
}

interface Loaded {
  readonly providerId: string;
  readonly settings: ProviderSettingsView | null;
  readonly error: ErrorInfo | null;
}

/** One provider's settings (`settings:get`), read when the provider changes and on `reload()`. */
export function useSettings(providerId: string): SettingsState {
  const api = useApi();
  const [attempt, setAttempt] = useState(0);
  const [loaded, setLoaded] = useState<Loaded>({ providerId, settings: null, error: null });

  useEffect(() => {
    let active = true;
    api.getSettings({ providerId }).then(
      (settings) => {
        if (active) setLoaded({ providerId, settings, error: null });
      },
      (reason: unknown) => {
        if (active) setLoaded((current) => ({ providerId, settings: current.providerId === providerId ? current.settings : null, error: errorInfoOf(reason) }));
      },
    );
    return () => {
      active = false;
    };
  }, [api, providerId, attempt]);

  // The last error goes while the new read runs, so the page shows it is loading again.
  const reload = useCallback(() => {
    setLoaded((current) => (current.error === null ? current : { ...current, error: null }));
    setAttempt((n) => n + 1);
  }, []);
  const replace = useCallback((settings: ProviderSettingsView) => {
    setLoaded({ providerId: settings.providerId, settings, error: null });
  }, []);

  // Another provider's answer is never shown for this one.
  const current = loaded.providerId === providerId;
  return { settings: current ? loaded.settings : null, error: current ? loaded.error : null, reload, replace };
}
