/**
 * Keeps access tokens usable: one refresh at a time per connection, every caller awaiting the same
 * one (S15); a rotated refresh token written durably before the new access token is handed out (S16);
 * a response without a refresh token keeps the stored one (S14). A refresh token the provider no
 * longer accepts marks the connection as needing re-authorization, once and persistently, and nothing
 * retries it; failures that may pass back off and keep the tokens (S17).
 */
import { OAuthDeskError, RequestError, StorageError, TokenEndpointError, toErrorInfo } from '../errors.ts';
import type { ErrorInfo } from '../../shared/error-info.ts';
import type { HttpClient } from '../http/http-client.ts';
import { createRefreshRequest, processTokenResponse } from '../oauth/token-request.ts';
import type { Clock, Logger } from '../ports.ts';
import type { ProviderRuntime } from '../providers/provider-profile.ts';
import type { ConnectionRecord, ConnectionRepository, ConnectionSecrets } from '../storage/connection-repository.ts';
import { REFRESH_TOKEN_NOT_SAVED, refreshTokenNotSavedError } from '../storage/connection-repository.ts';
import { REAUTHORIZATION_ERRORS, backoffDelay } from './backoff.ts';
import { assertSameServer } from './server-binding.ts';

/**
 * An access token this close to expiry is refreshed before use rather than sent and rejected:
 * 10 seconds, or a tenth of the token's lifetime when that is shorter.
 */
export const EXPIRY_SKEW_MS = 10_000;

export function refreshMargin(issuedAt: number, expiresAt: number): number {
  return Math.max(0, Math.min(EXPIRY_SKEW_MS, (expiresAt - issuedAt) / 10));
}

/** The proactive schedule refreshes a fifth of the lifetime ahead (at most 5 minutes), plus jitter. */
export const PROACTIVE_LEAD_MAX_MS = 5 * 60_000;
const JITTER_MAX_MS = 30_000;

export function proactiveLead(lifetimeMs: number): number {
  return Math.min(PROACTIVE_LEAD_MAX_MS, Math.max(0, lifetimeMs) / 5);
}

/** Up to a twentieth of the lifetime (at most 30 s), so connections made together do not refresh together. */
export function jitterSpan(lifetimeMs: number): number {
  return Math.min(JITTER_MAX_MS, Math.max(0, lifetimeMs) / 20);
}

export interface TokenRefresherDeps {
  readonly http: HttpClient;
  /**
   * The client a connection's refreshes go through (the flow inspector records them in that
   * connection's timeline); `http` when absent.
   */
  readonly httpFor?: (connectionId: string, providerName: string) => HttpClient;
  readonly clock: Clock;
  readonly repository: ConnectionRepository;
  readonly logger: Logger;
  /** Random numbers in [0, 1) for jitter. */
  readonly random?: () => number;
  /** Called whenever a connection's refresh state changes (started, stored, failed). */
  readonly onChange?: (connectionId: string) => void;
  /** Called once when a connection moves into "needs re-authorization". */
  readonly onNeedsReauthorization?: (record: ConnectionRecord) => void;
}

interface Backoff {
  readonly failures: number;
  readonly failedAt: number;
  readonly retryAt: number;
  readonly error: OAuthDeskError;
}

/** A refresh never follows the previous one sooner than this, whatever lifetime the provider gave. */
export const MIN_REFRESH_INTERVAL_MS = 1_000;

function connectionGone(): RequestError {
  return new RequestError('connection_not_found', 'That connection no longer exists.', { hint: 'It was disconnected. Connect the provider again if you need it.' });
}

export interface RefreshOptions {
  /** The token a caller saw refused: when someone already replaced it, the new one is returned without a refresh. */
  readonly rejectedToken?: string;
  /** A person asked: refresh now even while a failed refresh is backing off. */
  readonly manual?: boolean;
}

/** Only a new sign-in helps: the backoff's list, plus a refresh token that was kept in memory and is gone (S20). */
const needsSignIn = (code: string): boolean => REAUTHORIZATION_ERRORS.has(code) || code === REFRESH_TOKEN_NOT_SAVED;

