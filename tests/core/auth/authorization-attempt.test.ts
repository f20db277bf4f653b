/**
 * The attempt with a fake in-app window and a fake token endpoint: the embedded-window refusal, and
 * the steps it hands to the flow inspector.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AttemptDependencies, AuthorizationServerConfig } from '../../../electron/core/auth/authorization-attempt.ts';
import { startAuthorizationAttempt } from '../../../electron/core/auth/authorization-attempt.ts';
import { AttemptEndedError } from '../../../electron/core/errors.ts';
import type { FlowStepDraft } from '../../../electron/core/inspector/flow-step.ts';
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
  state.request!.onRefused!({ status: 403, url: attempt.authorizationUrl });
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
  state.request!.onRefused!({ status: 403, url: 'https://as.example/next' });
  answer();
  const tokens = await attempt.result;
  assert.equal(tokens.accessToken, 'access-token-value-1234567890');
  assert.equal(http.count('https://as.example/token'), 1);
});

test('the inspector gets the authorization request (state masked, challenge shown) and every callback, a stray one as failed', async () => {
  const steps: FlowStepDraft[] = [];
  const http = fakeHttp({ 'https://as.example/token': () => json({ access_token: 'access-token-value-1234567890', token_type: 'Bearer' }) });
  const attempt = await startAuthorizationAttempt(SERVER, { authMode: 'system-browser' }, deps({ http, recordStep: (s) => steps.push(s) }));
  const realState = stateOf(attempt.authorizationUrl);
  assert.deepEqual(steps.map((s) => s.kind), ['authorization-request']);
  const query = new Map(steps[0]!.request.query.map((p) => [p.name, p.value]));
  assert.deepEqual(query.get('state'), { masked: true, secret: 'state', preview: realState.slice(0, 4), length: realState.length });
  assert.equal(query.get('code_challenge'), new URL(attempt.authorizationUrl).searchParams.get('code_challenge'));
  assert.equal(steps[0]!.at, attempt.startedAt);

  assert.equal(attempt.deliverRedirect(`${attempt.redirectUri}?code=stray-code-1234567890&state=not-this-one`), 'invalid');
  assert.equal(attempt.deliverRedirect(`${attempt.redirectUri}?code=real-code-1234567890&state=${realState}`), 'received');
  await attempt.result;
  assert.deepEqual(steps.map((s) => [s.kind, s.outcome, s.error?.code ?? null]), [
    ['authorization-request', 'ok', null],
    ['callback', 'failed', 'state_mismatch'],
    ['callback', 'ok', null],
  ]);
  const text = JSON.stringify(steps);
  for (const secret of [realState, 'real-code-1234567890', 'stray-code-1234567890']) assert.equal(text.includes(secret), false, 'S29');
});

test('an error callback is recorded with the error the attempt ends with', async () => {
  const steps: FlowStepDraft[] = [];
  const attempt = await startAuthorizationAttempt(SERVER, { authMode: 'system-browser' }, deps({ recordStep: (s) => steps.push(s) }));
  assert.equal(attempt.deliverRedirect(`${attempt.redirectUri}?error=access_denied&error_description=No%20thanks&state=${stateOf(attempt.authorizationUrl)}`), 'failed');
  await assert.rejects(attempt.result, (e: unknown) => e instanceof Error && (e as { code?: string }).code === 'access_denied');
  const callback = steps.at(-1)!;
  assert.equal(callback.kind, 'callback');
  assert.equal(callback.error?.code, 'access_denied');
  assert.deepEqual(callback.request.query.slice(0, 2), [
    { name: 'error', value: 'access_denied' },
    { name: 'error_description', value: 'No thanks' },
  ]);
});

test('a recorder that throws never changes the sign-in', async () => {
  const http = fakeHttp({ 'https://as.example/token': () => json({ access_token: 'access-token-value-1234567890', token_type: 'Bearer' }) });
  const attempt = await startAuthorizationAttempt(SERVER, { authMode: 'system-browser' }, deps({
    http,
    recordStep: () => {
      throw new Error('broken recorder');
    },
  }));
  assert.equal(attempt.deliverRedirect(`${attempt.redirectUri}?code=real-code-1234567890&state=${stateOf(attempt.authorizationUrl)}`), 'received');
  assert.equal((await attempt.result).accessToken, 'access-token-value-1234567890');
});
