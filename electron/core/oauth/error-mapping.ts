/**
 * Turns the provider's error answers into typed errors that say what went wrong and what to do.
 * Provider descriptions are shown only after sanitising (they are attacker-influenced text).
 */
import type { HttpResponse } from '../http/http-client.ts';
import { AuthorizationError, TokenEndpointError } from '../errors.ts';
import { describeWait, retryAfterMs } from '../http/retry-after.ts';

const MAX_DESCRIPTION = 200;

/**
 * Runs of token characters: base64, base64url, hex, JWT, and percent-encoding (`%2F`), so an
 * encoded token is one run and not cut at its first `%`. `=` counts only as trailing base64 padding,
 * so `code=<token>` keeps its `code=`. In prose `/` is a token character (base64); in a URL's path
 * and query it separates segments, each judged on its own.
 */
const TEXT_RUN = /[A-Za-z0-9\-._~+/%]+={0,2}/g;
const URL_SEGMENT_RUN = /[A-Za-z0-9\-._~+%]+={0,2}/g;

/**
 * A URL: its scheme and authority (`https://user@host:port`), then its path, query and fragment up
 * to the next space or quote. Only the host is exempt from redaction.
 */
const URL_PATTERN = /[A-Za-z][A-Za-z0-9+.-]*:\/\/([^\s/?#"'<>]*)([^\s"'<>]*)/g;

/** Below this many characters a run needs letters and digits to count as a credential. */
const TOKEN_MIN_LENGTH = 20;
/** From this many characters any run counts as a credential, digits or not, unless it reads as words. */
const LONG_TOKEN_MIN_LENGTH = 32;

/**
 * Words joined by separators, each in lower case (perhaps capitalised) or all in upper case, like
 * `authorization_pending_confirmation` or `ACCESS_TOKEN_SCOPE_INSUFFICIENT`: error codes, not
 * credentials. A random token of 32+ characters has this shape with negligible probability (mixed
 * case or digits give it away).
 */
const WORDS = /^(?:[A-Z]?[a-z]+(?:[-_./][A-Z]?[a-z]+)*|[A-Z]+(?:[-_./][A-Z]+)*)$/;

function isTokenLike(run: string): boolean {
  const core = run.replace(/[.=]+$/, '');
  if (core.length >= LONG_TOKEN_MIN_LENGTH) return !WORDS.test(core);
  return run.length >= TOKEN_MIN_LENGTH && /\d/.test(run) && /[A-Za-z]/.test(run);
}

function redactRuns(text: string, runs: RegExp): string {
  return text.replace(runs, (run: string) => (isTokenLike(run) ? `[redacted]${/\.*$/.exec(run)?.[0] ?? ''}` : run));
}

/**
 * Replaces token-like runs with "[redacted]": some providers echo the token in their error text
 * (Fitbit: "Refresh token invalid: <token>. Visit …"), or in a URL (`…/v1/tokens/<token>`), and
 * messages must never hold one (S29). A URL keeps its scheme and host; user info, path segments and
 * query values are judged like any other run.
 */
export function redactTokenLike(text: string): string {
  let out = '';
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    const [url, authority = '', rest = ''] = match;
    const start = match.index;
    const at = authority.lastIndexOf('@');
    const userInfo = at < 0 ? '' : authority.slice(0, at + 1);
    const host = authority.slice(at + 1);
    const scheme = url.slice(0, url.length - authority.length - rest.length);
    out += redactRuns(text.slice(last, start), TEXT_RUN);
    // A real scheme is never token-like; a token glued to "://" is not a scheme to keep.
    out += redactRuns(scheme, TEXT_RUN) + redactRuns(userInfo, URL_SEGMENT_RUN) + host + redactRuns(rest, URL_SEGMENT_RUN);
    last = start + url.length;
  }
  return out + redactRuns(text.slice(last), TEXT_RUN);
}

/**
 * Keeps provider-supplied text short, printable and free of token-like strings; it is shown as
 * plain text, never as HTML.
 */
export function sanitizeProviderText(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  // eslint-disable-next-line no-control-regex
  const cleaned = redactTokenLike(value.replace(/[\u0000-\u001f\u007f]+/g, ' ')).trim();
  if (cleaned === '') return undefined;
  return cleaned.length > MAX_DESCRIPTION ? cleaned.slice(0, MAX_DESCRIPTION) + '…' : cleaned;
}

/** Adds what the provider itself said: its `error` code and, when present, its description. */
function withProviderText(message: string, error: string | undefined, description: string | undefined): string {
  const code = sanitizeProviderText(error);
  if (code === undefined && description === undefined) return message;
  if (description === undefined) return `${message} (provider error: ${code})`;
  return `${message} The provider said${code === undefined ? '' : ` (${code})`}: "${description}".`;
}

export interface AuthorizationErrorContext {
  readonly providerName: string;
  readonly redirectUri: string;
}

/** Maps an `error` returned to the redirect URI (RFC 6749 4.1.2.1). */
export function mapAuthorizationError(error: string, rawDescription: unknown, context: AuthorizationErrorContext): AuthorizationError {
  const description = sanitizeProviderText(rawDescription);
  const p = context.providerName;
  const make = (code: string, message: string, hint: string) =>
    new AuthorizationError(code, withProviderText(message, error, description), {
      hint,
      providerError: error,
      ...(description === undefined ? {} : { providerErrorDescription: description }),
    });
  switch (error) {
    case 'access_denied':
      return make('access_denied', `Access was declined at ${p}.`, 'You (or the provider) declined the request. Click Connect and approve the requested permissions to connect.');
    case 'invalid_scope':
      return make('invalid_scope', `${p} does not accept one of the requested scopes.`, 'Check the scopes configured for this provider and that the app is allowed to request them in its developer console.');
    case 'unauthorized_client':
      return make('unauthorized_client', `${p} does not allow this client to use the authorization code flow.`, 'In the provider\'s developer console, enable the authorization code grant for this client (for desktop apps: a "native"/"desktop" client type).');
    case 'unsupported_response_type':
      return make('unsupported_response_type', `${p} refused the authorization code response type.`, 'Enable the authorization code flow for this client in the provider\'s developer console.');
    case 'server_error':
    case 'temporarily_unavailable':
      return make('provider_unavailable', `${p} had a problem processing the sign-in.`, 'This is on the provider\'s side. Wait a minute and click Connect again.');
    case 'login_required':
    case 'consent_required':
    case 'interaction_required':
      return make('interaction_required', `${p} needs you to sign in or consent interactively.`, 'Click Connect again and complete the sign-in page.');
    case 'invalid_request':
      if (description !== undefined && /redirect/i.test(description)) {
        return make('redirect_uri_mismatch', `${p} rejected the redirect URI.`, `Register exactly this redirect URI for the client: ${context.redirectUri}`);
      }
      return make('authorization_request_invalid', `${p} rejected the authorization request as invalid.`, 'Check the client ID, scopes and extra parameters configured for this provider.');
    default:
      return make('authorization_failed', `${p} refused the authorization (error "${sanitizeProviderText(error) ?? 'unknown'}").`, 'Click Connect to try again. If it keeps failing, check the provider\'s settings for this client.');
  }
}

export interface TokenErrorContext {
  readonly grant: 'authorization_code' | 'refresh_token';
  readonly providerName: string;
  readonly redirectUri?: string;
  /** Epoch milliseconds, for a Retry-After given as an HTTP-date. Default: Date.now(). */
  readonly now?: number;
}

/**
 * The provider's error code and description from an error body: RFC 6749's `error` and
 * `error_description`, or the Fitbit-style envelope `{"errors":[{"errorType":…,"message":…}],"success":false}`.
 */
export function readProviderError(body: unknown): { readonly error: string | undefined; readonly description: unknown } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { error: undefined, description: undefined };
  const fields = body as Record<string, unknown>;
  if (typeof fields.error === 'string') return { error: fields.error, description: fields.error_description };
  const first: unknown = Array.isArray(fields.errors) ? fields.errors[0] : undefined;
  if (typeof first === 'object' && first !== null) {
    const entry = first as Record<string, unknown>;
    if (typeof entry.errorType === 'string') return { error: entry.errorType, description: entry.message };
  }
  return { error: undefined, description: undefined };
}

