/**
 * The flow inspector's timeline: every protocol step of a connection (or of a provider's latest
 * sign-in that has no connection yet), as the renderer may see it. Secrets never appear here
 * unmasked (S29): a token, code, verifier, client secret, state or Authorization value is a
 * `MaskedValue` holding a short prefix and the length only.
 */
import type { JsonValue } from './view-types.ts';

export type FlowStepKind =
  /** The authorization request the browser was sent to (its query parameters). */
  | 'authorization-request'
  /** The redirect back to the app (its query parameters). */
  | 'callback'
  /** The code exchanged for tokens (grant_type=authorization_code). */
  | 'token-request'
  /** A refresh (grant_type=refresh_token). */
  | 'refresh'
  /** A resource API call (profile, mail, heart rate, userinfo…). */
  | 'api-call'
  /** A token revoked at disconnect (RFC 7009). */
  | 'revocation';

/** What kind of secret a masked value was: names the placeholder a copied `curl` command uses. */
export type SecretKind = 'access_token' | 'refresh_token' | 'id_token' | 'code' | 'code_verifier' | 'client_secret' | 'client_credentials' | 'state' | 'token' | 'cookie';

/** A secret shown as its first few characters and its length, e.g. `eyJh…` and 812. */
export interface MaskedValue {
  readonly masked: true;
  readonly secret: SecretKind;
  /** The first 4 characters for values of 24 characters or more; '' otherwise, and always for client secrets, Basic credentials, cookies and values masked only by a credential-like name. */
  readonly preview: string;
  readonly length: number;
}

export type FlowValue = string | MaskedValue;

/** A query parameter, form field or header, in the order sent. Header names are lower case. */
export interface FlowParam {
  readonly name: string;
  readonly value: FlowValue;
}

export interface FlowRequest {
  readonly method: 'GET' | 'POST';
  /** Scheme, host, port and path; the query is in `query`. */
  readonly url: string;
  readonly query: readonly FlowParam[];
  readonly headers: readonly FlowParam[];
  /** application/x-www-form-urlencoded fields; empty for GET. */
  readonly form: readonly FlowParam[];
}

/**
 * A response body: JSON with secret members masked (member names such as access_token,
 * refresh_token, id_token, and token-like strings anywhere), or text with token-like runs
 * replaced by "[redacted]". Cut to a bounded size (`truncated`).
 */
export type FlowBody =
  | { readonly kind: 'empty' }
  | { readonly kind: 'json'; readonly value: JsonValue; readonly truncated: boolean }
  | { readonly kind: 'text'; readonly text: string; readonly truncated: boolean };

export interface FlowResponse {
  readonly status: number;
  /** A few telling headers only: content-type, www-authenticate, retry-after, rate-limit and cache headers. */
  readonly headers: readonly FlowParam[];
  readonly body: FlowBody;
}

export interface FlowStep {
  /** Increasing within the app run; the renderer's key. */
  readonly id: number;
  readonly kind: FlowStepKind;
  /** E.g. "Authorization request", "Token request", "GET /v1/userinfo". */
  readonly title: string;
  /** Epoch milliseconds when the step began. */
  readonly at: number;
  /** How long the request took; null for steps that are not a request the app made. */
  readonly durationMs: number | null;
  readonly request: FlowRequest;
  /** Null for the authorization request (the browser's) and the callback, and for a network failure. */
  readonly response: FlowResponse | null;
  readonly outcome: 'ok' | 'failed';
  /** Why the step failed (the app's typed error), when it did. */
  readonly error: { readonly code: string; readonly message: string } | null;
}

/**
 * Which timeline: a connection's; a provider's latest sign-in that produced no connection; or the
 * revocation requests of a provider's latest disconnect (the connection's own timeline is cleared
 * at disconnect; these few steps stay until the next disconnect of that provider).
 */
export type InspectorTarget =
  | { readonly kind: 'connection'; readonly connectionId: string }
  | { readonly kind: 'sign-in'; readonly providerId: string }
  | { readonly kind: 'disconnect'; readonly providerId: string };

export interface FlowTimelineView {
  readonly target: InspectorTarget;
  /** Oldest first. */
  readonly steps: readonly FlowStep[];
  /** Older steps dropped to keep the timeline within `capacity`. */
  readonly dropped: number;
  /** The most steps kept per timeline. */
  readonly capacity: number;
}
