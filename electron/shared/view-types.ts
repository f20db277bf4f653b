/**
 * What the renderer may know about providers and connections. Tokens, codes, verifiers and
 * client secrets never appear in these types: the renderer gets status and fetched data only.
 */
import type { ErrorInfo, Result } from './error-info.ts';

/** How the authorization page is shown: the system browser (default, RFC 8252) or an in-app window. */
export type AuthMode = 'system-browser' | 'app-window';
export const AUTH_MODES: readonly AuthMode[] = ['system-browser', 'app-window'];

/** The last refresh the app tried for a connection: when, and why it failed (null when it worked). */
export interface RefreshAttemptView {
  /** Epoch milliseconds. */
  readonly at: number;
  readonly error: ErrorInfo | null;
}

/**
 * One connection as the renderer and the tray see it. Time-dependent states (expiring soon, expired)
 * are derived from `expiresAt` and the clock by `connectionState` (connection-state.ts), so views
 * never need polling: they change only when the app pushes a new list.
 */
export interface ConnectionView {
  readonly id: string;
  readonly providerId: string;
  /** A human label for the account, e.g. an email address or a user name. */
  readonly accountLabel: string;
  /** Epoch milliseconds of the first sign-in. */
  readonly connectedAt: number;
  /** Epoch milliseconds when the current tokens were stored (sign-in, re-authorize or refresh). */
  readonly tokensUpdatedAt: number;
  /** Epoch milliseconds when the access token expires, or null when the provider gave no lifetime. */
  readonly expiresAt: number | null;
  readonly grantedScopes: readonly string[];
  /** What the app asked for at sign-in; a scope here but not in `grantedScopes` was declined. */
  readonly requestedScopes: readonly string[];
  readonly hasRefreshToken: boolean;
  /** A refresh is running now. */
  readonly refreshing: boolean;
  /** Set when only signing in again can fix the connection: why (e.g. the refresh token was revoked). */
  readonly reauthorizationReason: ErrorInfo | null;
  readonly lastRefresh: RefreshAttemptView | null;
  /** When the app will refresh (or retry a failed refresh) on its own; null when it will not. */
  readonly nextRefreshAt: number | null;
}

/** What refresh-all did: how many connections got new tokens, and why the others did not. */
export interface RefreshAllResult {
  readonly refreshed: number;
  readonly failed: ReadonlyArray<{ readonly connectionId: string; readonly accountLabel: string; readonly error: ErrorInfo }>;
}

export interface PendingAttemptView {
  readonly attemptId: string;
  readonly providerId: string;
  /** Set when the attempt re-authorizes an existing connection. */
  readonly connectionId: string | null;
  readonly authMode: AuthMode;
  /** The authorization URL: safe to show, it holds no secret (only the PKCE challenge and state). */
  readonly authorizationUrl: string;
  readonly redirectUri: string;
  /** Epoch milliseconds. */
  readonly startedAt: number;
  /** Epoch milliseconds when the attempt times out. */
  readonly expiresAt: number;
}

export interface ProviderView {
  readonly id: string;
  readonly displayName: string;
  readonly description: string;
  readonly authMode: AuthMode;
  readonly availableAuthModes: readonly AuthMode[];
  readonly connections: readonly ConnectionView[];
  readonly pending: PendingAttemptView | null;
  /** The last failed authorization attempt, cleared by the next successful one or by a new attempt. */
  readonly lastError: ErrorInfo | null;
}

export interface ProfileData {
  readonly subject: string;
  readonly name: string | null;
  readonly email: string | null;
  readonly pictureUrl: string | null;
}

export interface MailMessage {
  readonly id: string;
  readonly from: string;
  readonly subject: string;
  /** ISO 8601, or null when the message carried no usable date. */
  readonly date: string | null;
  /** Plain text: HTML entities already decoded. */
  readonly snippet: string;
}

export interface MailData {
  /** The provider's estimate of unread messages (may exceed messages.length). */
  readonly unreadCount: number;
  readonly messages: readonly MailMessage[];
}

/** Each panel succeeds or fails on its own: a mail error does not hide the profile. */
export interface ConnectionData {
  readonly connectionId: string;
  readonly fetchedAt: number;
  readonly profile: Result<ProfileData> | null;
  readonly mail: Result<MailData> | null;
}

export interface DisconnectResult {
  /** True when the provider confirmed revocation (or said the token was already invalid). */
  readonly revoked: boolean;
  /** Why revocation failed or was not attempted; local tokens are wiped regardless. */
  readonly revocationError: ErrorInfo | null;
}
