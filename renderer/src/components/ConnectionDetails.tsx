import type { ConnectionView } from '../../../electron/shared/view-types.ts';
import { formatDateTime, isoOf } from '../format/dates.ts';
import { connectionStatus } from '../format/provider-status.ts';
import { useNow } from '../hooks/useNow.ts';
import { ExpiryCountdown } from './ExpiryCountdown.tsx';

interface Props {
  readonly connection: ConnectionView;
  /** Shown when the provider has more than one connection (the card shows it otherwise). */
  readonly showStatus: boolean;
}

/** The account, its token's countdown, refresh token presence and granted scopes. */
export function ConnectionDetails({ connection, showStatus }: Props) {
  const connectedAt = formatDateTime(connection.connectedAt);
  return (
    <dl className="facts">
      {showStatus ? <StatusRow connection={connection} /> : null}
      <dt>Account</dt>
      <dd className="account">{connection.accountLabel}</dd>
      <dt>Access token</dt>
      <dd>
        {connection.expiresAt === null ? <span>No expiry given</span> : <ExpiryCountdown expiresAt={connection.expiresAt} />}
      </dd>
      <dt>Renewal</dt>
      <dd>{connection.hasRefreshToken ? 'Has refresh token' : 'No refresh token'}</dd>
      {connectedAt ? (
        <>
          <dt>Signed in</dt>
          <dd>
            <time dateTime={isoOf(connection.connectedAt)}>{connectedAt}</time>
          </dd>
        </>
      ) : null}
      <dt>Granted scopes</dt>
      <dd>
        {connection.grantedScopes.length > 0 ? (
          <ul className="scopes" aria-label="Granted scopes">
            {connection.grantedScopes.map((scope) => (
              <li key={scope}>
                <code>{scope}</code>
              </li>
            ))}
          </ul>
        ) : (
          <span className="muted">None reported</span>
        )}
      </dd>
    </dl>
  );
}

function StatusRow({ connection }: { readonly connection: ConnectionView }) {
  const status = connectionStatus(connection, useNow());
  return (
    <>
      <dt>Status</dt>
      <dd className={`status-inline status-${status.kind}`}>{status.label}</dd>
    </>
  );
}
