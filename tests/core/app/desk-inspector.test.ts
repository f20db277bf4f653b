import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createDeskInspector } from '../../../electron/core/app/desk-inspector.ts';
import { silentLogger } from '../../../electron/core/ports.ts';
import type { InspectorTarget } from '../../../electron/shared/flow-types.ts';
import { fakeHttp, json } from '../../helpers/fake-http.ts';

const SIGN_IN: InspectorTarget = { kind: 'sign-in', providerId: 'sandbox' };
const DISCONNECT: InspectorTarget = { kind: 'disconnect', providerId: 'sandbox' };
const C1: InspectorTarget = { kind: 'connection', connectionId: 'c1' };
const AUTHORIZE = 'https://as.example/authorize?response_type=code&client_id=desk&state=';
const CALLBACK = 'http://127.0.0.1:5000/callback';
const revoke = (token: string, hint: string) => ({ method: 'POST' as const, url: 'https://as.example/revoke', form: { token, token_type_hint: hint } });

function setup(capacity?: number) {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const http = fakeHttp({
    'https://as.example/token': () => json({ access_token: 'access-token-value-1234567890', token_type: 'Bearer' }),
    'https://as.example/revoke': () => json({}),
    'https://api.example/me': () => json({ sub: 'ada' }),
    // Answers only once the test opens the gate: a request in flight.
    'https://api.example/slow': async () => {
      await gate;
      return json({ mail: [] });
    },
  });
  const inspector = createDeskInspector({ http, clock: { now: () => 1000 }, logger: silentLogger, ...(capacity === undefined ? {} : { capacity }) });
  const heard: InspectorTarget[] = [];
  inspector.onChange((t) => heard.push(t));
  const titles = (target: InspectorTarget) => inspector.view(target).steps.map((s) => s.title);
  /** The steps' `at`, which the tests use to tell sign-in steps apart. */
  const ats = (target: InspectorTarget) => inspector.view(target).steps.map((s) => s.at);
  return { inspector, heard, titles, ats, release };
}

test('a sign-in records into the provider sign-in timeline; once its tokens are stored the steps continue the connection timeline and the sign-in timeline is cleared', async () => {
  const { inspector, heard, titles } = setup();
  await inspector.connectionHttp('c1', 'Sandbox').request({ method: 'GET', url: 'https://api.example/me' });
  const signIn = inspector.startSignIn('sandbox', 'Sandbox');
  signIn.attemptEvents.onAuthorizationRequest!(`${AUTHORIZE}state-value-0123456789abcdef`, 1);
  signIn.attemptEvents.onCallback!(`${CALLBACK}?code=code-value-1234567890&state=state-value-0123456789abcdef`, 2, null);
  await signIn.http.request({ method: 'POST', url: 'https://as.example/token', form: { grant_type: 'authorization_code', code: 'code-value-1234567890' } });
  assert.deepEqual(titles(SIGN_IN), ['Authorization request', 'Callback', 'Token request']);
  signIn.stored('c1');
  assert.deepEqual(titles(C1), ['GET /me', 'Authorization request', 'Callback', 'Token request'], 're-authorize appends to the existing timeline');
  assert.deepEqual(titles(SIGN_IN), []);
  assert.deepEqual(heard.slice(-2), [C1, SIGN_IN]);
  await signIn.http.request({ method: 'GET', url: 'https://api.example/me' });
  assert.deepEqual(titles(C1).at(-1), 'GET /me', 'a late step of a stored sign-in goes to its connection');
  const text = JSON.stringify(inspector.view(C1));
  for (const secret of ['state-value-0123456789abcdef', 'code-value-1234567890']) assert.equal(text.includes(secret), false, 'S29');
});

test('a failed sign-in keeps its steps on the sign-in timeline until the next Connect starts a fresh one', () => {
  const { inspector, ats } = setup();
  const first = inspector.startSignIn('sandbox', 'Sandbox');
  first.attemptEvents.onAuthorizationRequest!(`${AUTHORIZE}s1`, 1);
  first.attemptEvents.onCallback!(`${CALLBACK}?error=access_denied&state=s1`, 2, { code: 'access_denied', message: 'Access was declined.' });
  assert.deepEqual(ats(SIGN_IN), [1, 2]);
  assert.equal(inspector.view(SIGN_IN).steps[1]?.error?.code, 'access_denied');
  inspector.startSignIn('sandbox', 'Sandbox').attemptEvents.onAuthorizationRequest!(`${AUTHORIZE}s2`, 3);
  assert.deepEqual(ats(SIGN_IN), [3]);
});

