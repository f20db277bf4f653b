/**
 * The error doctor from real error bodies of a real authorization server: the Sandbox's oidc-provider
 * on 127.0.0.1, provoked into each failure (a reused code, a PKCE mismatch, a wrong client secret, a
 * redirect URI that differs at the token endpoint or is not registered at all, a spent refresh token,
 * a missing scope, a declined consent), mapped by the app's own code and then diagnosed.
 *
 * oidc-provider answers every refused code with one body, `invalid_grant` "grant request is invalid",
 * whatever the check that failed (expiry, reuse, PKCE, redirect URI): its detail stays on the server.
 * The doctor therefore names the likely cause (an expired or reused code) and mentions the others.
 */
import { test } from 'node:test';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnosis } from '../../../electron/shared/diagnosis.ts';
import { apiErrorFor } from '../../../electron/core/api/resource-request.ts';
import { startAuthorizationAttempt } from '../../../electron/core/auth/authorization-attempt.ts';
import { doctorContextFor } from '../../../electron/core/doctor/explain.ts';
import { AttemptEndedError, AuthorizationError } from '../../../electron/core/errors.ts';
import type { HttpResponse } from '../../../electron/core/http/http-client.ts';
import { buildAuthorizationUrl } from '../../../electron/core/oauth/authorization-request.ts';
import type { ClientCredentials } from '../../../electron/core/oauth/client-auth.ts';
import { createCodeVerifier } from '../../../electron/core/oauth/pkce.ts';
import { createState } from '../../../electron/core/oauth/state.ts';
import { createCodeExchangeRequest, createRefreshRequest, processTokenResponse } from '../../../electron/core/oauth/token-request.ts';
import { parseCustomProvider } from '../../../electron/core/providers/config/custom-provider-schema.ts';
import { createCustomProvider } from '../../../electron/core/providers/custom/custom-provider.ts';
import { silentLogger, systemClock } from '../../../electron/core/ports.ts';
import { SANDBOX_SCOPES } from '../../../electron/core/sandbox/sandbox-server.ts';
import { completeAuthorization } from '../../helpers/scripted-browser.ts';
import { rawRequest } from '../../helpers/raw-http.ts';
import type { SandboxFixture } from '../../helpers/sandbox-fixture.ts';
import { startSandboxFixture } from '../../helpers/sandbox-fixture.ts';
import { NOW, assertPlainAndComplete, contextFor, diagnosed, fact, thrown } from './doctor-fixtures.ts';

const CONFIDENTIAL_ID = 'doctor-confidential';
const CONFIDENTIAL_SECRET = 'doctor-Secret/with+specials=9f8e7d6c5b4a';
const EXACT_ID = 'doctor-exact';
/** The only redirect URI registered for EXACT_ID: a sign-in to /callback is refused. */
const EXACT_REGISTERED = 'http://127.0.0.1/registered';

const OIDC_PROVIDER_REFUSED_CODE = { error: 'invalid_grant', error_description: 'grant request is invalid' };

/** Everything secret seen in a run, to prove no diagnosis holds any of it (S29). */
const secrets = new Set<string>([CONFIDENTIAL_SECRET]);
const diagnoses: Diagnosis[] = [];

