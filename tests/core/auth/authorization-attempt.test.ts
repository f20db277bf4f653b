/**
 * The attempt with a fake in-app window and a fake token endpoint: the embedded-window refusal, and
 * the events it reports for the flow inspector (raw URLs; the desk's inspector builds the steps).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AttemptDependencies, AuthorizationServerConfig, CallbackProblem } from '../../../electron/core/auth/authorization-attempt.ts';
import { MAX_REPORTED_IGNORED_CALLBACKS, startAuthorizationAttempt } from '../../../electron/core/auth/authorization-attempt.ts';
import { AttemptEndedError } from '../../../electron/core/errors.ts';
import type { AuthorizationWindow } from '../../../electron/core/ports.ts';
import { silentLogger, systemClock } from '../../../electron/core/ports.ts';
import type { FakeHttp } from '../../helpers/fake-http.ts';
import { fakeHttp, json, noNetwork } from '../../helpers/fake-http.ts';
import { probePort } from '../../helpers/raw-http.ts';

const SERVER: AuthorizationServerConfig = {
  providerName: 'Example',
  issuer: 'https://as.example',
  issParameterSupported: false,
  authorizationEndpoint: 'https://as.example/authorize',
  tokenEndpoint: 'https://as.example/token',
  client: { clientId: 'desk', clientSecret: null, authMethod: 'none' },
  scopes: ['openid'],
  pkceMethod: 'S256',
  redirectPort: 0,
  redirectPath: '/callback',
};

type WindowRequest = Parameters<AuthorizationWindow['open']>[0];

/** A window that only remembers what it was asked to show and whether the attempt closed it. */
function fakeWindow() {
  const state: { request: WindowRequest | null; closed: number } = { request: null, closed: 0 };
  const authWindow: AuthorizationWindow = {
    open(request) {
      state.request = request;
      return { close: () => void state.closed++ };
    },
  };
  return { authWindow, state };
}

function deps(overrides: Partial<AttemptDependencies>): AttemptDependencies {
  return { http: noNetwork, clock: systemClock, opener: null, authWindow: null, logger: silentLogger, ...overrides };
}

const stateOf = (authorizationUrl: string) => new URL(authorizationUrl).searchParams.get('state')!;

test('a sign-in page that refuses the in-app window (HTTP 403) ends the attempt with embedded_window_refused; the window stays open, the port closes', async () => {
  const { authWindow, state } = fakeWindow();
  const attempt = await startAuthorizationAttempt(SERVER, { authMode: 'app-window' }, deps({ authWindow }));
  const port = Number(new URL(attempt.redirectUri).port);
  assert.equal(await probePort(port), 'connected', 'the listener waits for the redirect');
  state.request!.onRefused!({ status: 403 });
  await assert.rejects(attempt.result, (error: unknown) => {
    assert.ok(error instanceof AttemptEndedError);
    assert.equal(error.code, 'embedded_window_refused');
    assert.match(error.message, /Example sign-in page refused .*in-app window \(HTTP 403\)/);
    assert.match(error.hint, /"System browser" and connect again/);
    return true;
  });
  assert.equal(state.closed, 0, 'the person can still read the provider page');
  assert.equal(await probePort(port), 'ECONNREFUSED', 'S2: the listener is gone');
  // Whatever the window does next changes nothing.
  state.request!.onRedirect(`${attempt.redirectUri}?code=late&state=${stateOf(attempt.authorizationUrl)}`);
  state.request!.onClosed();
});

test('a refusal after the code was received does not end the attempt: the tokens still arrive', async () => {
  const { authWindow, state } = fakeWindow();
  let answer!: () => void;
  const answered = new Promise<void>((resolve) => (answer = resolve));
  const http: FakeHttp = fakeHttp({
    'https://as.example/token': async () => {
      await answered;
      return json({ access_token: 'access-token-value-1234567890', token_type: 'Bearer', expires_in: 60 });
    },
  });
  const attempt = await startAuthorizationAttempt(SERVER, { authMode: 'app-window' }, deps({ authWindow, http }));
  state.request!.onRedirect(`${attempt.redirectUri}?code=the-code-1234567890&state=${stateOf(attempt.authorizationUrl)}`);
  state.request!.onRefused!({ status: 403 });
  answer();
  const tokens = await attempt.result;
  assert.equal(tokens.accessToken, 'access-token-value-1234567890');
  assert.equal(http.count('https://as.example/token'), 1);
});