/** Maps a non-2xx token endpoint answer (RFC 6749 5.2, plus common provider variants). */
export function mapTokenEndpointError(response: HttpResponse, body: unknown, context: TokenErrorContext): TokenEndpointError {
  const provider = readProviderError(body);
  const error = provider.error;
  const description = sanitizeProviderText(provider.description);
  const p = context.providerName;
  const onRefresh = context.grant === 'refresh_token';
  const make = (code: string, message: string, hint: string, retryAfter?: number) =>
    new TokenEndpointError(code, withProviderText(message, error, description), {
      hint,
      ...(error === undefined ? {} : { providerError: error }),
      ...(description === undefined ? {} : { providerErrorDescription: description }),
      ...(retryAfter === undefined ? {} : { retryAfterMs: retryAfter }),
    });
  const now = context.now ?? Date.now();

  if (response.status === 429) {
    const wait = retryAfterMs(response.headers, now);
    return make('rate_limited', `${p} is rate-limiting token requests.`, `Wait ${describeWait(wait)}, then try again.`, wait);
  }
  if (response.status >= 500 || error === 'temporarily_unavailable' || error === 'server_error') {
    // A Retry-After on a 503 says when the provider expects to be back (RFC 9110 10.2.3).
    const wait = response.status === 503 ? retryAfterMs(response.headers, now) : undefined;
    // S17: on refresh the stored tokens stay as they are; at sign-in there are none yet.
    const hint = onRefresh
      ? `This is on the provider's side; your tokens are kept. Try again in ${describeWait(wait)}.`
      : `This is on the provider's side. Click Connect again in ${describeWait(wait)}.`;
    return make('provider_unavailable', `${p}'s token endpoint failed (HTTP ${response.status}).`, hint, wait);
  }
  // 410 Gone: the provider has turned this endpoint off for good (the legacy Fitbit OAuth endpoints since 2 November 2026).
  if (response.status === 410) {
    return make(
      'api_retired',
      `${p} has retired its OAuth token endpoint (HTTP 410 Gone), so it issues no tokens there any more.`,
      'Signing in again will not help. Check for an update of OAuth Desk; for a custom provider, enter its current endpoints in Settings.',
    );
  }
  const mentions = (pattern: RegExp) => description !== undefined && pattern.test(description);
  switch (error) {
    case 'invalid_grant':
      if (onRefresh) {
        return make('refresh_token_invalid', `${p} no longer accepts the stored refresh token.`, 'The refresh token expired, was revoked or was already used. Click Re-authorize to sign in again.');
      }
      if (mentions(/verifier|pkce|code_challenge/i)) {
        return make('pkce_mismatch', `${p} rejected the PKCE code verifier.`, 'The code verifier did not match the challenge sent with this sign-in. Click Connect to start a fresh sign-in.');
      }
      if (mentions(/redirect/i)) {
        return make('redirect_uri_mismatch', `${p} says the redirect URI differs from the one used to sign in.`, `Register exactly this redirect URI for the client: ${context.redirectUri ?? '(unknown)'}`);
      }
      return make('code_invalid', `${p} rejected the authorization code.`, 'The code expired or was already used (codes live from seconds to a few minutes). Click Connect to sign in again.');
    // Google's token endpoint: {"error":"redirect_uri_mismatch","error_description":"Bad Request"}.
    case 'redirect_uri_mismatch':
      return make('redirect_uri_mismatch', `${p} refused the redirect URI sent with the authorization code.`, `Register exactly this redirect URI for the client: ${context.redirectUri ?? '(unknown)'}`);
    case 'invalid_client':
      return make('client_invalid', `${p} did not accept the client credentials.`, 'Check the client ID and secret, and the client authentication method (none, client_secret_post or client_secret_basic) registered for this client.');
    case 'unauthorized_client':
      // X answers a confidential ("Web App") client that sent no HTTP Basic header with 401 "Missing valid authorization header".
      if (mentions(/authori[sz]ation header/i)) {
        return make('client_unauthorized', `${p} expects this client to authenticate with its ID and secret in an HTTP Basic Authorization header.`, 'The client is confidential: enter its client secret in Settings, or make it a public ("Native App") client in the provider\'s developer console.');
      }
      return make('client_unauthorized', `${p} does not allow this client to use the ${context.grant} grant.`, 'Enable this grant type for the client in the provider\'s developer console, or check the authentication method.');
    case 'invalid_scope':
      return make('invalid_scope', `${p} refused the requested scopes.`, 'Check the scopes configured for this provider.');
    case 'unsupported_grant_type':
      return make('unsupported_grant_type', `${p} does not support the ${context.grant} grant here.`, 'Check that the token endpoint URL is right and that the provider supports this grant.');
    case 'invalid_request':
      if (mentions(/client_secret/i)) {
        return make('client_secret_missing', `${p} requires a client secret.`, 'Enter the client secret for this client in Settings (desktop clients of some providers still need one).');
      }
      if (onRefresh && mentions(/token.*invalid|invalid.*token/i)) {
        return make('refresh_token_invalid', `${p} no longer accepts the stored refresh token.`, 'The refresh token was already used or revoked. Click Re-authorize to sign in again.');
      }
      if (mentions(/verifier|pkce|code_challenge/i)) {
        return make('pkce_mismatch', `${p} rejected the PKCE parameters.`, 'Click Connect to start a fresh sign-in; if it persists, check the PKCE setting for this provider.');
      }
      // X answers an expired or spent code with invalid_request "Value passed for the authorization code was invalid."
      if (!onRefresh && mentions(/authorization code.*invalid|invalid.*authorization code|code.*(expired|already used)/i)) {
        return make('code_invalid', `${p} rejected the authorization code.`, 'The code expired or was already used (some providers keep codes only 30 seconds). Click Connect to sign in again.');
      }
      return make('token_request_invalid', `${p} rejected the token request as invalid.`, 'Check the client ID, authentication method and redirect URI configured for this provider.');
    default:
      if (response.status === 401) {
        return make('client_invalid', `${p} refused to authenticate the client (HTTP 401).`, 'Check the client ID and secret, and the client authentication method.');
      }
      return make('token_request_failed', `${p}'s token endpoint answered HTTP ${response.status}${error ? ` (error "${sanitizeProviderText(error)}")` : ''}.`, 'Try again. If it persists, check the token endpoint URL and client settings.');
  }
}
