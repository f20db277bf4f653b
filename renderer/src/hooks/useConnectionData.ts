import { useCallback, useEffect, useState } from 'react';
import type { ErrorInfo } from '../../../electron/shared/error-info.ts';
import type { ConnectionData, ConnectionView } from '../../../electron/shared/view-types.ts';
import { errorInfoOf } from '../bridge/error-info.ts';
import { useApi } from './useApi.ts';

export interface ConnectionDataState {
  readonly loading: boolean;
  /** The last successful answer; kept while a reload runs. */
  readonly data: ConnectionData | null;
  /** The call itself failed (each panel's own failure is inside `data`). */
  readonly error: ErrorInfo | null;
  readonly reload: () => void;
}

/**
 * Fetches a connection's data when it appears and whenever its tokens are replaced (a new
 * `tokensUpdatedAt`, set by sign-in, re-authorization and every refresh: one refresh, one fetch),
 * plus on demand ("Reload data"). Answers to superseded requests are dropped.
 */
export function useConnectionData(connection: ConnectionView): ConnectionDataState {
  const api = useApi();
  const { id, tokensUpdatedAt } = connection;
  const [reloads, setReloads] = useState(0);
  const [state, setState] = useState<{ loading: boolean; data: ConnectionData | null; error: ErrorInfo | null }>({
    loading: true,
    data: null,
    error: null,
  });

  useEffect(() => {
    let current = true;
    setState((s) => (s.loading ? s : { ...s, loading: true }));
    api.fetchData({ connectionId: id }).then(
      (data) => {
        if (current) setState({ loading: false, data, error: null });
      },
      (reason: unknown) => {
        if (current) setState({ loading: false, data: null, error: errorInfoOf(reason) });
      },
    );
    return () => {
      current = false;
    };
  }, [api, id, tokensUpdatedAt, reloads]);

  const reload = useCallback(() => setReloads((n) => n + 1), []);
  return { ...state, reload };
}
