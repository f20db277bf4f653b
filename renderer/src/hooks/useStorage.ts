import { useCallback, useEffect, useState } from 'react';
import type { ErrorInfo } from '../../../electron/shared/error-info.ts';
import type { StorageView } from '../../../electron/shared/settings-types.ts';
import { errorInfoOf } from '../bridge/error-info.ts';
import { useApi } from './useApi.ts';

export interface StorageState {
  /** Null until the first read answered. */
  readonly storage: StorageView | null;
  /** The last read failed; what was shown before (if anything) stays. */
  readonly error: ErrorInfo | null;
  /** Reads it again (the count of refresh tokens in memory changes as accounts connect). */
  readonly reload: () => void;
  /** Shows what a call answered with (the refresh-token choice), without reading again. */
  readonly replace: (storage: StorageView) => void;
}

/** Where secrets are kept and how well (`settings:get-storage`), read once and on `reload()`. */
export function useStorage(): StorageState {
  const api = useApi();
  const [attempt, setAttempt] = useState(0);
  const [storage, setStorage] = useState<StorageView | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);

  useEffect(() => {
    let active = true;
    api.getStorage().then(
      (view) => {
        if (!active) return;
        setStorage(view);
        setError(null);
      },
      (reason: unknown) => {
        if (active) setError(errorInfoOf(reason));
      },
    );
    return () => {
      active = false;
    };
  }, [api, attempt]);

  // The last error goes while the new read runs, so the page shows it is loading again.
  const reload = useCallback(() => {
    setError(null);
    setAttempt((n) => n + 1);
  }, []);
  const replace = useCallback((view: StorageView) => {
    setStorage(view);
    setError(null);
  }, []);
  return { storage, error, reload, replace };
}
