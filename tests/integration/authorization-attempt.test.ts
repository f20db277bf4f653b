/**
 * The core's authorization attempt against the real Sandbox authorization server (oidc-provider on
 * 127.0.0.1, PKCE required, rotation on). The person's part in the browser is scripted with got.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import got from 'got';
import { startAuthorizationAttempt } from '../../electron/core/auth/authorization-attempt.ts';
import type { AttemptDependencies, AuthorizationServerConfig } from '../../electron/core/auth/authorization-attempt.ts';
import { AttemptEndedError, AuthorizationError, TokenEndpointError } from '../../electron/core/errors.ts';
import { createCodeExchangeRequest, processTokenResponse } from '../../electron/core/oauth/token-request.ts';
import { silentLogger, systemClock } from '../../electron/core/ports.ts';
import type { AuthorizationWindow, BrowserOpener } from '../../electron/core/ports.ts';
import type { HttpClient, HttpRequest } from '../../electron/core/http/http-client.ts';
import { completeAuthorization } from '../helpers/scripted-browser.ts';
import { probePort, rawRequest } from '../helpers/raw-http.ts';
import { startSandboxFixture } from '../helpers/sandbox-fixture.ts';

/** An opener that records the URL instead of starting a browser. */
function recordingOpener(): BrowserOpener & { urls: string[] } {
  const urls: string[] = [];
  return { urls, open: async (url) => void urls.push(url) };
}

function deps(http: AttemptDependencies['http'], opener: BrowserOpener | null = recordingOpener(), authWindow: AuthorizationWindow | null = null): AttemptDependencies {
  return { http, clock: systemClock, opener, authWindow, logger: silentLogger };
}

async function getCallback(url: string): Promise<number> {
  const u = new URL(url);
  return (await rawRequest(Number(u.port), { path: u.pathname + u.search })).status;
}

test('full flow: system browser, loopback redirect, PKCE S256, code exchanged at once (S1 S8 S11)', async (t) => {
  const { server, runtime, http } = await startSandboxFixture(t);
  const opener = recordingOpener();
  const attempt = await startAuthorizationAttempt(runtime.server, { authMode: 'system-browser' }, deps(http, opener));
  assert.deepEqual(opener.urls, [attempt.authorizationUrl], 'the system browser was asked to open the authorization URL');
  const auth = new URL(attempt.authorizationUrl);
  assert.equal(auth.searchParams.get('redirect_uri'), attempt.redirectUri);
  assert.match(attempt.redirectUri, /^http:\/\/127\.0\.0\.1:\d+\/callback$/);
  assert.equal(auth.searchParams.get('code_challenge_method'), 'S256');

  const callback = await completeAuthorization(attempt.authorizationUrl, attempt.redirectUri);
  assert.equal(new URL(callback).searchParams.get('iss'), server.issuer, 'S10 the server adds iss');
  assert.equal(await getCallback(callback), 200);
  const tokens = await attempt.result;
  assert.ok(tokens.accessToken.length > 10);
  assert.ok(tokens.refreshToken, 'a refresh token is issued');
  assert.ok(tokens.grantedScopes.includes('mail.read'));
  assert.ok(tokens.expiresAt !== null && tokens.expiresAt > Date.now() + 100_000);
  assert.equal(server.tokenRequestCounts().authorization_code, 1);
  assert.equal(await probePort(Number(new URL(attempt.redirectUri).port)), 'ECONNREFUSED', 'S2 closed after the callback');
});

test('S9 wrong and missing state are ignored with 400, then the right state works once, replay is refused', async (t) => {
  const { server, runtime, http } = await startSandboxFixture(t);
  const attempt = await startAuthorizationAttempt(runtime.server, { authMode: 'system-browser' }, deps(http));
  const callback = await completeAuthorization(attempt.authorizationUrl, attempt.redirectUri);
  const forged = new URL(callback);
  forged.searchParams.set('state', 'forged-' + randomUUID());
  assert.equal(await getCallback(forged.toString()), 400);
  const missing = new URL(callback);
  missing.searchParams.delete('state');
  assert.equal(await getCallback(missing.toString()), 400);
  const dup = `${callback}&state=${new URL(callback).searchParams.get('state')}`;
  assert.equal(await getCallback(dup), 400, 'S11 duplicate parameters');
  // S4 the right callback with a rebinding Host is refused too, and the attempt is still pending.
  const u = new URL(callback);
  assert.equal((await rawRequest(Number(u.port), { path: u.pathname + u.search, host: `localhost:${u.port}` })).status, 400);
  assert.equal(server.tokenRequestCounts().authorization_code ?? 0, 0, 'nothing was exchanged yet');

  assert.equal(await getCallback(callback), 200);
  await attempt.result;
  assert.equal(attempt.deliverRedirect(callback), 'invalid', 'the state is single use');
  assert.equal(server.tokenRequestCounts().authorization_code, 1, 'exactly one token request');
});