/** A refresh token kept in memory only, lost with the process that held it (a restart since). */
const refreshTokenLost = (record: ConnectionRecord): boolean => record.refreshTokenInMemory && !record.hasRefreshToken;

function reauthorizationError(reason: ErrorInfo): TokenEndpointError {
  return new TokenEndpointError(reason.code, reason.message, { hint: reason.hint });
}

function asDeskError(error: unknown): OAuthDeskError {
  if (error instanceof OAuthDeskError) return error;
  const info = toErrorInfo(error);
  return new TokenEndpointError(info.code, info.message, { hint: info.hint, cause: error });
}

export class TokenRefresher {
  readonly #deps: TokenRefresherDeps;
  readonly #random: () => number;
  readonly #inflight = new Map<string, Promise<string>>();
  readonly #backoff = new Map<string, Backoff>();
  /** One jitter draw per token set, so re-planning does not move a deadline. */
  readonly #jitter = new Map<string, { readonly updatedAt: number; readonly fraction: number }>();
  /** Connections being disconnected: nothing refreshes them any more. */
  readonly #closing = new Set<string>();

  constructor(deps: TokenRefresherDeps) {
    this.#deps = deps;
    this.#random = deps.random ?? Math.random;
  }

  isRefreshing(connectionId: string): boolean {
    return this.#inflight.has(connectionId);
  }