test('a sign-in replaced by a newer one does not mix its steps into the newer timeline, and still hands them to its connection', () => {
  const { inspector, ats } = setup();
  const older = inspector.startSignIn('sandbox', 'Sandbox');
  older.attemptEvents.onAuthorizationRequest!(`${AUTHORIZE}older`, 1);
  const newer = inspector.startSignIn('sandbox', 'Sandbox');
  newer.attemptEvents.onAuthorizationRequest!(`${AUTHORIZE}newer`, 2);
  older.attemptEvents.onCallback!(`${CALLBACK}?code=older-code-123456&state=older`, 3, null);
  assert.deepEqual(ats(SIGN_IN), [2]);
  older.stored('c1');
  assert.deepEqual(ats(C1), [1, 3]);
  assert.deepEqual(ats(SIGN_IN), [2], "the newer sign-in's timeline stays");
});

test("a sign-in's own copy is bounded like a timeline; the drop count travels to the connection", () => {
  const { inspector, ats } = setup(2);
  const signIn = inspector.startSignIn('sandbox', 'Sandbox');
  for (const at of [1, 2, 3, 4]) signIn.attemptEvents.onCallback!(`${CALLBACK}?state=x`, at, { code: 'state_mismatch', message: 'm' });
  assert.equal(inspector.view(SIGN_IN).dropped, 2);
  signIn.stored('c1');
  assert.deepEqual(ats(C1), [3, 4]);
  assert.equal(inspector.view(C1).dropped, 2);
});

test("S29 a secret a timeline saw in an earlier step is scrubbed from a later one: the sign-in's state echoed by an error callback, a refresh token echoed by an API error", async () => {
  const { inspector } = setup();
  const state = 'plainstatevalue';
  const signIn = inspector.startSignIn('sandbox', 'Sandbox');
  signIn.attemptEvents.onAuthorizationRequest!(`${AUTHORIZE}${state}`, 1);
  // The provider's error page came back without `state`, but echoed it in its description.
  signIn.attemptEvents.onCallback!(`${CALLBACK}?error=invalid_request&error_description=${encodeURIComponent(`bad request for ${state}`)}`, 2, { code: 'invalid_request', message: 'm' });
  const echoed = inspector.view(SIGN_IN).steps[1]!.request.query.find((p) => p.name === 'error_description');
  assert.deepEqual(echoed?.value, 'bad request for [redacted]');

  const http = fakeHttp({
    'https://as.example/token': () => json({ error: 'invalid_request' }, 400),
    'https://api.example/me': () => ({ status: 400, headers: {}, body: 'your old grant rt:short/one was used' }),
  });
  const desk = createDeskInspector({ http, clock: { now: () => 0 }, logger: silentLogger });
  const client = desk.connectionHttp('c1', 'Sandbox');
  await client.request({ method: 'POST', url: 'https://as.example/token', form: { grant_type: 'refresh_token', refresh_token: 'rt:short/one' } });
  await desk.connectionHttp('c1', 'Sandbox').request({ method: 'GET', url: 'https://api.example/me' });
  const body = desk.view(C1).steps[1]!.response!.body;
  assert.deepEqual(body, { kind: 'text', text: 'your old grant [redacted] was used', truncated: false });
});