test('access_denied ends the attempt with a clear, typed error', async (t) => {
  const { runtime, http } = await startSandboxFixture(t);
  const attempt = await startAuthorizationAttempt(runtime.server, { authMode: 'system-browser' }, deps(http));
  const callback = await completeAuthorization(attempt.authorizationUrl, attempt.redirectUri, { consent: false });
  assert.equal(new URL(callback).searchParams.get('error'), 'access_denied');
  assert.equal(await getCallback(callback), 200);
  await assert.rejects(attempt.result, (e: unknown) => e instanceof AuthorizationError && e.code === 'access_denied' && /Connect/.test(e.hint));
});

test('S10 a callback naming another issuer is rejected even with the right state', async (t) => {
  const { runtime, http } = await startSandboxFixture(t);
  const attempt = await startAuthorizationAttempt(runtime.server, { authMode: 'system-browser' }, deps(http));
  const callback = new URL(await completeAuthorization(attempt.authorizationUrl, attempt.redirectUri));
  callback.searchParams.set('iss', 'https://attacker.example');
  assert.equal(await getCallback(callback.toString()), 200);
  await assert.rejects(attempt.result, (e: unknown) => e instanceof AuthorizationError && e.code === 'issuer_mismatch');
});

test('a replayed code is refused by the server, reported as expired or already used, and kills the first tokens', async (t) => {
  const { runtime, http } = await startSandboxFixture(t);
  const exchanges: HttpRequest[] = [];
  const recording: HttpClient = { request: (req) => (req.form?.grant_type === 'authorization_code' && exchanges.push(req), http.request(req)) };
  const attempt = await startAuthorizationAttempt(runtime.server, { authMode: 'system-browser' }, deps(recording));
  assert.equal(await getCallback(await completeAuthorization(attempt.authorizationUrl, attempt.redirectUri)), 200);
  const first = await attempt.result;
  assert.equal(exchanges.length, 1);
  // The exact same request again (same code, verifier and redirect URI): only the replay is wrong.
  const replay = await http.request(exchanges[0]!);
  assert.throws(
    () => processTokenResponse(replay, { grant: 'authorization_code', now: Date.now(), requestedScopes: [], providerName: 'Sandbox', redirectUri: attempt.redirectUri }),
    (e: unknown) => e instanceof TokenEndpointError && e.code === 'code_invalid' && /already used/.test(e.hint) && /invalid_grant/.test(e.message),
  );
  const userinfo = await runtime.fetchIdentity(http, first.accessToken).then(() => 'accepted', (e: { code?: string }) => e.code);
  assert.equal(userinfo, 'access_token_rejected', 'the server revoked the grant of a replayed code');
});

test('cancel or timeout after the code was accepted does not throw the tokens away', async (t) => {
  const { server, runtime, http } = await startSandboxFixture(t);
  const attempt = await startAuthorizationAttempt(runtime.server, { authMode: 'system-browser', timeoutMs: 2_000 }, deps(http));
  const callback = await completeAuthorization(attempt.authorizationUrl, attempt.redirectUri);
  assert.equal(attempt.deliverRedirect(callback), 'received');
  attempt.cancel();
  const tokens = await attempt.result;
  assert.ok(tokens.accessToken);
  assert.equal(server.tokenRequestCounts().authorization_code, 1);
});

test('S8 without PKCE the Sandbox refuses the request, and the attempt says so', async (t) => {
  const { runtime, http } = await startSandboxFixture(t);
  const noPkce: AuthorizationServerConfig = { ...runtime.server, pkceMethod: null };
  const attempt = await startAuthorizationAttempt(noPkce, { authMode: 'system-browser' }, deps(http));
  const callback = await completeAuthorization(attempt.authorizationUrl, attempt.redirectUri);
  assert.equal(new URL(callback).searchParams.get('error'), 'invalid_request');
  assert.equal(await getCallback(callback), 200);
  await assert.rejects(attempt.result, (e: unknown) => e instanceof AuthorizationError && e.code === 'authorization_request_invalid' && /PKCE/i.test(e.message));
});

