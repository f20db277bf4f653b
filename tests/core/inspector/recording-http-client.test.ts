import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NetworkError } from '../../../electron/core/errors.ts';
import type { HttpClient } from '../../../electron/core/http/http-client.ts';
import type { FlowStepDraft } from '../../../electron/core/inspector/flow-step.ts';
import { createRecordingHttpClient } from '../../../electron/core/inspector/recording-http-client.ts';
import { createRefreshRequest } from '../../../electron/core/oauth/token-request.ts';
import { fakeHttp, json } from '../../helpers/fake-http.ts';

const REFRESH = 'tGzv3JOkF0XG5Qx2TlKWIA-refresh-81';
const ACCESS = 'SlAV32hkKG-access-2b7Qx9mPz4LkWq8vN3';

/** A clock the fake server moves forward while it "handles" a request. */
function steppingClock(start: number) {
  let now = start;
  return { now: () => now, advance: (ms: number) => void (now += ms) };
}

test('each request is timed with the clock seam and recorded with its masked request and answer; the caller gets the answer unchanged', async () => {
  const clock = steppingClock(1_000);
  const answer = json({ access_token: ACCESS, token_type: 'Bearer', expires_in: 60, refresh_token: REFRESH });
  const inner = fakeHttp({
    'https://as.example/token': () => {
      clock.advance(250);
      return answer;
    },
  });
  const steps: FlowStepDraft[] = [];
  const http = createRecordingHttpClient(inner, { record: (s) => steps.push(s), clock, providerName: 'Sandbox' });
  const request = createRefreshRequest({ tokenEndpoint: 'https://as.example/token', client: { clientId: 'desk', clientSecret: null, authMethod: 'none' }, refreshToken: REFRESH });
  const response = await http.request(request);
  assert.equal(response, answer, 'the same response object');
  assert.deepEqual(inner.requests, [request], 'the same request went out');
  assert.equal(steps.length, 1);
  const [step] = steps;
  assert.equal(step?.kind, 'refresh');
  assert.equal(step?.at, 1_000);
  assert.equal(step?.durationMs, 250);
  assert.equal(step?.outcome, 'ok');
  assert.equal(step?.response?.status, 200);
  assert.equal(JSON.stringify(steps).includes(REFRESH), false, 'S29');
  assert.equal(JSON.stringify(steps).includes(ACCESS), false, 'S29');
});

test('an error answer is recorded as failed with the typed error the app raises for it', async () => {
  const clock = steppingClock(0);
  const inner = fakeHttp({ 'https://as.example/token': () => json({ error: 'invalid_grant' }, 400) });
  const steps: FlowStepDraft[] = [];
  const http = createRecordingHttpClient(inner, { record: (s) => steps.push(s), clock, providerName: 'Sandbox' });
  await http.request(createRefreshRequest({ tokenEndpoint: 'https://as.example/token', client: { clientId: 'desk', clientSecret: null, authMethod: 'none' }, refreshToken: REFRESH }));
  assert.equal(steps[0]?.outcome, 'failed');
  assert.equal(steps[0]?.error?.code, 'refresh_token_invalid');
  assert.match(steps[0]?.error?.message ?? '', /Sandbox/);
});

test('a network failure is recorded with no response and the error code, and still reaches the caller', async () => {
  const clock = steppingClock(5_000);
  const failure = new NetworkError('network_unreachable', 'api.example could not be reached (ECONNREFUSED).', { hint: 'Check your connection.' });
  const inner: HttpClient = {
    request: async () => {
      clock.advance(30);
      throw failure;
    },
  };
  const steps: FlowStepDraft[] = [];
  const http = createRecordingHttpClient(inner, { record: (s) => steps.push(s), clock, providerName: 'Sandbox' });
  await assert.rejects(http.request({ method: 'GET', url: 'https://api.example/v1/me', headers: { authorization: `Bearer ${ACCESS}` } }), (e: unknown) => e === failure);
  assert.equal(steps.length, 1);
  assert.equal(steps[0]?.response, null);
  assert.equal(steps[0]?.durationMs, 30);
  assert.equal(steps[0]?.outcome, 'failed');
  assert.deepEqual(steps[0]?.error, { code: 'network_unreachable', message: 'api.example could not be reached (ECONNREFUSED).' });
  assert.equal(steps[0]?.title, 'GET /v1/me');
});

test("an unknown error's message is not recorded (it could hold anything), only 'unexpected'", async () => {
  const inner: HttpClient = {
    request: async () => {
      throw new Error(`socket hang up at https://api.example/?access_token=${ACCESS}`);
    },
  };
  const steps: FlowStepDraft[] = [];
  const http = createRecordingHttpClient(inner, { record: (s) => steps.push(s), clock: steppingClock(0), providerName: 'Sandbox' });
  await assert.rejects(http.request({ method: 'GET', url: 'https://api.example/v1/me' }));
  assert.equal(steps[0]?.error?.code, 'unexpected');
  assert.equal(JSON.stringify(steps).includes(ACCESS), false, 'S29');
});

test('a recorder that fails never breaks the request: the answer still comes back, and the failure is logged by code', async () => {
  const warnings: Array<Record<string, unknown> | undefined> = [];
  const inner = fakeHttp({ 'https://api.example/v1/me': () => json({ sub: 'ada' }) });
  const http = createRecordingHttpClient(inner, {
    record: () => {
      throw new Error('journal full of bugs');
    },
    clock: steppingClock(0),
    providerName: 'Sandbox',
    logger: { info() {}, warn: (_m, fields) => void warnings.push(fields), error() {} },
  });
  const response = await http.request({ method: 'GET', url: 'https://api.example/v1/me' });
  assert.equal(response.status, 200);
  assert.deepEqual(warnings, [{ code: 'unexpected' }]);
});