  /**
   * When this connection should be refreshed next: the retry time of a failed refresh, else ahead
   * of expiry. Null when it cannot be refreshed (no refresh token, no expiry, needs re-authorization).
   */
  deadline(record: ConnectionRecord): number | null {
    if (!record.hasRefreshToken || record.reauthorizationReason !== null || record.expiresAt === null) return null;
    const backoff = this.#backoff.get(record.id);
    if (backoff) return backoff.retryAt;
    const lifetime = record.expiresAt - record.updatedAt;
    let jitter = this.#jitter.get(record.id);
    if (jitter?.updatedAt !== record.updatedAt) {
      jitter = { updatedAt: record.updatedAt, fraction: this.#random() };
      this.#jitter.set(record.id, jitter);
    }
    const planned = Math.round(record.expiresAt - proactiveLead(lifetime) - jitter.fraction * jitterSpan(lifetime));
    return Math.max(planned, record.updatedAt + MIN_REFRESH_INTERVAL_MS);
  }

  /**
   * When the refresh schedule should look at this connection: its `deadline`, or, for a connection
   * whose in-memory refresh token was lost, the expiry of its access token, when the refresh that
   * cannot happen marks it as needing re-authorization and says why (S20).
   */
  wakeAt(record: ConnectionRecord): number | null {
    const due = this.deadline(record);
    if (due !== null || !refreshTokenLost(record) || record.reauthorizationReason !== null || record.expiresAt === null) return due;
    return Math.max(record.expiresAt, record.updatedAt + MIN_REFRESH_INTERVAL_MS);
  }

  /**
   * When the provider said its limit resets, for the failed refresh now backing off: the moment it
   * failed plus the provider's Retry-After (or its relatives). Null when it said nothing.
   */
  providerResetAt(connectionId: string): number | null {
    const backoff = this.#backoff.get(connectionId);
    const wait = backoff?.error.retryAfterMs;
    return backoff === undefined || wait === undefined || !Number.isFinite(wait) ? null : backoff.failedAt + wait;
  }

  /**
   * A failure only this process knows about (unreadable secrets are not written to the shared file):
   * shown in the view in place of the stored last refresh.
   */
  unsavedFailure(connectionId: string): { readonly at: number; readonly error: ErrorInfo } | null {
    const backoff = this.#backoff.get(connectionId);
    return backoff && backoff.error instanceof StorageError ? { at: backoff.failedAt, error: backoff.error.toInfo() } : null;
  }

  /**
   * Stops refreshing a connection that is being disconnected: waits for a refresh in flight (so its
   * rotated tokens are the ones revoked) and refuses new ones until `release` is called.
   */
  async quiesce(connectionId: string): Promise<() => void> {
    this.#closing.add(connectionId);
    await this.#inflight.get(connectionId)?.catch(() => {});
    return () => {
      this.#closing.delete(connectionId);
      this.forget(connectionId);
    };
  }

  /** Waits for every refresh in flight, so a rotated refresh token is saved before the app quits (S16). */
  async settle(): Promise<void> {
    await Promise.allSettled([...this.#inflight.values()]);
  }

  /**
   * The provider refused an access token that was just refreshed: refreshing again would only loop,
   * so the connection needs a new sign-in.
   */
  refusedAfterRefresh(connectionId: string, providerName: string): TokenEndpointError {
    const error = new TokenEndpointError('access_token_refused', `${providerName} refused even a freshly refreshed access token.`, {
      hint: 'The grant may have been revoked or changed at the provider. Click Re-authorize to sign in again.',
    });
    this.noteFailure(connectionId, error);
    return error;
  }

  /** The network is back: refreshes that failed on the network may run now. True when any did fail so. */
  networkOnline(): boolean {
    let changed = false;
    for (const [id, backoff] of this.#backoff) {
      if (backoff.error.code.startsWith('network_')) {
        this.#backoff.delete(id);
        changed = true;
      }
    }
    return changed;
  }

  /** Drops what is remembered about a connection (after disconnect or a new sign-in). */
  forget(connectionId: string): void {
    this.#backoff.delete(connectionId);
    this.#jitter.delete(connectionId);
  }

  /**
   * The stored access token, refreshed first when it is expired or about to expire. A token that is
   * about to expire but still valid is used as it is when its refresh fails or is backing off.
   */
  async accessToken(connectionId: string, runtime: ProviderRuntime): Promise<string> {
    if (this.#closing.has(connectionId)) throw connectionGone();
    const pending = this.#inflight.get(connectionId);
    if (pending) return pending;
    const record = this.#deps.repository.get(connectionId);
    if (record?.reauthorizationReason) throw reauthorizationError(record.reauthorizationReason);
    if (record !== null) {
      try {
        assertSameServer(record, runtime);
      } catch (error) {
        this.noteFailure(record.id, error);
        throw error;
      }
    }
    const current = this.#deps.repository.secrets(connectionId).accessToken;
    const expiresAt = record?.expiresAt ?? null;
    if (record === null || (!record.hasRefreshToken && !refreshTokenLost(record)) || expiresAt === null) {
      // Without a refresh token an expired token is sent as it is: the API's answer says what to do.
      // One lost from memory goes on: the refresh that is due says why it cannot happen.
      return current;
    }
    const now = this.#deps.clock.now();
    if (expiresAt - refreshMargin(record.updatedAt, expiresAt) > now) return current;
    const stillValid = expiresAt > now;
    try {
      return await this.refresh(connectionId, runtime);
    } catch (error) {
      // Whatever went wrong, a token that has not expired yet still works.
      if (stillValid && !needsSignIn(toErrorInfo(error).code)) return current;
      throw error;
    }
  }

  /** Refreshes once for everyone; see RefreshOptions. */
  refresh(connectionId: string, runtime: ProviderRuntime, options: RefreshOptions = {}): Promise<string> {
    if (this.#closing.has(connectionId)) return Promise.reject(connectionGone());
    const pending = this.#inflight.get(connectionId);
    if (pending) return pending;
    const record = this.#deps.repository.get(connectionId);
    if (record === null) return Promise.reject(connectionGone());
    if (record.reauthorizationReason !== null) return Promise.reject(reauthorizationError(record.reauthorizationReason));
    let current: ConnectionSecrets;
    try {
      current = this.#deps.repository.secrets(connectionId);
    } catch (error) {
      // Unreadable secrets (another mode's key, a changed keyring): back off like any failure, so a
      // schedule never spins on them.
      this.noteFailure(connectionId, error);
      return Promise.reject(error);
    }
    if (options.rejectedToken !== undefined && current.accessToken !== options.rejectedToken) return Promise.resolve(current.accessToken);
    const backoff = this.#backoff.get(connectionId);
    if (!options.manual && backoff && backoff.retryAt > this.#deps.clock.now()) return Promise.reject(backoff.error);
    const run = this.#run(record, runtime, current.refreshToken).finally(() => {
      this.#inflight.delete(connectionId);
      this.#deps.onChange?.(connectionId);
    });
    this.#inflight.set(connectionId, run);
    this.#deps.onChange?.(connectionId);
    return run;
  }

  async #run(record: ConnectionRecord, runtime: ProviderRuntime, refreshToken: string | null): Promise<string> {
    try {
      return await this.#exchange(record, runtime, refreshToken);
    } catch (error) {
      this.#recordFailure(record.id, asDeskError(error), record.updatedAt);
      throw error;
    }
  }

  async #exchange(record: ConnectionRecord, runtime: ProviderRuntime, refreshToken: string | null): Promise<string> {
    const name = runtime.server.providerName;
    if (refreshToken === null && refreshTokenLost(record)) throw refreshTokenNotSavedError(name);
    if (refreshToken === null) {
      throw new TokenEndpointError('refresh_token_missing', `${name} gave this connection no refresh token, so its access cannot be renewed.`, {
        hint: 'Click Re-authorize to sign in again.',
      });
    }
    assertSameServer(record, runtime);
    // The lifetime counts from when the request left, not from when the answer came.
    const now = this.#deps.clock.now();
    const http = this.#deps.httpFor?.(record.id, name) ?? this.#deps.http;
    const response = await http.request(
      createRefreshRequest({ tokenEndpoint: runtime.server.tokenEndpoint, client: runtime.server.client, refreshToken }),
    );
    const tokens = processTokenResponse(response, {
      grant: 'refresh_token',
      now,
      requestedScopes: record.grantedScopes,
      providerName: name,
    });
    const latest = this.#deps.repository.get(record.id);
    if (latest === null) {
      // Disconnected while the refresh was in flight: store nothing.
      throw connectionGone();
    }
    if (latest.updatedAt !== record.updatedAt) {
      // Re-authorized while this refresh of the old grant was in flight: the new grant wins.
      this.#deps.logger.info('a refresh of replaced tokens was dropped', { provider: record.providerId });
      return this.#deps.repository.secrets(record.id).accessToken;
    }
    // Written (atomically, synced) before anyone receives the new access token (S16).
    this.#deps.repository.save({ ...latest, updatedAt: now, lastRefresh: { at: now, error: null }, reauthorizationReason: null }, tokens);
    this.#backoff.delete(record.id);
    this.#deps.logger.info('tokens refreshed', { provider: record.providerId, rotated: tokens.refreshToken !== null });
    return tokens.accessToken;
  }

  /** A refresh could not even start (the provider's endpoints or the secrets were unavailable): back off. */
  noteFailure(connectionId: string, error: unknown): void {
    this.#recordFailure(connectionId, asDeskError(error));
    this.#deps.onChange?.(connectionId);
  }

  /** `tokensFrom`: the `updatedAt` of the tokens that failed; a failure of tokens since replaced is ignored. */
  #recordFailure(connectionId: string, error: OAuthDeskError, tokensFrom?: number): void {
    if (error.code === 'connection_not_found' || this.#closing.has(connectionId)) return;
    const info = error.toInfo();
    const now = this.#deps.clock.now();
    const before = this.#deps.repository.get(connectionId);
    if (before === null || (tokensFrom !== undefined && before.updatedAt !== tokensFrom)) return;
    if (needsSignIn(error.code)) {
      this.#backoff.delete(connectionId);
      const after = this.#deps.repository.update(connectionId, { reauthorizationReason: info, lastRefresh: { at: now, error: info } });
      this.#deps.logger.warn('connection needs re-authorization', { provider: before.providerId, code: error.code });
      if (after !== null && before.reauthorizationReason === null) this.#deps.onNeedsReauthorization?.(after);
      return;
    }
    const failures = (this.#backoff.get(connectionId)?.failures ?? 0) + 1;
    const delay = backoffDelay(failures, error.retryAfterMs, this.#random);
    this.#backoff.set(connectionId, { failures, failedAt: now, retryAt: now + delay, error });
    // A storage problem belongs to this process (e.g. the other mode's key), not to the connection:
    // it is not written into the file the other mode reads.
    if (!(error instanceof StorageError)) this.#deps.repository.update(connectionId, { lastRefresh: { at: now, error: info } });
    this.#deps.logger.warn('refresh failed; will retry', { provider: before.providerId, code: error.code, retryInMs: delay });
  }
}
