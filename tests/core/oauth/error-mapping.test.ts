import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mapTokenEndpointError, sanitizeProviderText } from '../../../electron/core/oauth/error-mapping.ts';
import type { TokenErrorContext } from '../../../electron/core/oauth/error-mapping.ts';
import { processTokenResponse } from '../../../electron/core/oauth/token-request.ts';
import { TokenEndpointError } from '../../../electron/core/errors.ts';
import type { HttpResponse } from '../../../electron/core/http/http-client.ts';

const res = (status: number, body: unknown, headers: Record<string, string> = {}): [HttpResponse, unknown] => [{ status, headers, body: JSON.stringify(body) }, body];
const exchange = { grant: 'authorization_code' as const, providerName: 'Example', redirectUri: 'http://127.0.0.1:7777/callback' };
const refresh = { grant: 'refresh_token' as const, providerName: 'Example' };
const code = (r: [HttpResponse, unknown], c: TokenErrorContext) => mapTokenEndpointError(r[0], r[1], c);

test('invalid_grant on exchange: the code expired or was already used', () => {
  const e = code(res(400, { error: 'invalid_grant', error_description: 'grant request is invalid' }), exchange);
  assert.equal(e.code, 'code_invalid');
  assert.match(e.hint, /expired or was already used/);
  assert.equal(e.providerError, 'invalid_grant');
  assert.match(e.message, /\(invalid_grant\): "grant request is invalid"/, "the provider's own error code and text are shown");
});

test('invalid_grant naming the verifier or redirect URI gets the specific diagnosis', () => {
  assert.equal(code(res(400, { error: 'invalid_grant', error_description: 'PKCE verification failed' }), exchange).code, 'pkce_mismatch');
  const mismatch = code(res(400, { error: 'invalid_grant', error_description: 'redirect_uri mismatch' }), exchange);
  assert.equal(mismatch.code, 'redirect_uri_mismatch');
  assert.match(mismatch.hint, /http:\/\/127\.0\.0\.1:7777\/callback/);
});