test('a disconnect records its revocation on the provider disconnect timeline, which outlives the cleared connection and is replaced at the next disconnect', async () => {
  const { inspector, heard, titles } = setup();
  await inspector.connectionHttp('c1', 'Sandbox').request({ method: 'GET', url: 'https://api.example/me' });
  const revoking = inspector.disconnectHttp('sandbox', 'c1', 'Sandbox');
  await revoking.request(revoke('refresh-token-value-0123456789', 'refresh_token'));
  await revoking.request(revoke('access-token-value-0123456789', 'access_token'));
  inspector.clearConnection('c1');
  assert.deepEqual(titles(DISCONNECT), ['Revoke refresh token', 'Revoke access token']);
  assert.deepEqual(titles(C1), []);
  assert.ok(heard.some((t) => t.kind === 'disconnect' && t.providerId === 'sandbox'), 'inspector:changed names the disconnect timeline');
  const token = inspector.view(DISCONNECT).steps[0]!.request.form.find((f) => f.name === 'token')?.value;
  assert.deepEqual(token, { masked: true, secret: 'refresh_token', preview: 'refr', length: 30 });

  // The next disconnect of the provider starts afresh; an older one still running writes nowhere.
  const newer = inspector.disconnectHttp('sandbox', 'c2', 'Sandbox');
  assert.deepEqual(titles(DISCONNECT), []);
  await revoking.request(revoke('late-token-value-0123456789', 'access_token'));
  await newer.request(revoke('c2-refresh-value-0123456789', 'refresh_token'));
  assert.deepEqual(titles(DISCONNECT), ['Revoke refresh token']);
  assert.deepEqual(inspector.view(DISCONNECT).steps[0]!.request.form.find((f) => f.name === 'token')?.value, { masked: true, secret: 'refresh_token', preview: 'c2-r', length: 27 });

  // Removing the provider clears both of its timelines.
  inspector.startSignIn('sandbox', 'Sandbox').attemptEvents.onAuthorizationRequest!(`${AUTHORIZE}s`, 1);
  inspector.forgetProvider('sandbox');
  assert.deepEqual(titles(DISCONNECT), []);
  assert.deepEqual(titles(SIGN_IN), []);
  assert.deepEqual(heard.slice(-2), [SIGN_IN, DISCONNECT]);
});

test('a data call in flight during disconnect, answered after the timeline was cleared, does not bring the timeline back', async () => {
  const { inspector, heard, titles, release } = setup();
  const data = inspector.connectionHttp('c1', 'Sandbox');
  await data.request({ method: 'GET', url: 'https://api.example/me' });
  const inFlight = data.request({ method: 'GET', url: 'https://api.example/slow' });
  await inspector.disconnectHttp('sandbox', 'c1', 'Sandbox').request(revoke('refresh-token-value-0123456789', 'refresh_token'));
  inspector.clearConnection('c1');
  const cleared = heard.length;
  release();
  assert.equal((await inFlight).status, 200, 'the caller still gets its answer');
  await inspector.connectionHttp('c1', 'Sandbox').request({ method: 'GET', url: 'https://api.example/me' });
  assert.deepEqual(inspector.view(C1), { target: C1, steps: [], dropped: 0, capacity: 100 });
  assert.equal(heard.length, cleared, 'no change is announced for the cleared connection');
  assert.deepEqual(titles(DISCONNECT), ['Revoke refresh token'], 'the late step did not land elsewhere either');
});

test('a sign-in that stores its tokens under a connection already cleared hands nothing over, and its late steps are dropped', async () => {
  const { inspector, titles } = setup();
  const signIn = inspector.startSignIn('sandbox', 'Sandbox');
  signIn.attemptEvents.onAuthorizationRequest!(`${AUTHORIZE}s`, 1);
  inspector.clearConnection('c1');
  signIn.stored('c1');
  await signIn.http.request({ method: 'GET', url: 'https://api.example/me' });
  assert.deepEqual(titles(C1), []);
  assert.deepEqual(titles(SIGN_IN), [], 'the stored sign-in left its timeline');
});

test('close drops every timeline and stops recording: requests still work, nothing is recorded or announced', async () => {
  const { inspector, heard, titles } = setup();
  const signIn = inspector.startSignIn('sandbox', 'Sandbox');
  signIn.attemptEvents.onAuthorizationRequest!(`${AUTHORIZE}s`, 1);
  const data = inspector.connectionHttp('c1', 'Sandbox');
  await data.request({ method: 'GET', url: 'https://api.example/me' });
  const before = heard.length;
  inspector.close();
  assert.deepEqual(titles(C1), []);
  assert.deepEqual(titles(SIGN_IN), []);
  assert.equal((await data.request({ method: 'GET', url: 'https://api.example/me' })).status, 200);
  await inspector.disconnectHttp('sandbox', 'c1', 'Sandbox').request(revoke('refresh-token-value-0123456789', 'refresh_token'));
  signIn.attemptEvents.onCallback!(`${CALLBACK}?code=c&state=s`, 2, null);
  signIn.stored('c1');
  assert.deepEqual(titles(C1), []);
  assert.deepEqual(titles(SIGN_IN), []);
  assert.deepEqual(titles(DISCONNECT), []);
  assert.equal(heard.length, before, 'no listener after close');
});
