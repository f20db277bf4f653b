import { useState } from 'react';
import { canRefresh, connectionState, needsSignIn } from '../../../electron/shared/connection-state.ts';
import type { ConnectionView } from '../../../electron/shared/view-types.ts';
import { useAction } from '../hooks/useAction.ts';
import { useApi } from '../hooks/useApi.ts';
import { connectionAnchorId } from '../hooks/useConnectionFocus.ts';
import { focusRescue } from '../hooks/useFocusRescue.ts';
import { busyProps } from './busy.ts';
import { useNow } from '../hooks/useNow.ts';
import { ConnectionData } from './ConnectionData.tsx';
import { ConnectionDetails } from './ConnectionDetails.tsx';
import { ErrorNotice } from './ErrorNotice.tsx';

interface Props {
  readonly connection: ConnectionView;
  /** The card has several connections, so this one shows its own state. */
  readonly showStatus: boolean;
  /** An authorization is running for this provider: Re-authorize waits for it. */
  readonly attemptRunning: boolean;
  readonly reauthorizing: boolean;
  readonly disconnecting: boolean;
  readonly onReauthorize: () => void;
  readonly onDisconnect: () => void;
  /** Opens the flow inspector on this connection's protocol steps. */
  readonly onInspect?: () => void;
  /** Opens the provider's Settings (a diagnosis' fix may be made there). */
  readonly onOpenSettings?: () => void;
}

/**
 * One connection: its facts, why it needs signing in again (if it does), Refresh / Re-authorize /
 * Disconnect, and its data. The article is focusable (tabIndex -1) and has a stable id so a clicked
 * notification can bring it into view (useConnectionFocus).
 */
export function ConnectionItem({ connection, showStatus, attemptRunning, reauthorizing, disconnecting, onReauthorize, onDisconnect, onInspect, onOpenSettings }: Props) {
  const api = useApi();
  const refresh = useAction();
  const now = useNow();
  // The refresh token was refused: the data cannot load either.
  const needsReauth = connectionState(connection, now).kind === 'needs-reauth';
  // The same rule as the tray's "Re-authorize…": also a connection without a refresh token whose
  // access token has (nearly) run out.
  const signInNeeded = needsSignIn(connection, now);
  const refreshing = connection.refreshing || refresh.busy.has('refresh');
  // Said in the polite region below once a Refresh asked for here succeeded (the card's state stays "Connected").
  const [refreshed, setRefreshed] = useState('');

  const refreshNow = (): void => {
    if (refreshing) return;
    setRefreshed('');
    // The new tokens arrive with the pushed list; its new tokensUpdatedAt re-fetches the data.
    void refresh.run('refresh', () => api.refreshConnection({ connectionId: connection.id })).then((result) => {
      if (result) setRefreshed(`Refreshed the tokens of ${connection.accountLabel}.`);
    });
  };

  // A failed refresh is also recorded on the connection (last refresh, or the re-authorization
  // reason) and shown there: show it once.
  const refreshError = refresh.error;
  // What a diagnosis' next step can do from here.
  const diagnosisActions = {
    reauthorize: onReauthorize,
    retry: refreshNow,
    busy: attemptRunning || reauthorizing || refreshing,
    ...(onOpenSettings ? { settings: onOpenSettings } : {}),
  };
  const shownElsewhere =
    refreshError !== null &&
    (refreshError.code === connection.lastRefresh?.error?.code || refreshError.code === connection.reauthorizationReason?.code);

  return (
    <article
      id={connectionAnchorId(connection.id)}
      data-connection-id={connection.id}
      tabIndex={-1}
      className="connection"
      aria-label={`Connection ${connection.accountLabel}`}
      aria-busy={refreshing || reauthorizing || disconnecting}
      {...focusRescue}
    >
      <ConnectionDetails connection={connection} showStatus={showStatus} />
      {connection.reauthorizationReason ? (
        // The status announcer says "Needs re-authorization. <reason>": shown here, not announced again.
        <ErrorNotice error={connection.reauthorizationReason} tone="warning" title="Sign in again to keep using this connection" announce={false} actions={diagnosisActions} />
      ) : null}
      <div className="actions">
        <button
          type="button"
          className="button"
          disabled={!canRefresh(connection)}
          {...busyProps(refreshing)}
          onClick={refreshNow}
        >
          {refreshing ? 'Refreshing…' : 'Refresh'}
        </button>
        <button
          type="button"
          className={signInNeeded ? 'button button-primary' : 'button'}
          disabled={attemptRunning}
          {...busyProps(reauthorizing)}
          onClick={onReauthorize}
        >
          {reauthorizing ? 'Re-authorizing…' : 'Re-authorize'}
        </button>
        <button type="button" className="button button-danger" {...busyProps(disconnecting)} onClick={onDisconnect}>
          {disconnecting ? 'Disconnecting…' : 'Disconnect'}
        </button>
        {onInspect ? (
          <button type="button" className="button" data-inspect-connection={connection.id} onClick={onInspect}>
            Inspect flow
          </button>
        ) : null}
        <span className="visually-hidden" role="status">
          {refreshed}
        </span>
      </div>
      {refreshError && !shownElsewhere ? (
        <ErrorNotice error={refreshError} title="Could not refresh the tokens" onDismiss={refresh.clearError} actions={diagnosisActions} />
      ) : null}
      {/* The data cannot load until the person signs in again: one notice above says so, not one per panel. */}
      {needsReauth ? (
        <p className="muted small">The connection's data appears again once you re-authorize.</p>
      ) : (
        <ConnectionData connection={connection} />
      )}
    </article>
  );
}