/** Records the attempt's inspector events as they come. */
function events() {
  const seen: Array<{ kind: 'authorization-request' | 'callback'; url: string; at: number; problem: CallbackProblem | null }> = [];
  const listeners: Pick<AttemptDependencies, 'onAuthorizationRequest' | 'onCallback'> = {
    onAuthorizationRequest: (url, at) => void seen.push({ kind: 'authorization-request', url, at, problem: null }),
    onCallback: (url, at, problem) => void seen.push({ kind: 'callback', url, at, problem }),
  };
  return { seen, listeners };
}

test('the inspector is told the authorization URL and every callback with why it was not accepted; the attempt builds no step itself', async () => {
  const { seen, listeners } = events();
  const http = fakeHttp({ 'https://as.example/token': () => json({ access_token: 'access-token-value-1234567890', token_type: 'Bearer' }) });
  const attempt = await startAuthorizationAttempt(SERVER, { authMode: 'system-browser' }, deps({ http, ...listeners }));
  const realState = stateOf(attempt.authorizationUrl);
  assert.deepEqual(seen, [{ kind: 'authorization-request', url: attempt.authorizationUrl, at: attempt.startedAt, problem: null }]);

  const stray = `${attempt.redirectUri}?code=stray-code-1234567890&state=not-this-one`;
  const real = `${attempt.redirectUri}?code=real-code-1234567890&state=${realState}`;
  assert.equal(attempt.deliverRedirect(stray), 'invalid');
  assert.equal(attempt.deliverRedirect(real), 'received');
  await attempt.result;
  assert.deepEqual(seen.slice(1).map((e) => [e.kind, e.url, e.problem?.code ?? null]), [
    ['callback', stray, 'state_mismatch'],
    ['callback', real, null],
  ]);
});

test('forged callbacks with a wrong state: only the first few are told to the inspector, the rest are counted in one log line', async () => {
  const { seen, listeners } = events();
  const warnings: Array<[string, unknown]> = [];
  const logger = { info() {}, error() {}, warn: (message: string, fields?: unknown) => void warnings.push([message, fields]) };
  const attempt = await startAuthorizationAttempt(SERVER, { authMode: 'system-browser' }, deps({ logger, ...listeners }));
  for (let i = 0; i < 100; i++) assert.equal(attempt.deliverRedirect(`${attempt.redirectUri}?code=forged-${i}&state=forged-${i}`), 'invalid');
  assert.equal(seen.filter((e) => e.kind === 'callback').length, MAX_REPORTED_IGNORED_CALLBACKS);
  assert.equal(MAX_REPORTED_IGNORED_CALLBACKS, 3);
  assert.equal(warnings.filter(([m]) => m === 'ignored a sign-in response').length, 3, 'one log line per reported callback only');
  // The genuine callback still gets through and is told.
  assert.equal(attempt.deliverRedirect(`${attempt.redirectUri}?error=access_denied&state=${stateOf(attempt.authorizationUrl)}`), 'failed');
  await assert.rejects(attempt.result);
  assert.deepEqual(seen.at(-1)?.problem?.code, 'access_denied');
  assert.deepEqual(warnings.filter(([m]) => m === 'ignored more sign-in responses'), [['ignored more sign-in responses', { count: 97 }]]);
});

test('an error callback is told with the error the attempt ends with', async () => {
  const { seen, listeners } = events();
  const attempt = await startAuthorizationAttempt(SERVER, { authMode: 'system-browser' }, deps(listeners));
  assert.equal(attempt.deliverRedirect(`${attempt.redirectUri}?error=access_denied&error_description=No%20thanks&state=${stateOf(attempt.authorizationUrl)}`), 'failed');
  await assert.rejects(attempt.result, (e: unknown) => e instanceof Error && (e as { code?: string }).code === 'access_denied');
  const callback = seen.at(-1)!;
  assert.equal(callback.kind, 'callback');
  assert.equal(callback.problem?.code, 'access_denied');
  assert.match(callback.problem?.message ?? '', /./);
});

test('an inspector listener that throws never changes the sign-in', async () => {
  const http = fakeHttp({ 'https://as.example/token': () => json({ access_token: 'access-token-value-1234567890', token_type: 'Bearer' }) });
  const broken = () => {
    throw new Error('broken recorder');
  };
  const attempt = await startAuthorizationAttempt(SERVER, { authMode: 'system-browser' }, deps({ http, onAuthorizationRequest: broken, onCallback: broken }));
  assert.equal(attempt.deliverRedirect(`${attempt.redirectUri}?code=real-code-1234567890&state=${stateOf(attempt.authorizationUrl)}`), 'received');
  assert.equal((await attempt.result).accessToken, 'access-token-value-1234567890');
});
