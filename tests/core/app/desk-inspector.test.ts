import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createDeskInspector } from '../../../electron/core/app/desk-inspector.ts';
import type { FlowStepDraft } from '../../../electron/core/inspector/flow-step.ts';
import { silentLogger } from '../../../electron/core/ports.ts';
import type { InspectorTarget } from '../../../electron/shared/flow-types.ts';
import { fakeHttp, json } from '../../helpers/fake-http.ts';

const SIGN_IN: InspectorTarget = { kind: 'sign-in', providerId: 'sandbox' };
const C1: InspectorTarget = { kind: 'connection', connectionId: 'c1' };

const note = (title: string): FlowStepDraft => ({
  kind: 'callback',
  title,
  at: 0,
  durationMs: null,
  request: { method: 'GET', url: 'http://127.0.0.1:1/callback', query: [], headers: [], form: [] },
  response: null,
  outcome: 'ok',
  error: null,
});

function setup(capacity?: number) {
  const http = fakeHttp({
    'https://as.example/token': () => json({ access_token: 'access-token-value-1234567890', token_type: 'Bearer' }),
    'https://api.example/me': () => json({ sub: 'ada' }),
  });
  const inspector = createDeskInspector({ http, clock: { now: () => 1000 }, logger: silentLogger, ...(capacity === undefined ? {} : { capacity }) });
  const heard: InspectorTarget[] = [];
  inspector.onChange((t) => heard.push(t));
  const titles = (target: InspectorTarget) => inspector.view(target).steps.map((s) => s.title);
  return { inspector, heard, titles };
}

test('a sign-in records into the provider sign-in timeline; once its tokens are stored the steps continue the connection timeline and the sign-in timeline is cleared', async () => {
  const { inspector, heard, titles } = setup();
  await inspector.connectionHttp('c1', 'Sandbox').request({ method: 'GET', url: 'https://api.example/me' });
  const signIn = inspector.startSignIn('sandbox', 'Sandbox');
  signIn.record(note('Authorization request'));
  await signIn.http.request({ method: 'POST', url: 'https://as.example/token', form: { grant_type: 'authorization_code', code: 'code-value-1234567890' } });
  assert.deepEqual(titles(SIGN_IN), ['Authorization request', 'Token request']);
  signIn.stored('c1');
  assert.deepEqual(titles(C1), ['GET /me', 'Authorization request', 'Token request'], 're-authorize appends to the existing timeline');
  assert.deepEqual(titles(SIGN_IN), []);
  assert.deepEqual(heard.slice(-2), [C1, SIGN_IN]);
  signIn.record(note('late'));
  assert.deepEqual(titles(C1).at(-1), 'late', 'a late step of a stored sign-in goes to its connection');
});

test('a failed sign-in keeps its steps on the sign-in timeline until the next Connect starts a fresh one', () => {
  const { inspector, titles } = setup();
  const first = inspector.startSignIn('sandbox', 'Sandbox');
  first.record(note('Authorization request'));
  first.record(note('Callback (access_denied)'));
  assert.deepEqual(titles(SIGN_IN), ['Authorization request', 'Callback (access_denied)']);
  inspector.startSignIn('sandbox', 'Sandbox').record(note('fresh'));
  assert.deepEqual(titles(SIGN_IN), ['fresh']);
});

test('a sign-in replaced by a newer one does not mix its steps into the newer timeline, and still hands them to its connection', () => {
  const { inspector, titles } = setup();
  const older = inspector.startSignIn('sandbox', 'Sandbox');
  older.record(note('older: authorization'));
  const newer = inspector.startSignIn('sandbox', 'Sandbox');
  newer.record(note('newer: authorization'));
  older.record(note('older: token'));
  assert.deepEqual(titles(SIGN_IN), ['newer: authorization']);
  older.stored('c1');
  assert.deepEqual(titles(C1), ['older: authorization', 'older: token']);
  assert.deepEqual(titles(SIGN_IN), ['newer: authorization'], "the newer sign-in's timeline stays");
});

test("a sign-in's own copy is bounded like a timeline; the drop count travels to the connection", () => {
  const { inspector } = setup(2);
  const signIn = inspector.startSignIn('sandbox', 'Sandbox');
  for (const title of ['a', 'b', 'c', 'd']) signIn.record(note(title));
  assert.equal(inspector.view(SIGN_IN).dropped, 2);
  signIn.stored('c1');
  const view = inspector.view(C1);
  assert.deepEqual(view.steps.map((s) => s.title), ['c', 'd']);
  assert.equal(view.dropped, 2);
});

test('forgetting a removed provider clears its sign-in timeline; clearing a connection empties it; close drops everything', async () => {
  const { inspector, heard, titles } = setup();
  inspector.startSignIn('sandbox', 'Sandbox').record(note('a'));
  inspector.forgetSignIn('sandbox');
  assert.deepEqual(titles(SIGN_IN), []);
  assert.deepEqual(heard.at(-1), SIGN_IN);
  await inspector.connectionHttp('c1', 'Sandbox').request({ method: 'GET', url: 'https://api.example/me' });
  assert.equal(titles(C1).length, 1);
  inspector.clearConnection('c1');
  assert.deepEqual(inspector.view(C1), { target: C1, steps: [], dropped: 0, capacity: 100 });
  assert.deepEqual(heard.at(-1), C1);
  await inspector.connectionHttp('c1', 'Sandbox').request({ method: 'GET', url: 'https://api.example/me' });
  const before = heard.length;
  inspector.close();
  assert.deepEqual(titles(C1), []);
  await inspector.connectionHttp('c1', 'Sandbox').request({ method: 'GET', url: 'https://api.example/me' });
  assert.equal(heard.length, before, 'no listener after close');
});
