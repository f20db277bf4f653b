import { useCallback, useEffect, useState } from 'react';
import type { ErrorInfo } from '../../../electron/shared/error-info.ts';
import type { ProviderView } from '../../../electron/shared/view-types.ts';
import { errorInfoOf } from '../bridge/error-info.ts';
import { useApi } from './useApi.ts';

export interface ProvidersState {
  /** Null until the first list arrived. */
  readonly providers: readonly ProviderView[] | null;
  readonly error: ErrorInfo | null;
  readonly retry: () => void;
}

/**
 * The provider list: read once, then kept current by the `providers:changed` event (never polled).
 * A pushed list is always newer than the initial read, so a late initial answer never overwrites it.
 */
export function useProviders(): ProvidersState {
  const api = useApi();
  const [attempt, setAttempt] = useState(0);
  const [providers, setProviders] = useState<readonly ProviderView[] | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);

  useEffect(() => {
    let active = true;
    let pushed = false;
    const off = api.on('providers:changed', (views) => {
      if (!active) return;
      pushed = true;
      setProviders(views);
      setError(null);
    });
    api.listProviders().then(
      (views) => {
        if (!active || pushed) return;
        setProviders(views);
        setError(null);
      },
      (reason: unknown) => {
        if (!active || pushed) return;
        setError(errorInfoOf(reason));
      },
    );
    return () => {
      active = false;
      off();
    };
  }, [api, attempt]);

  const retry = useCallback(() => {
    setError(null);
    setAttempt((n) => n + 1);
  }, []);

  return { providers, error, retry };
}
