import { useState } from 'react';
import { canRefresh } from '../../../electron/shared/connection-state.ts';
import type { ProviderView } from '../../../electron/shared/view-types.ts';
import { refreshAllSummary } from '../format/refresh-summary.ts';
import { useAction } from '../hooks/useAction.ts';
import { useApi } from '../hooks/useApi.ts';
import { ErrorNotice } from './ErrorNotice.tsx';
import { busyProps } from './busy.ts';

/**
 * "Refresh all": refreshes every connection that holds a refresh token and does not need
 * re-authorization, then says what happened in a polite status line next to the button.
 */
export function RefreshAllButton({ providers }: { readonly providers: readonly ProviderView[] }) {
  const api = useApi();
  const action = useAction();
  const [summary, setSummary] = useState('');
  const connections = providers.flatMap((p) => p.connections);
  if (connections.length === 0) return null;
  const refreshable = connections.some(canRefresh);
  const busy = action.busy.has('refresh-all');

  const refreshAll = (): void => {
    if (busy) return;
    setSummary('');
    void action.run('refresh-all', () => api.refreshAll()).then((result) => {
      if (result) setSummary(refreshAllSummary(result));
    });
  };

  return (
    <div className="refresh-all">
      <div className="refresh-all-row">
        <button type="button" className="button" disabled={!refreshable} {...busyProps(busy)} onClick={refreshAll}>
          {busy ? 'Refreshing all…' : 'Refresh all'}
        </button>
        {/* Always in the page, so that a new summary is announced. */}
        <p className="refresh-all-summary" role="status">
          {summary}
        </p>
      </div>
      {action.error ? <ErrorNotice error={action.error} title="Could not refresh the connections" onDismiss={action.clearError} /> : null}
    </div>
  );
}