test('S2 timeout and cancel end the attempt and release the port', async (t) => {
  const { runtime, http } = await startSandboxFixture(t);
  const timed = await startAuthorizationAttempt(runtime.server, { authMode: 'system-browser', timeoutMs: 150 }, deps(http));
  await assert.rejects(timed.result, (e: unknown) => e instanceof AttemptEndedError && e.code === 'attempt_timed_out');
  assert.equal(await probePort(Number(new URL(timed.redirectUri).port)), 'ECONNREFUSED');

  const cancelled = await startAuthorizationAttempt(runtime.server, { authMode: 'system-browser' }, deps(http));
  const port = Number(new URL(cancelled.redirectUri).port);
  assert.equal(await probePort(port), 'connected');
  cancelled.cancel();
  await assert.rejects(cancelled.result, (e: unknown) => e instanceof AttemptEndedError && e.code === 'attempt_cancelled');
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(await probePort(port), 'ECONNREFUSED');
});

test('S7 in-app window mode: the redirect is intercepted and delivered without loading it', async (t) => {
  const { runtime, http } = await startSandboxFixture(t);
  let closedByAttempt = false;
  const authWindow: AuthorizationWindow = {
    open(request) {
      // The real adapter catches the navigation in Electron; here the scripted browser stops at it.
      void completeAuthorization(request.url, request.redirectUri).then((url) => request.onRedirect(url));
      return { close: () => void (closedByAttempt = true) };
    },
  };
  const opener = recordingOpener();
  const attempt = await startAuthorizationAttempt(runtime.server, { authMode: 'app-window' }, deps(http, opener, authWindow));
  const tokens = await attempt.result;
  assert.ok(tokens.accessToken);
  assert.deepEqual(opener.urls, [], 'the system browser was not used');
  assert.equal(closedByAttempt, true, 'the window is closed when the attempt ends');
});

test('in-app window that cannot open ends the attempt at once and frees the port', async (t) => {
  const { runtime, http } = await startSandboxFixture(t);
  const before = process.getActiveResourcesInfo().filter((r) => r === 'TCPServerWrap').length;
  const authWindow: AuthorizationWindow = {
    open() {
      throw new Error('no display');
    },
  };
  await assert.rejects(startAuthorizationAttempt(runtime.server, { authMode: 'app-window' }, deps(http, null, authWindow)), (e: unknown) =>
    e instanceof AttemptEndedError && e.code === 'app_window_failed' && /System browser/.test(e.hint),
  );
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(process.getActiveResourcesInfo().filter((r) => r === 'TCPServerWrap').length, before);
});

test('in-app window that comes back with a foreign response ends the attempt instead of waiting', async (t) => {
  const { runtime, http } = await startSandboxFixture(t);
  const authWindow: AuthorizationWindow = {
    open(request) {
      setTimeout(() => request.onRedirect(`${request.redirectUri}?code=x&state=not-ours`), 10);
      return { close() {} };
    },
  };
  const attempt = await startAuthorizationAttempt(runtime.server, { authMode: 'app-window' }, deps(http, null, authWindow));
  await assert.rejects(attempt.result, (e: unknown) => e instanceof AttemptEndedError && e.code === 'callback_invalid');
});

test('in-app window closed by the person ends the attempt', async (t) => {
  const { runtime, http } = await startSandboxFixture(t);
  const authWindow: AuthorizationWindow = { open: (request) => (setTimeout(request.onClosed, 10), { close() {} }) };
  const attempt = await startAuthorizationAttempt(runtime.server, { authMode: 'app-window' }, deps(http, null, authWindow));
  await assert.rejects(attempt.result, (e: unknown) => e instanceof AttemptEndedError && e.code === 'attempt_window_closed');
});

