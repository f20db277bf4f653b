/**
 * What the renderer may know about providers and connections. Tokens, codes, verifiers and
 * client secrets never appear in these types: the renderer gets status and fetched data only.
 */
import type { ErrorInfo, Result } from './error-info.ts';

/**
 * How the sign-in runs (RFC 8252): the system browser redirecting to a loopback address (default),
 * an in-app window, or the system browser redirecting to the app's custom scheme
 * (`com.oauthdesk.app:/callback`, desktop app only).
 */
export type AuthMode = 'system-browser' | 'app-window' | 'custom-scheme';
export const AUTH_MODES: readonly AuthMode[] = ['system-browser', 'app-window', 'custom-scheme'];

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
  /**
   * The refresh token is held in memory only (weak secret storage without the opt-in, S20): it is
   * gone when the app quits, and the connection will then need re-authorization.
   */
  readonly refreshTokenInMemoryOnly: boolean;
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

/**
 * Where a provider comes from: shipped with the app, added in Settings, or defined in the providers
 * file; "missing" for stored connections whose provider is no longer configured (shown so they can
 * be disconnected).
 */
export type ProviderSource = 'built-in' | 'settings' | 'providers-file' | 'missing';

export interface ProviderView {
  readonly id: string;
  readonly displayName: string;
  readonly description: string;
  readonly source: ProviderSource;
  readonly authMode: AuthMode;
  readonly availableAuthModes: readonly AuthMode[];
  readonly connections: readonly ConnectionView[];
  readonly pending: PendingAttemptView | null;
  /** The last failed authorization attempt, cleared by the next successful one or by a new attempt. */
  readonly lastError: ErrorInfo | null;
  /** Why Connect cannot work yet (e.g. no client ID entered): shown with a way to Settings. Null when ready. */
  readonly setupProblem: ErrorInfo | null;
  /** A note for the card, e.g. that Google Health replaces the retired Fitbit Web API. */
  readonly notice: string | null;
  /** The provider shows an account chooser, so Add another account can pick a different account. */
  readonly accountChooser: boolean;
}

/** A fact about an account shown in the profile panel: text, a date (ISO 8601) or a yes/no flag. */
export type ProfileFact =
  | { readonly label: string; readonly kind: 'text'; readonly value: string }
  | { readonly label: string; readonly kind: 'date'; readonly value: string }
  | { readonly label: string; readonly kind: 'flag'; readonly value: boolean };

/** A public count, e.g. followers or posts. */
export interface ProfileMetric {
  readonly label: string;
  readonly value: number;
}

export interface ProfileData {
  readonly subject: string;
  readonly name: string | null;
  /** The handle, e.g. X's `username` or Discord's `username` (shown with its provider's prefix by the renderer). */
  readonly username: string | null;
  readonly email: string | null;
  /** https only; null when none or unsafe. */
  readonly pictureUrl: string | null;
  /** The account's bio or description. */
  readonly description: string | null;
  readonly facts: readonly ProfileFact[];
  readonly metrics: readonly ProfileMetric[];
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

/** One heart-rate sample: an instant (ISO 8601) and beats per minute. */
export interface HeartRatePoint {
  readonly time: string;
  readonly bpm: number;
}

export interface HeartRateData {
  /** The local calendar day the samples belong to (YYYY-MM-DD). */
  readonly day: string;
  /** In time order. Empty when the day has no samples yet. */
  readonly points: readonly HeartRatePoint[];
  /** The day's resting heart rate, when the provider has one. */
  readonly restingBpm: number | null;
}

/** JSON as the renderer receives it. */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** A JSON document fetched from a provider (a custom provider's data URL), shown as a tree. */
export interface JsonDocumentData {
  /** The URL it came from (no query string: it may hold identifiers the person did not choose to show). */
  readonly source: string;
  readonly value: JsonValue;
  /** Members whose names suggest a credential (token, secret, password…) were replaced by "[hidden]". */
  readonly hiddenFields: number;
  /** The document was larger than the app shows; the tree ends with a "… more" marker where it was cut. */
  readonly truncated: boolean;
}

interface PanelBase<K extends string, T> {
  readonly kind: K;
  /** Stable within a provider (e.g. "profile", "mail"): the renderer's key. */
  readonly id: string;
  /** The panel's heading, e.g. "Profile" or "Unread mail". */
  readonly title: string;
  readonly result: Result<T>;
}

/** One panel of a connection's data. Each succeeds or fails on its own: a mail error does not hide the profile. */
export type DataPanelView =
  | PanelBase<'profile', ProfileData>
  | PanelBase<'mail', MailData>
  | PanelBase<'heart-rate', HeartRateData>
  | PanelBase<'json', JsonDocumentData>;

export type DataPanelKind = DataPanelView['kind'];

export interface ConnectionData {
  readonly connectionId: string;
  readonly fetchedAt: number;
  readonly panels: readonly DataPanelView[];
}

export interface DisconnectResult {
  /** True when the provider confirmed revocation (or said the token was already invalid). */
  readonly revoked: boolean;
  /** Why revocation failed or was not attempted; local tokens are wiped regardless. */
  readonly revocationError: ErrorInfo | null;
}
