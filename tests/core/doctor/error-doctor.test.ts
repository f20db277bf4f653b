/**
 * The error doctor from the providers' real error bodies and headers (providers.md): each answer goes
 * through the app's own mapping (processTokenResponse, mapTokenEndpointError, mapAuthorizationError,
 * validateCallback, apiErrorFor), then through `diagnose` with the provider's real profile.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startAuthorizationAttempt } from '../../../electron/core/auth/authorization-attempt.ts';
import { DIAGNOSED_CODES, diagnose } from '../../../electron/core/doctor/error-doctor.ts';
import { declinedScopes } from '../../../electron/core/doctor/declined-scopes.ts';
import { apiErrorFor } from '../../../electron/core/api/resource-request.ts';
import { AttemptEndedError, NetworkError, OAuthDeskError, StorageError, TokenEndpointError } from '../../../electron/core/errors.ts';
import { mapAuthorizationError } from '../../../electron/core/oauth/error-mapping.ts';
import { validateCallback } from '../../../electron/core/oauth/callback.ts';
import { processRevocationResponse } from '../../../electron/core/oauth/revocation.ts';
import { processTokenResponse } from '../../../electron/core/oauth/token-request.ts';
import { GMAIL_READONLY_SCOPE, GOOGLE_SIGN_IN_SCOPES } from '../../../electron/core/providers/built-in/google.ts';
import { refreshTokenNotSavedError } from '../../../electron/core/storage/connection-repository.ts';
import { silentLogger, systemClock } from '../../../electron/core/ports.ts';
import { noNetwork } from '../../helpers/fake-http.ts';
import type { ProviderKey } from './doctor-fixtures.ts';
import { NOW, answer, assertPlainAndComplete, contextFor, diagnosed, fact, thrown } from './doctor-fixtures.ts';

const X_REDIRECT = 'http://127.0.0.1:53681/callback';
const DISCORD_REDIRECT = 'http://127.0.0.1:53682/callback';
const GOOGLE_SCOPES = [...GOOGLE_SIGN_IN_SCOPES, GMAIL_READONLY_SCOPE];

/** The typed error a token endpoint answer becomes, through the real response processing. */
function tokenError(grant: 'authorization_code' | 'refresh_token', providerName: string, response: ReturnType<typeof answer>, redirectUri?: string): OAuthDeskError {
  return thrown(() =>
    processTokenResponse(response, { grant, now: NOW, requestedScopes: ['openid'], providerName, ...(redirectUri === undefined ? {} : { redirectUri }) }),
  );
}

// --- Redirect URI ---------------------------------------------------------------------------------

test("Google's token endpoint redirect_uri_mismatch: Google takes any loopback port, so the doctor points at the client type, not at registering a port", () => {
  const used = 'http://127.0.0.1:49152/callback';
  const error = tokenError('authorization_code', 'Google', answer(400, { error: 'redirect_uri_mismatch', error_description: 'Bad Request' }), used);
  assert.equal(error.code, 'redirect_uri_mismatch');
  const d = diagnosed(error, contextFor('google', { redirectUri: used }));
  assert.equal(d.id, 'redirect_uri_not_registered');
  assert.equal(d.action, 'settings');
  assert.match(d.cause, /any port without registration only for desktop/);
  assert.match(d.fix[0] ?? '', /"Desktop app"/);
  assert.deepEqual(fact(d, 'Redirect URI used'), { label: 'Redirect URI used', value: used, kind: 'text', copyable: true });
  assert.equal(fact(d, 'Redirect URI to register'), undefined, 'nothing to register at Google');
  assert.deepEqual(d.link, { label: 'Open Google Cloud console', url: 'https://console.cloud.google.com/apis/credentials' });
  assertPlainAndComplete(d, error);
});

test('a redirect_uri error returned to the callback at an exact-registration provider names the exact URI to register, copyable, with the console link', () => {
  const error = thrown(() =>
    validateCallback(`${X_REDIRECT}?state=s1&error=invalid_request&error_description=${encodeURIComponent('redirect_uri does not match the registered value')}`, {
      state: 's1',
      redirectUri: X_REDIRECT,
      issuer: null,
      issParameterSupported: false,
      providerName: 'X',
    }),
  );
  assert.equal(error.code, 'redirect_uri_mismatch');
  const d = diagnosed(error, contextFor('x', { redirectUri: X_REDIRECT }));
  assert.equal(d.id, 'redirect_uri_not_registered');
  assert.equal(d.action, 'connect');
  assert.deepEqual(fact(d, 'Redirect URI to register'), { label: 'Redirect URI to register', value: X_REDIRECT, kind: 'text', copyable: true });
  assert.match(d.cause, /matched exactly/);
  assert.match(d.fix[0] ?? '', /X Developer Portal.*character for character/);
  assert.deepEqual(d.link, { label: 'Open X Developer Portal', url: 'https://developer.x.com/en/portal/dashboard' });
  assertPlainAndComplete(d, error);
});

