import { connectionState } from '../../../electron/shared/connection-state.ts';
import type { ConnectionState } from '../../../electron/shared/connection-state.ts';
import type { ConnectionView } from '../../../electron/shared/view-types.ts';
import { formatClock, formatDateTime, formatTime, isoOf } from '../format/dates.ts';
import { formatAgo, formatRelativeTime } from '../format/relative-time.ts';
import { useNow } from '../hooks/useNow.ts';
import { ErrorNotice } from './ErrorNotice.tsx';
import { ExpiryCountdown } from './ExpiryCountdown.tsx';
import { RelativeTime } from './RelativeTime.tsx';
import { ScopeList } from './ScopeList.tsx';

interface Props {
  readonly connection: ConnectionView;
  /** Shown when the provider has more than one connection (the card's headline shows it otherwise). */
  readonly showStatus: boolean;
}

/**
 * The facts about one connection: state, account, the access token's countdown and when the tokens
 * were last replaced, the refresh token, the last refresh and the next one, and the scopes.
 * Everything time-related follows the shared one-second clock; nothing here asks the app.
 */
export function ConnectionDetails({ connection, showStatus }: Props) {
  const now = useNow();
  const state = connectionState(connection, now);
  const signedIn = formatDateTime(connection.connectedAt);
  return (
    <dl className="facts">
      {showStatus ? (
        <>
          <dt>Status</dt>
          <dd className={`status-inline status-${state.kind}`}>{state.label}</dd>
        </>
      ) : null}
      <dt>Account</dt>
      <dd className="account">{connection.accountLabel}</dd>
      <dt>Access token</dt>
      <dd className="token-times">
        {connection.expiresAt === null ? <span>No expiry given</span> : <ExpiryCountdown expiresAt={connection.expiresAt} />}
        <span className="muted">
          Refreshed <RelativeTime at={connection.tokensUpdatedAt} past />
        </span>
      </dd>
      <dt>Refresh token</dt>
      <dd>
        <RefreshTokenFact connection={connection} state={state} now={now} />
      </dd>
      <dt>Last refresh</dt>
      <dd className="last-refresh">
        <LastRefresh connection={connection} now={now} />
      </dd>
      {connection.nextRefreshAt !== null && !connection.lastRefresh?.error && !connection.refreshing ? (
        <>
          <dt>Next refresh</dt>
          <dd>
            Automatically <When at={connection.nextRefreshAt} now={now} />
          </dd>
        </>
      ) : null}
      {signedIn ? (
        <>
          <dt>Signed in</dt>
          <dd>
            <time dateTime={isoOf(connection.connectedAt)}>{signedIn}</time>
          </dd>
        </>
      ) : null}
      <ScopeList requested={connection.requestedScopes} granted={connection.grantedScopes} />
    </dl>
  );
}

/** "at 14:35 (in 2 min)", or "now" once the moment has come. */
function When({ at, now }: { readonly at: number; readonly now: number }) {
  if (at <= now) return <>now</>;
  return (
    <>
      at <time dateTime={isoOf(at)}>{formatClock(at, now)}</time> ({formatRelativeTime(at, now)})
    </>
  );
}

function RefreshTokenFact({ connection, state, now }: { readonly connection: ConnectionView; readonly state: ConnectionState; readonly now: number }) {
  if (connection.hasRefreshToken) {
    if (state.kind === 'needs-reauth') return <>Held, but it cannot be used until you re-authorize</>;
    if (connection.refreshTokenInMemoryOnly) {
      return (
        <>
          Held in memory only: the app renews the access token while it runs, but this system has no secure keyring, so the token is not saved and you
          will need to re-authorize after OAuth Desk restarts (or keep refresh tokens on disk in Storage &amp; security).
        </>
      );
    }
    return <>Held: the app renews the access token on its own</>;
  }
  const { expiresAt } = connection;
  return (
    <>
      None.{' '}
      {expiresAt === null ? (
        <span>Sign in again (Re-authorize) when access stops working.</span>
      ) : expiresAt > now ? (
        <span className={state.kind === 'expiring-soon' ? 'reauth-due reauth-due-soon' : 'reauth-due'}>
          Re-authorization needed <When at={expiresAt} now={now} />
        </span>
      ) : (
        <span className="reauth-due reauth-due-now">
          Re-authorization needed now: the access token expired at <time dateTime={isoOf(expiresAt)}>{formatClock(expiresAt, now)}</time>.
        </span>
      )}
    </>
  );
}

function LastRefresh({ connection, now }: { readonly connection: ConnectionView; readonly now: number }) {
  const last = connection.lastRefresh;
  if (last === null) return <span className="muted">{connection.hasRefreshToken ? 'None yet' : 'None (no refresh token)'}</span>;
  const at = (
    <>
      <time dateTime={isoOf(last.at)} title={formatDateTime(last.at) ?? undefined}>
        {formatTime(last.at)}
      </time>{' '}
      ({formatAgo(last.at, now)})
    </>
  );
  if (last.error === null) {
    return (
      <span className="refresh-result refresh-succeeded">
        Succeeded at {at}
      </span>
    );
  }
  // When only signing in again can help, the reason is shown next to Re-authorize instead.
  const sameAsReason = connection.reauthorizationReason?.code === last.error.code;
  return (
    <>
      <span className="refresh-result refresh-failed">
        Failed at {at}
        {connection.nextRefreshAt !== null && !connection.refreshing ? (
          <>
            {' '}
            · Retrying <When at={connection.nextRefreshAt} now={now} />
          </>
        ) : null}
      </span>
      {/* The status announcer says "Error. <message>" when the refresh fails: shown here, not announced again. */}
      {sameAsReason ? null : <ErrorNotice error={last.error} tone="warning" title="The last refresh failed" announce={false} />}
    </>
  );
}
