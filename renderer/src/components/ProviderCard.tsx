import { useEffect, useId, useRef, useState } from 'react';
import type { InspectorTarget } from '../../../electron/shared/flow-types.ts';
import type { AuthMode, ConnectionView, PendingAttemptView, ProviderView } from '../../../electron/shared/view-types.ts';
import { connectActionName, connectPayload, retryTarget, targetOfAttempt } from '../format/connect-target.ts';
import type { ConnectTarget } from '../format/connect-target.ts';
import { useAction } from '../hooks/useAction.ts';
import { useApi } from '../hooks/useApi.ts';
import { focusRescue } from '../hooks/useFocusRescue.ts';
import { busyProps } from './busy.ts';
import { AuthModeChooser } from './AuthModeChooser.tsx';
import { ConnectionItem } from './ConnectionItem.tsx';
import { DisconnectOutcome } from './DisconnectOutcome.tsx';
import type { Disconnected } from './DisconnectOutcome.tsx';
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

interface Props {
  readonly provider: ProviderView;
  /** Opens this provider's Settings page. */
  readonly onOpenSettings: (providerId: string) => void;
  /** Opens the flow inspector on a connection's steps, this provider's latest sign-in or its latest disconnect. */
  readonly onInspect?: (target: InspectorTarget) => void;
}

/**
 * One provider: headline status, Settings, authorization mode, what to set up first, pending
 * attempt, and its connections.
 */