test('invalid_grant on refresh means re-authorization (Google and Discord shapes)', () => {
  assert.equal(code(res(400, { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' }), refresh).code, 'refresh_token_invalid');
  assert.equal(code(res(400, { error: 'invalid_grant', error_description: 'Invalid "refresh_token" in request.' }), refresh).code, 'refresh_token_invalid');
});

test("X's spent refresh token (invalid_request 'Value passed for the token was invalid.') means re-authorization", () => {
  assert.equal(code(res(400, { error: 'invalid_request', error_description: 'Value passed for the token was invalid.' }), refresh).code, 'refresh_token_invalid');
});

test('invalid_client and Google\'s missing secret say what to fix', () => {
  const e = code(res(401, { error: 'invalid_client' }), exchange);
  assert.equal(e.code, 'client_invalid');
  assert.match(e.hint, /secret/);
  assert.match(e.hint, /client_secret_basic/);
  assert.equal(code(res(400, { error: 'invalid_request', error_description: 'client_secret is missing.' }), exchange).code, 'client_secret_missing');
});

test('5xx and 429 keep tokens and say when to retry', () => {
  assert.equal(code(res(503, {}), refresh).code, 'provider_unavailable');
  const limited = code(res(429, {}, { 'retry-after': '30' }), refresh);
  assert.equal(limited.code, 'rate_limited');
  assert.match(limited.hint, /30 seconds/);
});

test('a non-JSON error body still yields a typed error with the status', () => {
  const e = mapTokenEndpointError({ status: 400, headers: {}, body: '<html>oops</html>' }, undefined, exchange);
  assert.equal(e.code, 'token_request_failed');
  assert.match(e.message, /HTTP 400/);
});

// Emulated provider shapes below are the bodies and headers documented in providers.md.
const NOW = Date.UTC(2026, 4, 10, 12, 0, 0);
/** What a refresh through the real response processing throws for a raw answer. */
function refreshFails(status: number, body: string, headers: Record<string, string> = {}, now = NOW): TokenEndpointError {
  try {
    processTokenResponse({ status, headers, body }, { grant: 'refresh_token', now, requestedScopes: ['openid'], providerName: 'Example' });
  } catch (error) {
    assert.ok(error instanceof TokenEndpointError, 'a typed token endpoint error');
    return error;
  }
  assert.fail('the error response was accepted');
}

test('S17 emulated provider shapes: X\'s spent refresh token, exact body, through processTokenResponse', () => {
  const e = refreshFails(400, '{"error":"invalid_request","error_description":"Value passed for the token was invalid."}');
  assert.equal(e.code, 'refresh_token_invalid');
  assert.match(e.hint, /Re-authorize/);
  assert.equal(e.retryAfterMs, undefined, 'no back-off: only a new sign-in helps');
  assert.equal(refreshFails(400, '{"error":"invalid_grant","error_description":"Value passed for the token was invalid."}').code, 'refresh_token_invalid', 'the invalid_grant variant some reports show');
  // The same body at sign-in is not about a refresh token.
  assert.equal(code(res(400, { error: 'invalid_request', error_description: 'Value passed for the token was invalid.' }), exchange).code, 'token_request_invalid');
});

test('S17 emulated provider shapes: the Fitbit envelope on refresh means re-authorization, on sign-in a dead code', () => {
  const token = '5f1b3c9d2e7a4b6c8d0e1f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e';
  const body = { errors: [{ errorType: 'invalid_grant', message: `Refresh token invalid: ${token}. Visit https://dev.fitbit.com/docs/oauth2 for more information on the Fitbit Web API authorization process.` }], success: false };
  const e = refreshFails(400, JSON.stringify(body));
  assert.equal(e.code, 'refresh_token_invalid');
  assert.equal(e.providerError, 'invalid_grant');
  assert.match(e.message, /\(invalid_grant\): "Refresh token invalid: \[redacted\]\. Visit https:\/\/dev\.fitbit\.com\/docs\/oauth2/);
  for (const text of [e.message, e.hint, e.providerErrorDescription ?? '']) assert.ok(!text.includes(token.slice(0, 12)), 'the echoed token is not repeated');
  const atSignIn = code(res(400, { errors: [{ errorType: 'invalid_grant', message: 'Authorization code invalid: 9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d Visit https://dev.fitbit.com/docs/oauth2' }], success: false }), exchange);
  assert.equal(atSignIn.code, 'code_invalid');
});

test('emulated provider shapes: the Fitbit envelope with invalid_client is a client problem', () => {
  const e = code(res(401, { errors: [{ errorType: 'invalid_client', message: 'Invalid authorization header format.' }], success: false }), refresh);
  assert.equal(e.code, 'client_invalid');
  assert.match(e.hint, /client ID and secret/);
  assert.match(e.message, /Invalid authorization header format/);
});

test('S17 429 sets retryAfterMs from Retry-After and the hint states the wait', () => {
  const e = code(res(429, {}, { 'retry-after': '30' }), { ...refresh, now: NOW });
  assert.equal(e.code, 'rate_limited');
  assert.equal(e.retryAfterMs, 30_000);
  assert.match(e.hint, /Wait 30 seconds/);
});

test('S17 emulated provider shapes: Discord and X rate-limit headers on the token endpoint', () => {
  const discord = code(
    res(429, { message: 'You are being rate limited.', retry_after: 64.57, global: false }, { 'x-ratelimit-reset-after': '64.57', 'x-ratelimit-remaining': '0' }),
    { ...refresh, now: NOW },
  );
  assert.equal(discord.retryAfterMs, 64_570);
  assert.match(discord.hint, /Wait 65 seconds/);
  const x = code(res(429, { title: 'Too Many Requests', type: 'about:blank', status: 429, detail: 'Too Many Requests' }, { 'x-rate-limit-reset': String(NOW / 1000 + 900), 'x-rate-limit-remaining': '0' }), { ...refresh, now: NOW });
  assert.equal(x.code, 'rate_limited');
  assert.equal(x.retryAfterMs, 900_000);
  assert.match(x.hint, /Wait 15 minutes/);
});

test('429 without a usable header: no retryAfterMs, a default wait in the hint', () => {
  const e = code(res(429, {}, { 'retry-after': 'later' }), refresh);
  assert.equal(e.code, 'rate_limited');
  assert.equal(e.retryAfterMs, undefined);
  assert.match(e.hint, /Wait a minute/);
});

test('S17 503 with Retry-After (HTTP-date, relative to the context\'s now) keeps the tokens and states the wait', () => {
  const e = refreshFails(503, '<html>Service Unavailable</html>', { 'retry-after': 'Sun, 10 May 2026 12:02:00 GMT' });
  assert.equal(e.code, 'provider_unavailable');
  assert.equal(e.retryAfterMs, 120_000, 'processTokenResponse passes its now');
  assert.match(e.hint, /provider's side; your tokens are kept\. Try again in 2 minutes/);
  const atSignIn = code(res(503, {}, { 'retry-after': '10' }), exchange);
  assert.equal(atSignIn.retryAfterMs, 10_000);
  assert.match(atSignIn.hint, /Click Connect again in 10 seconds/);
  assert.doesNotMatch(atSignIn.hint, /tokens are kept/, 'there are no tokens yet at sign-in');
});

test('without a context now, an HTTP-date Retry-After is relative to the current time', () => {
  const inAnHour = new Date(Date.now() + 3_600_000).toUTCString();
  const e = code(res(503, {}, { 'retry-after': inAnHour }), refresh);
  assert.ok(e.retryAfterMs !== undefined && e.retryAfterMs > 3_590_000 && e.retryAfterMs <= 3_600_000, `got ${e.retryAfterMs}`);
});

test('other 5xx and RFC 6749 temporarily_unavailable are the provider\'s side, without a wait', () => {
  const e = code(res(502, {}, { 'retry-after': '10' }), { ...refresh, now: NOW });
  assert.equal(e.code, 'provider_unavailable');
  assert.equal(e.retryAfterMs, undefined, 'Retry-After only means "come back then" on 503');
  assert.match(e.hint, /your tokens are kept\. Try again in a minute/);
  assert.equal(code(res(400, { error: 'temporarily_unavailable' }), refresh).code, 'provider_unavailable');
  assert.equal(code(res(400, { error: 'server_error' }), refresh).code, 'provider_unavailable');
});

test('S29 provider text loses token-like strings (JWT, hex, base64) but keeps URLs and words', () => {
  const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIyM0FCQ0QifQ.c2lnbmF0dXJlLXZhbHVlLTEyMw';
  assert.equal(sanitizeProviderText(`Access token expired: ${jwt}. Visit https://dev.fitbit.com/docs/oauth2 for more.`), 'Access token expired: [redacted]. Visit https://dev.fitbit.com/docs/oauth2 for more.');
  assert.equal(sanitizeProviderText('bad token a1B2c3D4e5F6g7H8i9J0k1L2+/xy=='), 'bad token [redacted]');
  assert.equal(sanitizeProviderText('callback http://127.0.0.1:53682/callback?code=Zx9Yw8Vu7Ts6Rq5Po4Nm3'), 'callback http://127.0.0.1:53682/callback?code=[redacted]', 'the parameter name stays, its value goes');
  assert.equal(sanitizeProviderText('authorization_pending_confirmation is required'), 'authorization_pending_confirmation is required', 'long words without digits stay');
  assert.equal(sanitizeProviderText('Token has been expired or revoked.'), 'Token has been expired or revoked.');
});

test('S29 a token in a URL\'s path, query or user info is redacted; the scheme and host stay', () => {
  const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIyM0FCQ0QifQ.c2lnbmF0dXJlLXZhbHVlLTEyMw';
  assert.equal(sanitizeProviderText(`Not found: https://api.example.com/v1/tokens/${jwt}`), 'Not found: https://api.example.com/v1/tokens/[redacted]');
  assert.equal(sanitizeProviderText(`GET https://api.example.com/v1/tokens/${jwt}/info failed.`), 'GET https://api.example.com/v1/tokens/[redacted]/info failed.');
  assert.equal(
    sanitizeProviderText('see https://api.example.com:8443/introspect?token=a1B2c3D4e5F6g7H8i9J0k1L2&hint=refresh#frag'),
    'see https://api.example.com:8443/introspect?token=[redacted]&hint=refresh#frag',
  );
  assert.equal(sanitizeProviderText('clone https://user:a1B2c3D4e5F6g7H8i9J0k1L2@git.example.com/x'), 'clone https://user:[redacted]@git.example.com/x');
  // A token glued to "://" is no scheme to keep.
  assert.doesNotMatch(sanitizeProviderText(`${jwt}://x`) ?? '', /eyJ/);
});

test('S29 runs of 32+ token characters are redacted even without digits; shorter ones need letters and digits', () => {
  const lettersOnly = 'AbCdEfGhIjKlMnOpQrStUvWxYzAbCdEfGhIj'; // 36 characters, no digit
  assert.equal(sanitizeProviderText(`refresh token ${lettersOnly} is invalid`), 'refresh token [redacted] is invalid');
  assert.equal(sanitizeProviderText(`token ${lettersOnly.slice(0, 32)}.`), 'token [redacted].', 'from exactly 32');
  assert.equal(sanitizeProviderText(`token ${lettersOnly.slice(0, 31)}.`), `token ${lettersOnly.slice(0, 31)}.`, '31 without digits is kept');
  assert.equal(sanitizeProviderText('token AbCdEfGhIj-_AbCdEfGhIjKlMnOpQrStUv'), 'token [redacted]', 'base64url letters and separators');
  assert.equal(sanitizeProviderText('code a1b2c3d4e5f6a7b8c9d0 bad'), 'code [redacted] bad', '20 with letters and digits');
  assert.equal(sanitizeProviderText('code a1b2c3d4e5f6a7b8c9d bad'), 'code a1b2c3d4e5f6a7b8c9d bad', '19 is kept');
  // Long error codes read as words and stay.
  assert.equal(sanitizeProviderText('authorization_pending_confirmation_required'), 'authorization_pending_confirmation_required');
  assert.equal(sanitizeProviderText('ACCESS_TOKEN_SCOPE_INSUFFICIENT_FOR_THIS_CALL.'), 'ACCESS_TOKEN_SCOPE_INSUFFICIENT_FOR_THIS_CALL.');
  assert.equal(sanitizeProviderText('Refresh_token_has_been_revoked_by_the_user'), 'Refresh_token_has_been_revoked_by_the_user');
});

test('S29 a percent-encoded token is redacted whole, no prefix left before its first %', () => {
  const encoded = 'ya29.a0AfH6SMBx%2FqR7kLmNoPqRsTuVwXyZ%2BaBcDeFg%3D%3D';
  const out = sanitizeProviderText(`token ${encoded} was revoked`) ?? '';
  assert.equal(out, 'token [redacted] was revoked');
  assert.doesNotMatch(out, /ya29|a0AfH6/);
  assert.equal(sanitizeProviderText(`https://api.example.com/revoke?token=${encoded}`), 'https://api.example.com/revoke?token=[redacted]');
});

test('S29 ordinary text is left alone: sentences, short words, URL hosts, percentages', () => {
  const texts = [
    'Token has been expired or revoked.',
    'The refresh token is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.',
    'Request had insufficient authentication scopes. See https://developers.google.com/identity/protocols/oauth2/scopes#calendar',
    'Visit https://login.microsoftonline.com/common/oauth2/v2.0/authorize for details.',
    'redirect_uri mismatch: http://127.0.0.1:53682/callback',
    'Quota 100% used; try again in 30 seconds (error 429).',
    'invalid_grant',
    'AADSTS70008: The provided authorization code or refresh token has expired due to inactivity.',
  ];
  for (const text of texts) assert.equal(sanitizeProviderText(text), text);
  // A long host is the URL's host, not a token.
  const host = 'https://a1b2c3d4e5f6a7b8c9d0e1f2.execute-api.eu-west-1.amazonaws.com/prod';
  assert.equal(sanitizeProviderText(host), host);
});

test("X's expired or spent authorization code (invalid_request 'Value passed for the authorization code was invalid.') says to sign in again, not to check the settings", () => {
  const e = code(res(400, { error: 'invalid_request', error_description: 'Value passed for the authorization code was invalid.' }), exchange);
  assert.equal(e.code, 'code_invalid');
  assert.match(e.hint, /Connect/);
  assert.equal(code(res(400, { error: 'invalid_request', error_description: 'Value passed for the authorization code was invalid.' }), refresh).code, 'token_request_invalid', 'a refresh carries no code');
});

test("X's 401 unauthorized_client 'Missing valid authorization header' says the confidential client must authenticate with HTTP Basic, not that the grant is off", () => {
  const e = code(res(401, { error: 'unauthorized_client', error_description: 'Missing valid authorization header' }), exchange);
  assert.equal(e.code, 'client_unauthorized');
  assert.match(e.message, /HTTP Basic Authorization header/);
  assert.doesNotMatch(e.message, /grant/);
  assert.match(e.hint, /client secret in Settings/);
  assert.match(e.hint, /Native App/);
  const other = code(res(400, { error: 'unauthorized_client', error_description: 'The client is not authorized to use this grant type.' }), refresh);
  assert.match(other.message, /refresh_token grant/, 'a plain unauthorized_client still names the grant');
});

test("Google's token endpoint answer redirect_uri_mismatch 'Bad Request' is a redirect URI problem naming the exact URI, not a generic failure", () => {
  const e = code(res(400, { error: 'redirect_uri_mismatch', error_description: 'Bad Request' }), exchange);
  assert.equal(e.code, 'redirect_uri_mismatch');
  assert.equal(e.providerError, 'redirect_uri_mismatch');
  assert.match(e.hint, /http:\/\/127\.0\.0\.1:7777\/callback/);
});

/** What the legacy Fitbit OAuth endpoints answer since they were turned off on 2 November 2026 (Fitbit's error envelope). */
const RETIRED_BODY = {
  errors: [{ errorType: 'request', message: 'The Fitbit Web API has been retired. Visit https://dev.fitbit.com for more information.' }],
  success: false,
};

test('410 Gone from a token endpoint, at sign-in and on refresh, is a retired OAuth endpoint, not a generic failure', () => {
  for (const context of [exchange, refresh]) {
    const e = code(res(410, RETIRED_BODY), context);
    assert.equal(e.code, 'api_retired', context.grant);
    assert.match(e.message, /^Example has retired its OAuth token endpoint \(HTTP 410 Gone\)/);
    assert.match(e.message, /The provider said \(request\): "The Fitbit Web API has been retired\./, "the provider's own words");
    assert.match(e.hint, /Signing in again will not help/);
    assert.equal(e.providerError, 'request');
  }
  const html = refreshFails(410, '<html><head><title>410 Gone</title></head><body>Gone</body></html>', { 'content-type': 'text/html' });
  assert.equal(html.code, 'api_retired', 'an HTML 410 page too');
});