test("without an attempt's URI the doctor uses the one Settings shows; a custom provider on any port is told to fix a port first", () => {
  const error = tokenError('authorization_code', 'Acme', answer(400, { error: 'redirect_uri_mismatch', error_description: 'Bad Request' }));
  const fixed = diagnosed(error, contextFor('custom'));
  assert.equal(fact(fixed, 'Redirect URI to register')?.value, 'http://127.0.0.1:8765/callback', "Settings' exact URI");
  assert.equal(fixed.link, null, 'the app knows no console for a custom provider');
  assert.match(fixed.fix[0] ?? '', /Acme's developer settings/);
  const anyPort = diagnosed(error, contextFor('custom-any-port'));
  assert.equal(anyPort.action, 'settings');
  assert.match(anyPort.fix[0] ?? '', /set a fixed port in its Settings/);
  const appLink = diagnosed(error, contextFor('sandbox', { redirectUri: 'com.oauthdesk.app:/callback', authMode: 'custom-scheme' }));
  assert.equal(fact(appLink, 'Redirect URI to register')?.value, 'com.oauthdesk.app:/callback', 'the app link must be registered exactly, even where loopback ports are free');
});

test('a sign-in that timed out at Discord or X (their own "Invalid OAuth2 redirect_uri" / "Something went wrong" page) is diagnosed as an unregistered redirect URI', async () => {
  // A real attempt against Discord's endpoint that nobody completes: it times out like one stuck on Discord's error page.
  const attempt = await startAuthorizationAttempt(
    {
      providerName: 'Discord',
      issuer: null,
      issParameterSupported: false,
      authorizationEndpoint: 'https://discord.com/oauth2/authorize',
      tokenEndpoint: 'https://discord.com/api/oauth2/token',
      client: { clientId: '80351110224678912', clientSecret: null, authMethod: 'none' },
      scopes: ['identify', 'email'],
      pkceMethod: 'S256',
      redirectPort: 0,
      redirectPath: '/callback',
    },
    { authMode: 'system-browser', timeoutMs: 20 },
    { http: noNetwork, clock: systemClock, opener: null, authWindow: null, logger: silentLogger },
  );
  const error = await attempt.result.then(
    () => assert.fail('the attempt must not succeed'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof AttemptEndedError && error.code === 'attempt_timed_out');
  const d = diagnosed(error, contextFor('discord', { redirectUri: attempt.redirectUri, authMode: 'system-browser' }));
  assert.equal(d.id, 'sign_in_not_finished');
  assert.equal(d.action, 'connect');
  assert.match(d.cause, /"Invalid OAuth2 redirect_uri" or "Something went wrong"/);
  assert.equal(fact(d, 'Redirect URI to register')?.value, attempt.redirectUri, 'the exact URI this attempt used');
  assert.equal(d.link?.url, 'https://discord.com/developers/applications');
  assertPlainAndComplete(d, error);
  // The Sandbox takes any port with its own native client: a timeout there is an unfinished page.
  const sandbox = diagnosed(error, contextFor('sandbox', { redirectUri: 'http://127.0.0.1:49152/callback' }));
  assert.equal(sandbox.facts.length, 0);
  assert.match(sandbox.cause, /not the problem/);
  assert.match(sandbox.fix.join(' '), /Open sign-in page/);
});

test('a Google sign-in that timed out: a "Web application" client gets "Error 400: redirect_uri_mismatch" on Google\'s page and is never sent back, so the doctor points at the client type', () => {
  const used = 'http://127.0.0.1:49152/callback';
  const timeout = new AttemptEndedError('attempt_timed_out', 'The sign-in to Google timed out.', { hint: 'Click Connect to try again.' });
  const d = diagnosed(timeout, contextFor('google', { redirectUri: used, authMode: 'system-browser' }));
  assert.equal(d.id, 'sign_in_not_finished');
  assert.equal(d.action, 'settings');
  assert.match(d.cause, /"Error 400: redirect_uri_mismatch"/);
  assert.doesNotMatch(d.cause, /not the problem/);
  assert.deepEqual(d.link, { label: 'Open Google Cloud console', url: 'https://console.cloud.google.com/apis/credentials' });
  assert.deepEqual(fact(d, 'Redirect URI used'), { label: 'Redirect URI used', value: used, kind: 'text', copyable: true });
  // The same explanation as when Google's token endpoint names the mismatch.
  const mismatch = diagnosed(tokenError('authorization_code', 'Google', answer(400, { error: 'redirect_uri_mismatch', error_description: 'Bad Request' }), used), contextFor('google', { redirectUri: used }));
  assert.ok(d.cause.includes(mismatch.cause), 'the client-type cause');
  assert.equal(d.fix[0], mismatch.fix[0], 'the "Desktop app" client step');
  assert.match(d.fix.join(' '), /Open sign-in page/, 'an unfinished page stays possible');
  assertPlainAndComplete(d, timeout);
  assert.equal(diagnosed(timeout, contextFor('google-health', { redirectUri: used })).action, 'settings', 'Google Health uses Google clients too');
});

test('a busy fixed port: free it, or pick another port and register the new URI at an exact-registration provider', () => {
  const error = new NetworkError('loopback_port_in_use', 'Port 53682 on 127.0.0.1 is already in use, so the sign-in redirect cannot be received.', { hint: 'Close the program using it.' });
  const d = diagnosed(error, contextFor('discord'));
  assert.equal(d.id, 'redirect_port_busy');
  assert.match(d.fix[1] ?? '', /register the new redirect URI in the Discord Developer Portal/);
  assertPlainAndComplete(d, error);
});

// --- The code exchange -------------------------------------------------------------------------------

test("X's spent or expired code (invalid_request 'Value passed for the authorization code was invalid.'): the 30-second lifetime is a fact", () => {
  const error = tokenError('authorization_code', 'X', answer(400, { error: 'invalid_request', error_description: 'Value passed for the authorization code was invalid.' }), X_REDIRECT);
  assert.equal(error.code, 'code_invalid');
  const d = diagnosed(error, contextFor('x', { redirectUri: X_REDIRECT }));
  assert.equal(d.id, 'code_expired_or_used');
  assert.equal(d.action, 'connect');
  assert.deepEqual(fact(d, 'Code lifetime at X'), { label: 'Code lifetime at X', value: '30 seconds', kind: 'text', copyable: false });
  assert.match(d.cause, /expire after 30 seconds/);
  assert.doesNotMatch(d.cause, /PKCE/, 'X said what it was: no talk of other causes');
  assertPlainAndComplete(d, error);
});

test('a code refused at Google or Discord: their lifetime is not documented, and the doctor says so instead of guessing', () => {
  const cases = [
    ['google', 'Google', { error: 'invalid_grant', error_description: 'Bad Request' }],
    ['discord', 'Discord', { error: 'invalid_grant', error_description: 'Invalid "code" in request.' }],
  ] as const;
  for (const [key, name, body] of cases) {
    const error = tokenError('authorization_code', name, answer(400, body));
    assert.equal(error.code, 'code_invalid');
    const d = diagnosed(error, contextFor(key));
    assert.deepEqual(d.facts, [{ label: `Code lifetime at ${name}`, value: 'Not documented (usually seconds to minutes)', kind: 'text', copyable: false }]);
    assert.match(d.cause, /does not document how fast/);
    assert.match(d.cause, /PKCE verifier or the redirect URI/, 'a bare invalid_grant may also hide those');
  }
});

test('a PKCE verifier refused by name is diagnosed as a verifier mismatch', () => {
  const error = tokenError('authorization_code', 'Acme', answer(400, { error: 'invalid_grant', error_description: 'PKCE verification failed' }));
  assert.equal(error.code, 'pkce_mismatch');
  const d = diagnosed(error, contextFor('custom'));
  assert.equal(d.id, 'pkce_verifier_mismatch');
  assert.equal(d.action, 'connect');
  assert.match(d.fix.join(' '), /PKCE method in Settings/);
  assertPlainAndComplete(d, error);
});

// --- The client ------------------------------------------------------------------------------------

test("X's 401 unauthorized_client 'Missing valid authorization header': a confidential Web App client needs its secret sent with HTTP Basic", () => {
  const error = tokenError('authorization_code', 'X', answer(401, { error: 'unauthorized_client', error_description: 'Missing valid authorization header' }), X_REDIRECT);
  assert.equal(error.code, 'client_unauthorized');
  const d = diagnosed(error, contextFor('x'));
  assert.equal(d.id, 'client_authentication_method');
  assert.equal(d.action, 'settings');
  assert.match(d.cause, /"Web App"/);
  assert.match(d.cause, /HTTP Basic/);
  assert.match(d.fix[0] ?? '', /client secret in this provider's Settings.*"Native App"/);
  assert.equal(d.link?.url, 'https://developer.x.com/en/portal/dashboard');
  assertPlainAndComplete(d, error);
  // A plain unauthorized_client is about the grant.
  const grant = tokenError('refresh_token', 'Acme', answer(400, { error: 'unauthorized_client', error_description: 'The client is not authorized to use this grant type.' }));
  const g = diagnosed(grant, contextFor('custom', { phase: 'refresh' }));
  assert.equal(g.id, 'grant_not_allowed');
  assert.match(g.happened, /refresh tokens/);
});

test('invalid_client (and a 401 Fitbit-style envelope) is a client ID, secret or authentication-method problem fixed in Settings', () => {
  const error = tokenError('authorization_code', 'Discord', answer(401, { error: 'invalid_client' }));
  assert.equal(error.code, 'client_invalid');
  const d = diagnosed(error, contextFor('discord'));
  assert.equal(d.id, 'client_authentication_failed');
  assert.equal(d.action, 'settings');
  assert.match(d.fix.join(' '), /client_secret_post or client_secret_basic/);
  assert.match(d.fix.at(-1) ?? '', /Connect/);
  const envelope = tokenError('refresh_token', 'Fitbit', answer(401, { errors: [{ errorType: 'invalid_client', message: 'Invalid authorization header format.' }], success: false }));
  const onRefresh = diagnosed(envelope, contextFor('custom', { phase: 'refresh' }));
  assert.equal(onRefresh.id, 'client_authentication_failed');
  assert.match(onRefresh.happened, /renew/);
  assert.match(onRefresh.fix.at(-1) ?? '', /Refresh/);
});

test("Google's 'client_secret is missing.' asks for the secret or the client_secret JSON file, with the console link", () => {
  const error = tokenError('authorization_code', 'Google', answer(400, { error: 'invalid_request', error_description: 'client_secret is missing.' }));
  assert.equal(error.code, 'client_secret_missing');
  const d = diagnosed(error, contextFor('google'));
  assert.equal(d.id, 'client_secret_missing');
  assert.equal(d.action, 'settings');
  assert.match(d.cause, /even though OAuth Desk also uses PKCE/);
  assert.match(d.fix[0] ?? '', /client_secret_….json/);
  assert.equal(d.link?.url, 'https://console.cloud.google.com/apis/credentials');
  assertPlainAndComplete(d, error);
});

// --- The sign-in page -------------------------------------------------------------------------------

test('an in-app window refused by the sign-in page (Google disallowed_useragent) says to switch to the system browser', () => {
  const refused = new AttemptEndedError('embedded_window_refused', "Google's sign-in page refused the in-app window (HTTP 403).", { hint: 'Use the system browser.' });
  const d = diagnosed(refused, contextFor('google', { authMode: 'app-window' }));
  assert.equal(d.id, 'embedded_window_refused');
  assert.equal(d.action, 'use-system-browser');
  assert.match(d.fix[0] ?? '', /"System browser"/);
  assertPlainAndComplete(d, refused);
  // The same refusal named by the provider's error code, whatever the app mapped it to.
  const named = mapAuthorizationError('disallowed_useragent', 'This browser or app may not be secure.', { providerName: 'Google', redirectUri: 'http://127.0.0.1:49152/callback' });
  assert.equal(named.code, 'authorization_failed');
  assert.equal(diagnosed(named, contextFor('google')).action, 'use-system-browser');
  const noWindow = new AttemptEndedError('app_window_unavailable', 'The in-app sign-in window is not available here.', { hint: 'Switch to System browser.' });
  assert.equal(diagnosed(noWindow, contextFor('x', { authMode: 'app-window' })).action, 'use-system-browser');
});

test('access_denied: declined at consent, or blocked for the account (an app in testing), with a way back to Connect', () => {
  const error = mapAuthorizationError('access_denied', 'The user denied access', { providerName: 'Google', redirectUri: 'http://127.0.0.1:49152/callback' });
  const d = diagnosed(error, contextFor('google'));
  assert.equal(d.id, 'access_denied');
  assert.equal(d.action, 'connect');
  assert.match(d.cause, /test users/);
  assertPlainAndComplete(d, error);
});

// --- Scopes ----------------------------------------------------------------------------------------

const GOOGLE_INSUFFICIENT_SCOPE = answer(
  403,
  {
    error: {
      code: 403,
      message: 'Request had insufficient authentication scopes.',
      errors: [{ message: 'Insufficient Permission', domain: 'global', reason: 'insufficientPermissions' }],
      status: 'PERMISSION_DENIED',
      details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'ACCESS_TOKEN_SCOPE_INSUFFICIENT', domain: 'googleapis.com' }],
    },
  },
  { 'www-authenticate': `Bearer realm="https://accounts.google.com/", error="insufficient_scope", scope="${GMAIL_READONLY_SCOPE}"` },
);

test('S18 Google 403 insufficient_scope after the person unticked Gmail at consent: re-consent, naming the scope that was not granted', () => {
  const error = apiErrorFor(GOOGLE_INSUFFICIENT_SCOPE, 'Gmail', 'unread mail', NOW);
  assert.equal(error.code, 'scope_missing');
  // The token response's scope lacked gmail.readonly: what the connection stores as granted vs requested.
  const declined = declinedScopes({ requestedScopes: GOOGLE_SCOPES, grantedScopes: ['openid', 'https://www.googleapis.com/auth/userinfo.email', 'email', 'profile'], hasRefreshToken: true });
  assert.deepEqual(declined, [GMAIL_READONLY_SCOPE]);
  const d = diagnosed(error, contextFor('google', { phase: 'data', declinedScopes: declined }));
  assert.equal(d.id, 'scope_declined');
  assert.equal(d.action, 'reauthorize');
  assert.deepEqual(fact(d, 'Permission not granted'), { label: 'Permission not granted', value: GMAIL_READONLY_SCOPE, kind: 'text', copyable: true });
  assert.match(d.cause, /unticked on the consent page/);
  assert.match(d.cause, /Renewing the token cannot add a permission/, 'S18: no refresh for a missing scope');
  assertPlainAndComplete(d, error);
});

test('S18 insufficient_scope with every requested scope granted: re-consent, and check what the client may use', () => {
  const error = apiErrorFor(GOOGLE_INSUFFICIENT_SCOPE, 'Gmail', 'unread mail', NOW);
  const d = diagnosed(error, contextFor('google', { phase: 'data', declinedScopes: [] }));
  assert.equal(d.id, 'scope_not_granted');
  assert.equal(d.action, 'reauthorize');
  assert.equal(d.link?.url, 'https://console.cloud.google.com/apis/credentials');
});

test('invalid_scope at the authorization endpoint lists the scopes asked for', () => {
  const error = mapAuthorizationError('invalid_scope', 'Some requested scopes were invalid. {invalid=[gmail.read]}', { providerName: 'Google', redirectUri: 'http://127.0.0.1:49152/callback' });
  const d = diagnosed(error, contextFor('google', { requestedScopes: GOOGLE_SCOPES }));
  assert.equal(d.id, 'scope_invalid');
  assert.equal(d.action, 'settings');
  assert.equal(fact(d, 'Scopes requested')?.value, GOOGLE_SCOPES.join(' '));
});

// --- Refresh (S17) ---------------------------------------------------------------------------------

test("S17 Google's dead refresh token ('Token has been expired or revoked.') lists Google's rules, the 7-day Testing limit among them", () => {
  const error = tokenError('refresh_token', 'Google', answer(400, { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' }));
  assert.equal(error.code, 'refresh_token_invalid');
  const d = diagnosed(error, contextFor('google', { phase: 'refresh' }));
  assert.equal(d.id, 'refresh_token_ended');
  assert.equal(d.action, 'reauthorize');
  assert.deepEqual(
    d.facts.map((f) => f.label),
    ['Revoked', 'Unused', 'Password changed', 'Too many tokens', 'App in Testing'],
  );
  assert.match(fact(d, 'App in Testing')?.value ?? '', /"Testing", refresh tokens expire after 7 days/);
  assert.match(fact(d, 'Unused')?.value ?? '', /6 months/);
  assert.match(fact(d, 'Too many tokens')?.value ?? '', /oldest/);
  assert.match(d.happened, /stopped trying/, 'no retry loop');
  assert.equal(d.link?.url, 'https://console.cloud.google.com/apis/credentials');
  assertPlainAndComplete(d, error);
  // Google Health signs in with Google's client: the same rules.
  assert.deepEqual(diagnosed(error, contextFor('google-health', { phase: 'refresh' })).facts, d.facts);
});

test("S17 X's spent refresh token (invalid_request 'Value passed for the token was invalid.') and Discord's 'Invalid \"refresh_token\" in request.': rotating single-use tokens", () => {
  const x = tokenError('refresh_token', 'X', answer(400, { error: 'invalid_request', error_description: 'Value passed for the token was invalid.' }));
  const discord = tokenError('refresh_token', 'Discord', answer(400, { error: 'invalid_grant', error_description: 'Invalid "refresh_token" in request.' }));
  for (const [error, key] of [[x, 'x'], [discord, 'discord']] as const) {
    assert.equal(error.code, 'refresh_token_invalid');
    const d = diagnosed(error, contextFor(key, { phase: 'refresh' }));
    assert.equal(d.id, 'refresh_token_ended');
    assert.equal(d.action, 'reauthorize');
    assert.match(fact(d, 'Already used')?.value ?? '', /single-use/);
    assert.ok(fact(d, 'Revoked'));
  }
  assert.match(fact(diagnosed(discord, contextFor('discord', { phase: 'refresh' })), 'Revoked')?.value ?? '', /all of that user's tokens/);
});

test('S17 S29 the Fitbit-style envelope on refresh at a provider without known rules: a general cause, and the echoed token appears nowhere', () => {
  const token = '5f1b3c9d2e7a4b6c8d0e1f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e';
  const error = tokenError(
    'refresh_token',
    'Acme',
    answer(400, { errors: [{ errorType: 'invalid_grant', message: `Refresh token invalid: ${token}. Visit https://dev.fitbit.com/docs/oauth2 for more information.` }], success: false }),
  );
  assert.equal(error.code, 'refresh_token_invalid');
  const d = diagnosed(error, contextFor('custom', { phase: 'refresh' }));
  assert.equal(d.id, 'refresh_token_ended');
  assert.deepEqual(d.facts, []);
  assert.match(d.cause, /single-use/);
  assert.ok(!JSON.stringify(d).includes(token.slice(0, 16)), 'S29 no token in the diagnosis');
});

test('a stored re-authorization reason (code only) is diagnosed the same as the live error', () => {
  const live = tokenError('refresh_token', 'Discord', answer(400, { error: 'invalid_grant', error_description: 'Invalid "refresh_token" in request.' }));
  const stored = { code: live.code, message: live.message, hint: live.hint };
  assert.deepEqual(diagnose(stored, contextFor('discord', { phase: 'refresh' })), diagnose(live, contextFor('discord', { phase: 'refresh' })));
});

test('S20 a refresh token kept in memory only and lost at restart: re-authorize, or keep tokens on disk', () => {
  const error = refreshTokenNotSavedError('Sandbox');
  assert.ok(error instanceof StorageError);
  const d = diagnosed(error.toInfo(), contextFor('sandbox', { phase: 'refresh' }));
  assert.equal(d.id, 'refresh_token_not_saved');
  assert.equal(d.action, 'reauthorize');
  assert.match(d.fix[1] ?? '', /"Keep refresh tokens on disk" in Storage & security/);
  assertPlainAndComplete(d, error);
  const none = new TokenEndpointError('refresh_token_missing', 'Acme gave this connection no refresh token, so its access cannot be renewed.', { hint: 'Click Re-authorize to sign in again.' });
  const n = diagnosed(none, contextFor('custom', { phase: 'refresh' }));
  assert.equal(n.id, 'no_refresh_token');
  assert.match(n.cause, /offline\.access/);
});

// --- Availability ----------------------------------------------------------------------------------

test("rate limits: the reset time comes from the provider's own header (Discord Retry-After, X x-rate-limit-reset) and the fixed now", () => {
  const discord = apiErrorFor(answer(429, { message: 'You are being rate limited.', retry_after: 64.57, global: false }, { 'retry-after': '65', 'x-ratelimit-reset-after': '64.57' }), 'Discord', 'your profile', NOW);
  assert.equal(discord.code, 'rate_limited');
  const d = diagnosed(discord, contextFor('discord', { phase: 'data' }));
  assert.equal(d.id, 'rate_limited');
  assert.equal(d.action, 'wait');
  assert.deepEqual(fact(d, 'Resets at'), { label: 'Resets at', value: new Date(NOW + 65_000).toISOString(), kind: 'time', copyable: false });
  assert.match(d.happened, /API requests/);
  assertPlainAndComplete(d, discord);

  const resetEpoch = NOW / 1000 + 900;
  const x = apiErrorFor(
    answer(429, { title: 'Too Many Requests', detail: 'Too Many Requests', type: 'about:blank', status: 429 }, { 'x-rate-limit-limit': '75', 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': String(resetEpoch) }),
    'X',
    'your profile',
    NOW,
  );
  assert.equal(fact(diagnosed(x, contextFor('x', { phase: 'data' })), 'Resets at')?.value, '2026-05-10T12:15:00.000Z');

  const onRefresh = tokenError('refresh_token', 'Discord', answer(429, { message: 'You are being rate limited.', retry_after: 64.57, global: false }, { 'retry-after': '65' }));
  const r = diagnosed(onRefresh, contextFor('discord', { phase: 'refresh' }));
  assert.match(r.happened, /token requests/);
  assert.match(r.fix[0] ?? '', /keeps the connection's tokens and tries again on its own/, 'S17 tokens kept, no action needed');
});

test("Google's 403 rateLimitExceeded has no reset header: the doctor says unknown, or the backoff's own retry time when it has one", () => {
  const body = { error: { code: 403, message: 'Rate Limit Exceeded', errors: [{ message: 'Rate Limit Exceeded', domain: 'usageLimits', reason: 'rateLimitExceeded' }], status: 'PERMISSION_DENIED' } };
  const error = apiErrorFor(answer(403, body), 'Gmail', 'unread mail', NOW);
  assert.equal(error.code, 'rate_limited');
  const unknown = diagnosed(error, contextFor('google', { phase: 'data' }));
  assert.deepEqual(fact(unknown, 'Resets at'), { label: 'Resets at', value: 'Unknown (Google did not say when)', kind: 'text', copyable: false });
  assert.match(unknown.fix[0] ?? '', /did not say how long/);
  const retryAt = NOW + 40_000;
  const known = diagnosed(error.toInfo(), contextFor('google', { phase: 'refresh', retryAt }));
  assert.deepEqual(fact(known, 'Resets at'), { label: 'Resets at', value: new Date(retryAt).toISOString(), kind: 'time', copyable: false });
});

test('S17 a 503 with Retry-After on refresh: the provider\'s side, tokens kept, with the time to try again', () => {
  const error = tokenError('refresh_token', 'Google', answer(503, '<html>Service Unavailable</html>', { 'retry-after': '120' }));
  assert.equal(error.code, 'provider_unavailable');
  const d = diagnosed(error, contextFor('google', { phase: 'refresh' }));
  assert.equal(d.id, 'provider_unavailable');
  assert.equal(d.action, 'wait');
  assert.equal(fact(d, 'Try again after')?.value, new Date(NOW + 120_000).toISOString());
  assert.match(d.fix[0] ?? '', /keeps the connection's tokens/);
  const atSignIn = diagnosed(tokenError('authorization_code', 'Google', answer(502, '')), contextFor('google'));
  assert.equal(atSignIn.action, 'connect');
  assert.deepEqual(atSignIn.facts, []);
});

test('network failures: check the connection; at sign-in connect again, on refresh the app retries by itself', () => {
  const error = new NetworkError('network_unreachable', 'oauth2.googleapis.com could not be reached (ENOTFOUND).', { hint: 'Check your internet connection (and proxy or VPN), then try again.' });
  const signIn = diagnosed(error, contextFor('google'));
  assert.equal(signIn.id, 'network_unreachable');
  assert.equal(signIn.action, 'connect');
  const refresh = diagnosed(error, contextFor('google', { phase: 'refresh' }));
  assert.equal(refresh.action, 'retry');
  assert.match(refresh.fix[1] ?? '', /when the network is back/);
  const timeout = new NetworkError('network_timeout', 'api.x.com did not answer in time.', { hint: 'Check your internet connection.' });
  assert.equal(diagnosed(timeout, contextFor('x', { phase: 'data' })).id, 'network_timeout');
});

test('S17 a reset time that has already passed is not shown as a time to wait for: the limit should have reset, try again', () => {
  const threeMinutesAgo = NOW - 180_000;
  const info = { code: 'rate_limited', message: 'Google is rate-limiting token requests.', hint: 'Wait a minute, then try again.' };
  const d = diagnosed(info, contextFor('google', { phase: 'refresh', retryAt: threeMinutesAgo }));
  assert.equal(d.id, 'rate_limited');
  assert.equal(d.action, 'retry');
  assert.equal(fact(d, 'Resets at'), undefined, 'no past reset time');
  assert.deepEqual(d.facts, []);
  assert.match(d.fix.join(' '), /should have reset by now/);
  assert.match(d.fix.join(' '), /click Refresh/);
  assertPlainAndComplete(d, info);
  assert.equal(diagnosed(info, contextFor('google', { phase: 'refresh', retryAt: NOW })).action, 'retry', 'a reset due right now has passed too');
  assert.equal(diagnosed(info, contextFor('google', { phase: 'refresh', retryAt: NOW + 1_000 })).action, 'wait', 'a reset still ahead is waited for');

  const outage = { code: 'provider_unavailable', message: "Google's token endpoint failed (HTTP 503).", hint: 'Try again later.' };
  const o = diagnosed(outage, contextFor('google', { phase: 'refresh', retryAt: threeMinutesAgo }));
  assert.equal(o.action, 'retry');
  assert.equal(fact(o, 'Try again after'), undefined);
  assert.match(o.fix.join(' '), /should be back by now/);
  assertPlainAndComplete(o, outage);
});

test('410 Gone from a retired API (the Fitbit Web API was turned off): nothing to re-authorize, an update is needed', () => {
  const error = apiErrorFor(answer(410, { errors: [{ errorType: 'request', message: 'This API has been turned off.' }], success: false }), 'Fitbit', 'heart rate', NOW);
  assert.equal(error.code, 'api_retired');
  const d = diagnosed(error, contextFor('google-health', { phase: 'data' }));
  assert.equal(d.id, 'api_retired');
  assert.equal(d.action, 'none');
  assert.deepEqual(fact(d, 'HTTP status'), { label: 'HTTP status', value: '410 Gone', kind: 'text', copyable: false });
  assert.match(d.cause, /2 November 2026/);
  assertPlainAndComplete(d, error);
});

test('410 Gone from a retired token endpoint (the legacy Fitbit OAuth endpoints): at sign-in and on refresh the doctor speaks of the OAuth endpoint, not of an API', () => {
  const body = { errors: [{ errorType: 'request', message: 'The Fitbit Web API has been retired.' }], success: false };
  const atSignIn = tokenError('authorization_code', 'Fitbit', answer(410, body), 'http://127.0.0.1:49152/callback');
  assert.equal(atSignIn.code, 'api_retired');
  const s = diagnosed(atSignIn, contextFor('custom'));
  assert.equal(s.id, 'api_retired');
  assert.equal(s.action, 'none');
  assert.match(s.happened, /token endpoint answered "410 Gone".*no tokens were issued/);
  assert.match(s.cause, /legacy Fitbit OAuth endpoints.*2 November 2026/);
  assert.match(s.fix.join(' '), /Signing in again at the same address will not help/);
  assert.doesNotMatch(s.fix.join(' '), /data URL/);
  assertPlainAndComplete(s, atSignIn);
  const onRefresh = tokenError('refresh_token', 'Fitbit', answer(410, body));
  const r = diagnosed(onRefresh, contextFor('custom', { phase: 'refresh' }));
  assert.match(r.happened, /renew the connection's access/);
  assertPlainAndComplete(r, onRefresh);
  // A refresh run for a data fetch fails at the token endpoint too; the stored reason (code only) reads by its phase.
  assert.match(diagnosed(onRefresh, contextFor('custom', { phase: 'data' })).happened, /token endpoint/);
  assert.match(diagnosed(onRefresh.toInfo(), contextFor('custom', { phase: 'refresh' })).happened, /token endpoint/);
});

// --- Disconnecting (S19) ----------------------------------------------------------------------------

/** What disconnect hands the doctor: the revocation's error as a plain ErrorInfo (revoke-tokens.ts). */
function revocationError(response: ReturnType<typeof answer>, providerName: string) {
  return thrown(() => processRevocationResponse(response, providerName)).toInfo();
}

/** After a disconnect the local tokens are gone: nothing to repeat, end the access at the provider. */
function assertAfterDisconnect(d: ReturnType<typeof diagnosed>, providerName: string): void {
  assert.equal(d.action, 'none', 'nothing to retry: the connection is gone');
  const text = [d.happened, d.cause, ...d.fix].join(' ');
  assert.doesNotMatch(text, /disconnect again|try again|click (Connect|Refresh|Re-authorize)/i);
  assert.match(text, /already removed the connection and its tokens from this computer/);
  assert.match(text, new RegExp(`remove OAuth Desk's access in your account settings at ${providerName}`));
}

test('S19 a revocation the provider did not confirm (429, 5xx, another refusal): the tokens are already gone here, remove the access at the provider', () => {
  const limited = revocationError(answer(429, { message: 'You are being rate limited.', retry_after: 12.5, global: false }, { 'retry-after': '13' }), 'Discord');
  assert.equal(limited.code, 'revocation_failed');
  const l = diagnosed(limited, contextFor('discord', { phase: 'disconnect' }));
  assert.equal(l.id, 'revocation_not_confirmed');
  assert.match(l.happened, /too many requests were made \(HTTP 429\)/);
  assert.deepEqual(fact(l, 'HTTP status'), { label: 'HTTP status', value: '429', kind: 'text', copyable: false });
  assert.equal(l.link?.url, 'https://discord.com/developers/applications');
  assertAfterDisconnect(l, 'Discord');
  assertPlainAndComplete(l, limited);

  const outage = revocationError(answer(503, '<html>Service Unavailable</html>'), 'Google');
  const o = diagnosed(outage, contextFor('google', { phase: 'disconnect' }));
  assert.match(o.happened, /server failed while revoking the connection's tokens \(HTTP 503\)/);
  assert.match(o.cause, /on Google's side/);
  assertAfterDisconnect(o, 'Google');
  assertPlainAndComplete(o, outage);

  const refused = revocationError(answer(401, { error: 'invalid_client', error_description: 'Client authentication failed.' }), 'Acme');
  const f = diagnosed(refused, contextFor('custom', { phase: 'disconnect' }));
  assert.match(f.happened, /refused to revoke the connection's tokens \(HTTP 401\)/);
  assert.match(f.cause, /authenticate another way/);
  assert.equal(f.link, null, 'no console known for a custom provider');
  assertAfterDisconnect(f, 'Acme');
  assertPlainAndComplete(f, refused);
  assert.deepEqual(diagnosed({ code: 'revocation_failed', message: 'Acme did not confirm the revocation.', hint: 'h' }, contextFor('custom', { phase: 'disconnect' })).facts, [], 'no status, no made-up fact');
});

test('S19 the network, an outage, a rate limit or a retired revocation endpoint while disconnecting: no "disconnect again", the tokens are already gone', () => {
  const unreachable = new NetworkError('network_unreachable', 'oauth2.googleapis.com could not be reached (ENOTFOUND).', { hint: 'Check your internet connection.' }).toInfo();
  const n = diagnosed(unreachable, contextFor('google', { phase: 'disconnect' }));
  assert.equal(n.id, 'network_unreachable');
  assert.match(n.happened, /while revoking the connection/);
  assert.equal(n.link?.url, 'https://console.cloud.google.com/apis/credentials');
  assertAfterDisconnect(n, 'Google');
  for (const code of ['network_timeout', 'provider_unavailable', 'rate_limited']) {
    assertAfterDisconnect(diagnosed({ code, message: `Message for ${code}.`, hint: 'h' }, contextFor('x', { phase: 'disconnect', retryAt: NOW - 1_000 })), 'X');
  }
  const retired = revocationError(answer(410, { errors: [{ errorType: 'request', message: 'The Fitbit Web API has been retired.' }], success: false }), 'Acme');
  assert.equal(retired.code, 'api_retired');
  const r = diagnosed(retired, contextFor('custom', { phase: 'disconnect' }));
  assert.match(r.happened, /revocation endpoint answered "410 Gone"/);
  assertAfterDisconnect(r, 'Acme');
  assertPlainAndComplete(r, retired);
  // No diagnosis, whatever its code, tells the person to disconnect a connection that no longer exists.
  for (const code of DIAGNOSED_CODES) {
    const d = diagnosed({ code, message: `Message for ${code}.`, hint: 'h' }, contextFor('google', { phase: 'disconnect' }));
    assert.doesNotMatch([d.happened, d.cause, ...d.fix].join(' '), /disconnect again/i, code);
  }
});

// --- Scope of the doctor ---------------------------------------------------------------------------

test('codes the doctor has nothing to add to, and unknown errors, get no diagnosis', () => {
  const context = contextFor('sandbox');
  assert.equal(diagnose(new AttemptEndedError('attempt_cancelled', 'The sign-in to Sandbox was cancelled.', { hint: 'Click Connect when you are ready.' }), context), null);
  assert.equal(diagnose({ code: 'issuer_changed', message: 'm', hint: 'h' }, context), null);
  assert.equal(diagnose(new Error('client_secret=abc'), context), null);
  assert.equal(diagnose({ code: 'constructor', message: 'm', hint: 'h' }, context), null, 'no prototype lookups');
  assert.equal(diagnose('redirect_uri_mismatch', context), null);
});

test('every diagnosed code has a diagnosis in every phase and for every provider, in plain complete sentences', () => {
  const keys: ProviderKey[] = ['google', 'google-health', 'x', 'discord', 'sandbox', 'custom', 'custom-any-port'];
  for (const code of DIAGNOSED_CODES) {
    for (const key of keys) {
      for (const phase of ['sign-in', 'refresh', 'data', 'disconnect'] as const) {
        const info = { code, message: `Message for ${code}.`, hint: `Hint for ${code}.` };
        const d = diagnosed(info, contextFor(key, { phase }));
        assertPlainAndComplete(d, info);
        if (d.link !== null) assert.match(d.link.url, /^https:\/\//);
      }
    }
  }
});

test("at an any-port provider without the attempt's URI, the redirect fact shows Settings' URI with its port left open, nothing to copy", () => {
  const error = tokenError('authorization_code', 'Google', answer(400, { error: 'redirect_uri_mismatch', error_description: 'Bad Request' }));
  const d = diagnosed(error, contextFor('google'));
  assert.deepEqual(d.facts, [{ label: 'Redirect URI', value: 'http://127.0.0.1:<any port>/callback', kind: 'text', copyable: false }]);
});
