/**
 * Keeps access tokens usable: one refresh at a time per connection, every caller awaiting the same
 * one (S15); a rotated refresh token written durably before the new access token is handed out (S16);
 * a response without a refresh token keeps the stored one (S14).
 */
import { TokenEndpointError } from '../errors.ts';
import type { HttpClient } from '../http/http-client.ts';
import { createRefreshRequest, processTokenResponse } from '../oauth/token-request.ts';
import type { Clock, Logger } from '../ports.ts';
import type { ProviderRuntime } from '../providers/provider-profile.ts';
import type { ConnectionRepository } from '../storage/connection-repository.ts';

/**
 * An access token this close to expiry is refreshed before use rather than sent and rejected:
 * 10 seconds, or a tenth of the token's lifetime when that is shorter.
 */
export const EXPIRY_SKEW_MS = 10_000;

export function refreshMargin(issuedAt: number, expiresAt: number): number {
  return Math.max(0, Math.min(EXPIRY_SKEW_MS, (expiresAt - issuedAt) / 10));
}

export interface TokenRefresherDeps {
  readonly http: HttpClient;
  readonly clock: Clock;
  readonly repository: ConnectionRepository;
  readonly logger: Logger;
  /** Called after new tokens were stored (so views can be pushed). */
  readonly onRefreshed?: (connectionId: string) => void;
}

export class TokenRefresher {
  readonly #deps: TokenRefresherDeps;
  readonly #inflight = new Map<string, Promise<string>>();

  constructor(deps: TokenRefresherDeps) {
    this.#deps = deps;
  }

  /** The stored access token, refreshed first when it is expired or about to expire. */
  async accessToken(connectionId: string, runtime: ProviderRuntime): Promise<string> {
    const pending = this.#inflight.get(connectionId);
    if (pending) return pending;
    const record = this.#deps.repository.get(connectionId);
    const expiresAt = record?.expiresAt ?? null;
    const due = record !== null && record.hasRefreshToken && expiresAt !== null && expiresAt - refreshMargin(record.updatedAt, expiresAt) <= this.#deps.clock.now();
    // Without a refresh token an expired token is sent as it is: the API's answer says what to do.
    return due ? this.refresh(connectionId, runtime) : this.#deps.repository.secrets(connectionId).accessToken;
  }

  /**
   * Refreshes once for everyone. With `rejectedToken`, a caller whose token was refused learns
   * whether someone else already replaced it, and then gets the new one without another refresh.
   */
  refresh(connectionId: string, runtime: ProviderRuntime, rejectedToken?: string): Promise<string> {
    const pending = this.#inflight.get(connectionId);
    if (pending) return pending;
    const current = this.#deps.repository.secrets(connectionId);
    if (rejectedToken !== undefined && current.accessToken !== rejectedToken) return Promise.resolve(current.accessToken);
    const run = this.#run(connectionId, runtime, current.refreshToken).finally(() => this.#inflight.delete(connectionId));
    this.#inflight.set(connectionId, run);
    return run;
  }

  async #run(connectionId: string, runtime: ProviderRuntime, refreshToken: string | null): Promise<string> {
    const name = runtime.server.providerName;
    if (refreshToken === null) {
      throw new TokenEndpointError('refresh_token_missing', `${name} gave this connection no refresh token, so its access cannot be renewed.`, {
        hint: 'Click Re-authorize to sign in again.',
      });
    }
    const response = await this.#deps.http.request(
      createRefreshRequest({ tokenEndpoint: runtime.server.tokenEndpoint, client: runtime.server.client, refreshToken }),
    );
    const record = this.#deps.repository.get(connectionId);
    const tokens = processTokenResponse(response, {
      grant: 'refresh_token',
      now: this.#deps.clock.now(),
      requestedScopes: record?.grantedScopes ?? runtime.server.scopes,
      providerName: name,
    });
    if (record === null) {
      // Disconnected while the refresh was in flight: store nothing.
      throw new TokenEndpointError('connection_not_found', 'That connection was disconnected.', { hint: 'Connect the provider again if you need it.' });
    }
    // Written (atomically, synced) before anyone receives the new access token (S16).
    this.#deps.repository.save({ ...record, updatedAt: this.#deps.clock.now() }, tokens);
    this.#deps.logger.info('tokens refreshed', { provider: record.providerId, rotated: tokens.refreshToken !== null });
    this.#deps.onRefreshed?.(connectionId);
    return tokens.accessToken;
  }
}