export function ProviderCard({ provider, onOpenSettings, onInspect }: Props) {
  const api = useApi();
  const headingId = useId();
  const setupId = useId();
  const addAccountHintId = useId();
  const action = useAction();
  const [started, setStarted] = useState<StartedAttempt | null>(null);
  const [requestedMode, setRequestedMode] = useState<AuthMode | null>(null);
  const [disconnected, setDisconnected] = useState<Disconnected | null>(null);
  // The target of the latest sign-in, so that the doctor's "Connect again" repeats it (a failed
  // Re-authorize is retried as a re-authorization of the same connection).
  const [attemptTarget, setAttemptTarget] = useState<ConnectTarget | null>(null);
  const launched = useRef<ConnectTarget | null>(null);

  const pending = provider.pending ?? (started && started.seenWith === provider ? started.attempt : null);
  const shown: ProviderView = pending === provider.pending ? provider : { ...provider, pending };

  // An attempt seen running: remember what it is for (also one started from the tray or another window).
  const pendingId = provider.pending?.attemptId ?? null;
  useEffect(() => {
    if (provider.pending === null) return;
    setAttemptTarget(targetOfAttempt(provider.pending, launched.current));
    launched.current = null;
    // A new attempt is what matters, not a new object for the same one.
  }, [pendingId]);

  const connect = (target: ConnectTarget): void => {
    setDisconnected(null);
    setAttemptTarget(target);
    launched.current = target;
    void action.run(connectActionName(target), () => api.connect(connectPayload(provider.id, target))).then((attempt) => {
      if (attempt) setStarted({ attempt, seenWith: provider });
    });
  };
  const openSettings = (): void => onOpenSettings(provider.id);
  const setupNeeded = provider.setupProblem !== null;

  const cancel = (attemptId: string): void => {
    void action.run('cancel', () => api.cancelAttempt({ attemptId }));
  };

  const disconnect = (connection: ConnectionView): void => {
    setDisconnected(null);
    void action.run(`disconnect:${connection.id}`, () => api.disconnect({ connectionId: connection.id })).then((result) => {
      if (result) setDisconnected({ accountLabel: connection.accountLabel, result });
    });
  };

  const chooseMode = (authMode: AuthMode): void => {
    setRequestedMode(authMode);
    void action
      .run('auth-mode', () => api.setAuthMode({ providerId: provider.id, authMode }))
      .finally(() => setRequestedMode(null));
  };

  // A provider that is no longer configured has no settings; its connections can only be disconnected.
  const hasSettings = provider.source !== 'missing';

  // What the error doctor's next step for a failed sign-in can do from the card: repeat that sign-in.
  const retry = retryTarget(attemptTarget, provider);
  const signInActions = {
    connect: () => connect(retry),
    ...(retry.kind === 'reauthorize' ? { connectLabel: 'Re-authorize again' } : {}),
    busy: pending !== null || setupNeeded || action.busy.has('connect') || action.busy.has('add-account') || action.busy.has(connectActionName(retry)),
    ...(hasSettings ? { settings: openSettings } : {}),
    ...(provider.availableAuthModes.includes('system-browser')
      ? { useSystemBrowser: () => api.setAuthMode({ providerId: provider.id, authMode: 'system-browser' }) }
      : {}),
  };

  return (
    <section className="card" aria-labelledby={headingId} aria-busy={action.busy.size > 0}>
      <header className="card-header">
        <div className="card-title">
          <h2 id={headingId}>{provider.displayName}</h2>
          <p className="card-description">{provider.description}</p>
        </div>
        <div className="card-header-side">
          <StatusBadge provider={shown} />
          {hasSettings ? (
            <button type="button" className="button button-small" data-settings-for={provider.id} aria-describedby={headingId} onClick={openSettings}>
              Settings
            </button>
          ) : null}
        </div>
      </header>

      {provider.notice ? (
        <p className="card-notice" role="note">
          {provider.notice}
        </p>
      ) : null}

      {provider.setupProblem ? (
        <div className="setup-problem">
          <div id={setupId}>
            <ErrorNotice error={provider.setupProblem} tone="warning" title={hasSettings ? 'Set up before connecting' : 'Provider not configured'} />
          </div>
          {hasSettings ? (
            <div className="actions">
              <button type="button" className="button" onClick={openSettings}>
                Open settings
              </button>
            </div>
          ) : null}
        </div>
      ) : null}

      {provider.availableAuthModes.length > 1 ? (
        <AuthModeChooser
          value={requestedMode ?? provider.authMode}
          options={provider.availableAuthModes}
          disabled={pending !== null}
          busy={action.busy.has('auth-mode')}
          onChange={chooseMode}
        />
      ) : null}

      {provider.lastError ? (
        <div className="sign-in-error">
          {/* The status announcer says it ("Sandbox: The sign-in did not complete. …"): shown, not announced again. */}
          <ErrorNotice error={provider.lastError} title="The last sign-in did not complete" announce={false} actions={signInActions} />
          {onInspect ? (
            <div className="actions">
              <button type="button" className="button button-small" data-inspect-sign-in={provider.id} onClick={() => onInspect({ kind: 'sign-in', providerId: provider.id })}>
                Show sign-in steps
              </button>
            </div>
          ) : null}
        </div>
      ) : null}

      {pending ? (
        <PendingAttempt pending={pending} cancelling={action.busy.has('cancel')} onCancel={() => cancel(pending.attemptId)} />
      ) : null}

      {provider.connections.length === 0 && !pending ? (
        <div className="actions">
          <button
            type="button"
            className={setupNeeded ? 'button button-primary button-blocked' : 'button button-primary'}
            disabled={setupNeeded}
            {...busyProps(action.busy.has('connect'))}
            aria-describedby={setupNeeded ? setupId : undefined}
            onClick={() => connect({ kind: 'connect' })}
            {...focusRescue}
          >
            {action.busy.has('connect') ? 'Connecting…' : 'Connect'}
          </button>
        </div>
      ) : null}

      {/* A failed Connect is reported by the desk as lastError too: show it once. */}
      {action.error && action.error.code !== provider.lastError?.code ? <ErrorNotice error={action.error} onDismiss={action.clearError} /> : null}
      {disconnected ? (
        <DisconnectOutcome
          providerId={provider.id}
          providerName={provider.displayName}
          disconnected={disconnected}
          onDismiss={() => setDisconnected(null)}
          {...(onInspect ? { onInspect } : {})}
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
          onReauthorize={() => connect({ kind: 'reauthorize', connectionId: connection.id })}
          onDisconnect={() => disconnect(connection)}
          {...(onInspect ? { onInspect: () => onInspect({ kind: 'connection', connectionId: connection.id }) } : {})}
          {...(hasSettings ? { onOpenSettings: openSettings } : {})}
        />
      ))}

      {provider.connections.length > 0 ? (
        <div className="add-account">
          <div className="actions">
            <button
              type="button"
              className={setupNeeded ? 'button button-blocked' : 'button'}
              disabled={pending !== null || setupNeeded}
              {...busyProps(action.busy.has('add-account'))}
              aria-describedby={provider.accountChooser ? undefined : addAccountHintId}
              onClick={() => connect({ kind: 'add-account' })}
            >
              {action.busy.has('add-account') ? 'Connecting…' : 'Add another account'}
            </button>
          </div>
          {provider.accountChooser ? null : (
            <p id={addAccountHintId} className="muted small">
              You may need to sign out at {provider.displayName} first to pick another account.
            </p>
          )}
        </div>
      ) : null}
    </section>
  );
}
