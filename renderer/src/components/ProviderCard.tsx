import { useId, useState } from 'react';
import type { ErrorInfo } from '../../../electron/shared/error-info.ts';
import type { AuthMode, ConnectionView, PendingAttemptView, ProviderView } from '../../../electron/shared/view-types.ts';
import { useAction } from '../hooks/useAction.ts';
import { useApi } from '../hooks/useApi.ts';
import { AuthModeChooser } from './AuthModeChooser.tsx';
import { ConnectionItem } from './ConnectionItem.tsx';
import { ErrorNotice } from './ErrorNotice.tsx';
import { PendingAttempt } from './PendingAttempt.tsx';
import { StatusBadge } from './StatusBadge.tsx';

/**
 * The attempt `connect()` returned, used only until the next pushed list for this provider arrives
 * (the push may come before or after the call's answer).
 */
interface StartedAttempt {
  readonly attempt: PendingAttemptView;
  readonly seenWith: ProviderView;
}

/** One provider: headline status, authorization mode, pending attempt, and its connections. */
export function ProviderCard({ provider }: { readonly provider: ProviderView }) {
  const api = useApi();
  const headingId = useId();
  const action = useAction();
  const [started, setStarted] = useState<StartedAttempt | null>(null);
  const [requestedMode, setRequestedMode] = useState<AuthMode | null>(null);
  const [revocationWarning, setRevocationWarning] = useState<ErrorInfo | null>(null);

  const pending = provider.pending ?? (started && started.seenWith === provider ? started.attempt : null);
  const shown: ProviderView = pending === provider.pending ? provider : { ...provider, pending };

  const connect = (connectionId?: string): void => {
    setRevocationWarning(null);
    const payload = connectionId === undefined ? { providerId: provider.id } : { providerId: provider.id, connectionId };
    void action.run(connectionId === undefined ? 'connect' : `reauthorize:${connectionId}`, () => api.connect(payload)).then((attempt) => {
      if (attempt) setStarted({ attempt, seenWith: provider });
    });
  };

  const cancel = (attemptId: string): void => {
    void action.run('cancel', () => api.cancelAttempt({ attemptId }));
  };

  const disconnect = (connection: ConnectionView): void => {
    setRevocationWarning(null);
    void action.run(`disconnect:${connection.id}`, () => api.disconnect({ connectionId: connection.id })).then((result) => {
      if (result?.revocationError) setRevocationWarning(result.revocationError);
    });
  };

  const chooseMode = (authMode: AuthMode): void => {
    setRequestedMode(authMode);
    void action
      .run('auth-mode', () => api.setAuthMode({ providerId: provider.id, authMode }))
      .finally(() => setRequestedMode(null));
  };

  return (
    <section className="card" aria-labelledby={headingId}>
      <header className="card-header">
        <div className="card-title">
          <h2 id={headingId}>{provider.displayName}</h2>
          <p className="card-description">{provider.description}</p>
        </div>
        <StatusBadge provider={shown} />
      </header>

      {provider.availableAuthModes.length > 1 ? (
        <AuthModeChooser
          value={requestedMode ?? provider.authMode}
          options={provider.availableAuthModes}
          disabled={action.busy.has('auth-mode') || pending !== null}
          onChange={chooseMode}
        />
      ) : null}

      {provider.lastError ? <ErrorNotice error={provider.lastError} title="The last sign-in did not complete" /> : null}

      {pending ? (
        <PendingAttempt pending={pending} cancelling={action.busy.has('cancel')} onCancel={() => cancel(pending.attemptId)} />
      ) : null}

      {provider.connections.length === 0 && !pending ? (
        <div className="actions">
          <button type="button" className="button button-primary" disabled={action.busy.has('connect')} onClick={() => connect()}>
            Connect
          </button>
        </div>
      ) : null}

      {/* A failed Connect is reported by the desk as lastError too: show it once. */}
      {action.error && action.error.code !== provider.lastError?.code ? <ErrorNotice error={action.error} onDismiss={action.clearError} /> : null}
      {revocationWarning ? (
        <ErrorNotice
          error={revocationWarning}
          tone="warning"
          title={`Disconnected here, but ${provider.displayName} did not confirm that access was revoked.`}
          onDismiss={() => setRevocationWarning(null)}
        />
      ) : null}

      {provider.connections.map((connection) => (
        <ConnectionItem
          key={connection.id}
          connection={connection}
          showStatus={provider.connections.length > 1}
          attemptRunning={pending !== null}
          reauthorizing={action.busy.has(`reauthorize:${connection.id}`)}
          disconnecting={action.busy.has(`disconnect:${connection.id}`)}
          onReauthorize={() => connect(connection.id)}
          onDisconnect={() => disconnect(connection)}
        />
      ))}
    </section>
  );
}