async function sandbox(t: TestContext): Promise<SandboxFixture> {
  return startSandboxFixture(t, {
    extraClients: [
      {
        client_id: CONFIDENTIAL_ID,
        client_secret: CONFIDENTIAL_SECRET,
        token_endpoint_auth_method: 'client_secret_basic',
        application_type: 'native',
        redirect_uris: ['http://127.0.0.1/callback'],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
      },
      {
        client_id: EXACT_ID,
        token_endpoint_auth_method: 'none',
        application_type: 'native',
        redirect_uris: [EXACT_REGISTERED],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
  });
}

interface SignedIn {
  readonly code: string;
  readonly verifier: string;
  readonly redirectUri: string;
}

/** Signs in as the person would (login and consent on the Sandbox's pages); returns the code, unexchanged. */
async function signIn(fixture: SandboxFixture, options: { clientId?: string; scopes?: readonly string[] } = {}): Promise<SignedIn> {
  const verifier = createCodeVerifier();
  const redirectUri = 'http://127.0.0.1:49321/callback';
  const url = buildAuthorizationUrl({
    authorizationEndpoint: fixture.runtime.server.authorizationEndpoint,
    clientId: options.clientId ?? fixture.server.clientId,
    redirectUri,
    scopes: options.scopes ?? SANDBOX_SCOPES,
    state: createState(),
    codeVerifier: verifier,
    pkceMethod: 'S256',
  });
  const code = new URL(await completeAuthorization(url, redirectUri)).searchParams.get('code');
  assert.ok(code);
  secrets.add(code);
  secrets.add(verifier);
  return { code, verifier, redirectUri };
}

const publicClient = (fixture: SandboxFixture): ClientCredentials => ({ clientId: fixture.server.clientId, clientSecret: null, authMethod: 'none' });

async function exchange(fixture: SandboxFixture, signedIn: SignedIn, change: { client?: ClientCredentials; verifier?: string; redirectUri?: string } = {}): Promise<HttpResponse> {
  return fixture.http.request(
    createCodeExchangeRequest({
      tokenEndpoint: fixture.runtime.server.tokenEndpoint,
      client: change.client ?? publicClient(fixture),
      code: signedIn.code,
      redirectUri: change.redirectUri ?? signedIn.redirectUri,
      codeVerifier: change.verifier ?? signedIn.verifier,
    }),
  );
}

function noteTokens(response: HttpResponse): Record<string, unknown> {
  const body = JSON.parse(response.body) as Record<string, unknown>;
  for (const name of ['access_token', 'refresh_token', 'id_token']) if (typeof body[name] === 'string') secrets.add(body[name] as string);
  return body;
}

/** The exchange's failure as the attempt sees it: through processTokenResponse, as the Sandbox. */
function exchangeError(response: HttpResponse, redirectUri: string) {
  return thrown(() => processTokenResponse(response, { grant: 'authorization_code', now: NOW, requestedScopes: SANDBOX_SCOPES, providerName: 'Sandbox', redirectUri }));
}

function keep(diagnosis: Diagnosis): Diagnosis {
  diagnoses.push(diagnosis);
  return diagnosis;
}

test('a reused code: oidc-provider\'s invalid_grant becomes "code expired or already used", with the Sandbox\'s 60-second code lifetime from its config', async (t) => {
  const fixture = await sandbox(t);
  const signedIn = await signIn(fixture);
  const first = await exchange(fixture, signedIn);
  assert.equal(first.status, 200);
  noteTokens(first);
  const replay = await exchange(fixture, signedIn);
  assert.equal(replay.status, 400);
  assert.deepEqual(JSON.parse(replay.body), OIDC_PROVIDER_REFUSED_CODE);
  const error = exchangeError(replay, signedIn.redirectUri);
  assert.equal(error.code, 'code_invalid');
  const d = keep(diagnosed(error, contextFor('sandbox', { redirectUri: signedIn.redirectUri })));
  assert.equal(d.id, 'code_expired_or_used');
  assert.equal(d.action, 'connect');
  assert.deepEqual(fact(d, 'Code lifetime at Sandbox'), { label: 'Code lifetime at Sandbox', value: '1 minute', kind: 'text', copyable: false });
  assert.match(d.cause, /expire after 1 minute/);
  assertPlainAndComplete(d, error);
});

test('a PKCE mismatch: a wrong verifier gets the same body as a dead code (the doctor says so); a malformed one is named and diagnosed as a verifier mismatch', async (t) => {
  const fixture = await sandbox(t);
  const signedIn = await signIn(fixture);
  const otherVerifier = createCodeVerifier();
  secrets.add(otherVerifier);
  const wrong = await exchange(fixture, signedIn, { verifier: otherVerifier });
  assert.equal(wrong.status, 400);
  assert.deepEqual(JSON.parse(wrong.body), OIDC_PROVIDER_REFUSED_CODE, 'oidc-provider does not say which check failed');
  const hidden = keep(diagnosed(exchangeError(wrong, signedIn.redirectUri), contextFor('sandbox', { redirectUri: signedIn.redirectUri })));
  assert.equal(hidden.id, 'code_expired_or_used');
  assert.match(hidden.cause, /PKCE verifier or the redirect URI differed/);

  const malformed = await exchange(fixture, signedIn, { verifier: 'too-short' });
  assert.deepEqual(JSON.parse(malformed.body), { error: 'invalid_request', error_description: 'code_verifier must be a string with a minimum length of 43 characters' });
  const error = exchangeError(malformed, signedIn.redirectUri);
  assert.equal(error.code, 'pkce_mismatch');
  const d = keep(diagnosed(error, contextFor('sandbox', { redirectUri: signedIn.redirectUri })));
  assert.equal(d.id, 'pkce_verifier_mismatch');
  assert.equal(d.action, 'connect');
  assert.match(d.cause, /verifier format/);
  assertPlainAndComplete(d, error);
});

test('a redirect URI that differs at the token endpoint: the same oidc-provider body, so the doctor keeps the redirect URI among the causes it names', async (t) => {
  const fixture = await sandbox(t);
  const signedIn = await signIn(fixture);
  const response = await exchange(fixture, signedIn, { redirectUri: 'http://127.0.0.1:49321/other' });
  assert.deepEqual(JSON.parse(response.body), OIDC_PROVIDER_REFUSED_CODE);
  const d = keep(diagnosed(exchangeError(response, signedIn.redirectUri), contextFor('sandbox', { redirectUri: signedIn.redirectUri })));
  assert.equal(d.id, 'code_expired_or_used');
  assert.match(d.cause, /redirect URI differed from the sign-in's; OAuth Desk sends both exactly as at sign-in/);
});

test('a wrong or missing client secret: oidc-provider\'s 401 invalid_client is diagnosed as client authentication, fixed in Settings', async (t) => {
  const fixture = await sandbox(t);
  const custom = createCustomProvider(
    parseCustomProvider({ id: 'doctor-oidc', displayName: 'Doctor OIDC', issuer: fixture.server.issuer, clientId: CONFIDENTIAL_ID, clientSecret: CONFIDENTIAL_SECRET, scopes: ['openid'] }),
    { http: fixture.http, source: 'settings' },
  );
  for (const client of [
    { clientId: CONFIDENTIAL_ID, clientSecret: 'not-the-secret', authMethod: 'client_secret_basic' },
    { clientId: CONFIDENTIAL_ID, clientSecret: null, authMethod: 'none' },
  ] as const) {
    const signedIn = await signIn(fixture, { clientId: CONFIDENTIAL_ID, scopes: ['openid'] });
    const response = await exchange(fixture, signedIn, { client });
    assert.equal(response.status, 401);
    assert.deepEqual(JSON.parse(response.body), { error: 'invalid_client', error_description: 'client authentication failed' });
    const error = thrown(() => processTokenResponse(response, { grant: 'authorization_code', now: NOW, requestedScopes: ['openid'], providerName: 'Doctor OIDC', redirectUri: signedIn.redirectUri }));
    assert.equal(error.code, 'client_invalid');
    const d = keep(diagnosed(error, doctorContextFor(custom, { phase: 'sign-in', now: NOW, redirectUri: signedIn.redirectUri })));
    assert.equal(d.id, 'client_authentication_failed');
    assert.equal(d.action, 'settings');
    assert.match(d.fix[0] ?? '', /Doctor OIDC's developer settings/);
    assertPlainAndComplete(d, error);
  }
});

test('a redirect URI not registered at all: the Sandbox shows its own error page, the sign-in times out, and the doctor says to register the exact URI the attempt used', async (t) => {
  const fixture = await sandbox(t);
  const custom = createCustomProvider(
    parseCustomProvider({ id: 'doctor-exact', displayName: 'Doctor Exact', issuer: fixture.server.issuer, clientId: EXACT_ID, scopes: ['openid'] }),
    { http: fixture.http, source: 'settings' },
  );
  const runtime = await custom.prepare();
  const attempt = await startAuthorizationAttempt(runtime.server, { authMode: 'system-browser', timeoutMs: 300 }, { http: fixture.http, clock: systemClock, opener: null, authWindow: null, logger: silentLogger });
  await assert.rejects(completeAuthorization(attempt.authorizationUrl, attempt.redirectUri), /Authorization stopped at 400: .*invalid_redirect_uri/, "the provider's page, not a redirect");
  const error = await attempt.result.then(
    () => assert.fail('nothing can come back'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof AttemptEndedError && error.code === 'attempt_timed_out');
  const d = keep(diagnosed(error, doctorContextFor(custom, { phase: 'sign-in', now: NOW, redirectUri: attempt.redirectUri, authMode: attempt.authMode })));
  assert.equal(d.id, 'sign_in_not_finished');
  assert.equal(d.action, 'connect');
  assert.deepEqual(fact(d, 'Redirect URI to register'), { label: 'Redirect URI to register', value: attempt.redirectUri, kind: 'text', copyable: true });
  assert.notEqual(attempt.redirectUri, EXACT_REGISTERED);
  assertPlainAndComplete(d, error);
});

test('S17 a spent refresh token: oidc-provider\'s invalid_grant on refresh lists the Sandbox\'s rules (single use, 14 days, memory only)', async (t) => {
  const fixture = await sandbox(t);
  const signedIn = await signIn(fixture);
  const tokens = noteTokens(await exchange(fixture, signedIn));
  const refresh = createRefreshRequest({ tokenEndpoint: fixture.runtime.server.tokenEndpoint, client: publicClient(fixture), refreshToken: tokens.refresh_token as string });
  const first = await fixture.http.request(refresh);
  assert.equal(first.status, 200);
  noteTokens(first);
  const spent = await fixture.http.request(refresh);
  assert.deepEqual(JSON.parse(spent.body), OIDC_PROVIDER_REFUSED_CODE);
  const error = thrown(() => processTokenResponse(spent, { grant: 'refresh_token', now: NOW, requestedScopes: SANDBOX_SCOPES, providerName: 'Sandbox' }));
  assert.equal(error.code, 'refresh_token_invalid');
  const d = keep(diagnosed(error.toInfo(), contextFor('sandbox', { phase: 'refresh' })));
  assert.equal(d.id, 'refresh_token_ended');
  assert.equal(d.action, 'reauthorize');
  assert.deepEqual(d.facts.map((f) => f.label), ['Already used', 'Expired', 'Forgotten']);
  assert.equal(fact(d, 'Expired')?.value, 'Refresh tokens live 14 days.');
  assertPlainAndComplete(d, error);
});

test('S18 the Sandbox mail API\'s real 403 insufficient_scope: re-consent, not a refresh', async (t) => {
  const fixture = await sandbox(t);
  const signedIn = await signIn(fixture, { scopes: ['openid', 'profile'] });
  const tokens = noteTokens(await exchange(fixture, signedIn));
  const response = await fixture.http.request({ method: 'GET', url: `${fixture.server.mailApiBase}/messages?q=is:unread`, headers: { authorization: `Bearer ${tokens.access_token as string}` } });
  assert.equal(response.status, 403);
  assert.match(response.headers['www-authenticate'] ?? '', /error="insufficient_scope"/);
  const error = apiErrorFor(response, 'Sandbox', 'unread mail', NOW);
  assert.equal(error.code, 'scope_missing');
  const d = keep(diagnosed(error, contextFor('sandbox', { phase: 'data', declinedScopes: [] })));
  assert.equal(d.id, 'scope_not_granted');
  assert.equal(d.action, 'reauthorize');
  assert.match(d.cause, /Renewing the token cannot add a permission/);
});

test('a consent declined on the Sandbox\'s page comes back as access_denied and is diagnosed with a way back to Connect', async (t) => {
  const fixture = await sandbox(t);
  const attempt = await startAuthorizationAttempt(fixture.runtime.server, { authMode: 'system-browser' }, { http: fixture.http, clock: systemClock, opener: null, authWindow: null, logger: silentLogger });
  const callback = await completeAuthorization(attempt.authorizationUrl, attempt.redirectUri, { consent: false });
  const url = new URL(callback);
  assert.equal((await rawRequest(Number(url.port), { path: url.pathname + url.search })).status, 200);
  const error = await attempt.result.then(
    () => assert.fail('declined'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof AuthorizationError && error.code === 'access_denied');
  const d = keep(diagnosed(error, contextFor('sandbox', { redirectUri: attempt.redirectUri })));
  assert.equal(d.id, 'access_denied');
  assert.equal(d.action, 'connect');
  assert.equal(d.link, null, 'the Sandbox has no console');
});

test('S29 no diagnosis from the real server holds a code, verifier, token or client secret', () => {
  assert.ok(diagnoses.length >= 9, `the diagnoses above were collected (${diagnoses.length})`);
  assert.ok(secrets.size >= 10, 'codes, verifiers, tokens and the secret were collected');
  const text = JSON.stringify(diagnoses);
  for (const secret of secrets) {
    for (const form of [secret, encodeURIComponent(secret), Buffer.from(secret).toString('base64')]) {
      assert.ok(!text.includes(form), 'a secret leaked into a diagnosis');
    }
  }
});