test('S13 confidential clients: client_secret_post and client_secret_basic work; a wrong secret is invalid_client', async (t) => {
  const secret = 'pa ss/wo:rd+' + randomUUID();
  const extra = (id: string, method: 'client_secret_post' | 'client_secret_basic') => ({
    client_id: id, client_secret: secret, token_endpoint_auth_method: method, application_type: 'native' as const,
    redirect_uris: ['http://127.0.0.1/callback'], grant_types: ['authorization_code', 'refresh_token'], response_types: ['code' as const],
  });
  const { runtime, http } = await startSandboxFixture(t, { extraClients: [extra('conf-post', 'client_secret_post'), extra('conf-basic', 'client_secret_basic')] });
  for (const [clientId, authMethod] of [['conf-post', 'client_secret_post'], ['conf-basic', 'client_secret_basic']] as const) {
    const config = { ...runtime.server, client: { clientId, clientSecret: secret, authMethod } };
    const attempt = await startAuthorizationAttempt(config, { authMode: 'system-browser' }, deps(http));
    assert.equal(await getCallback(await completeAuthorization(attempt.authorizationUrl, attempt.redirectUri)), 200);
    assert.ok((await attempt.result).accessToken, authMethod);
  }
  const wrong = { ...runtime.server, client: { clientId: 'conf-basic', clientSecret: 'wrong', authMethod: 'client_secret_basic' as const } };
  const attempt = await startAuthorizationAttempt(wrong, { authMode: 'system-browser' }, deps(http));
  assert.equal(await getCallback(await completeAuthorization(attempt.authorizationUrl, attempt.redirectUri)), 200);
  await assert.rejects(attempt.result, (e: unknown) => e instanceof TokenEndpointError && e.code === 'client_invalid' && /authentication method/.test(e.hint));
});

test('the Sandbox mail API refuses the token in the query string (S18)', async (t) => {
  const { server, runtime, http } = await startSandboxFixture(t);
  const attempt = await startAuthorizationAttempt(runtime.server, { authMode: 'system-browser' }, deps(http));
  await getCallback(await completeAuthorization(attempt.authorizationUrl, attempt.redirectUri));
  const { accessToken } = await attempt.result;
  const inQuery = await got(`${server.mailApiBase}/messages?access_token=${accessToken}`, { throwHttpErrors: false });
  assert.equal(inQuery.statusCode, 400, 'RFC 6750 3.1 invalid_request');
  const inHeader = await got(`${server.mailApiBase}/messages`, { headers: { authorization: `Bearer ${accessToken}` }, throwHttpErrors: false });
  assert.equal(inHeader.statusCode, 200, 'the same token is accepted in the header');
});

test('S6 custom-scheme mode: no listener, the app link is the redirect URI, and the scheme registration ends with the attempt', async (t) => {
  const { server, runtime, http } = await startSandboxFixture(t);
  const { createSchemeRedirectRouter } = await import('../../electron/core/scheme/scheme-redirect-router.ts');
  const router = createSchemeRedirectRouter();
  const attempt = await startAuthorizationAttempt(runtime.server, { authMode: 'custom-scheme' }, { ...deps(http), schemeRouter: router });
  assert.equal(attempt.redirectUri, 'com.oauthdesk.app:/callback');
  assert.equal(router.pendingCount(), 1);
  const link = await completeAuthorization(attempt.authorizationUrl, 'com.oauthdesk.app:');
  assert.equal(router.deliver(link), 'received');
  const tokens = await attempt.result;
  assert.ok(tokens.refreshToken);
  assert.equal(server.tokenRequestCounts().authorization_code, 1);
  assert.equal(router.pendingCount(), 0);

  // Timed out: the registration is gone and its late link is refused as ended.
  const late = await startAuthorizationAttempt(runtime.server, { authMode: 'custom-scheme', timeoutMs: 50 }, { ...deps(http), schemeRouter: router });
  const lateLink = await completeAuthorization(late.authorizationUrl, 'com.oauthdesk.app:');
  await assert.rejects(late.result, { code: 'attempt_timed_out' });
  assert.equal(router.pendingCount(), 0);
  assert.throws(() => router.deliver(lateLink), { code: 'scheme_state_ended' });
  assert.equal(server.tokenRequestCounts().authorization_code, 1);
});

test('custom-scheme mode where nothing receives app links is refused up front with what to do', async (t) => {
  const { runtime, http } = await startSandboxFixture(t);
  await assert.rejects(startAuthorizationAttempt(runtime.server, { authMode: 'custom-scheme' }, deps(http)), (error: unknown) => {
    assert.ok(error instanceof AttemptEndedError);
    assert.equal(error.code, 'custom_scheme_unavailable');
    assert.match(error.hint, /System browser/);
    return true;
  });
});
