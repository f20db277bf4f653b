/**
 * The built-in Google Health provider (the successor of the retired Fitbit Web API) against the
 * emulated Google Health API (tests/emulators/google-emulator.ts): the real desk and catalog, the
 * real loopback receiver. The desk and the emulator share one manual clock set to local noon, so
 * "today" is the same day for both whatever time the tests run.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TestContext } from 'node:test';
import { findPanel } from '../../../electron/shared/data-panels.ts';
import type { ConnectionView, HeartRateData } from '../../../electron/shared/view-types.ts';
import type { ManualClock } from '../../emulators/emulator-kit.ts';
import { manualClock } from '../../emulators/emulator-kit.ts';
import type { EmulatedHeartRatePoint, GoogleEmulator, GoogleEmulatorOptions } from '../../emulators/google-emulator.ts';
import { GOOGLE_SCOPE, startGoogleEmulator } from '../../emulators/google-emulator.ts';
import type { ProviderDesk } from '../../helpers/provider-desk.ts';
import { leakedSecrets, providerDesk, rendererVisibleText, requestsTo } from '../../helpers/provider-desk.ts';

const HOUR = 3600_000;
const HEART_RATE_PATH = '/health/v4/users/me/dataTypes/heart-rate/dataPoints';

/** Local noon of a fixed day, and that day's local midnight and YYYY-MM-DD. */
function fixedDay() {
  const noon = new Date(2026, 4, 12, 12, 0, 0).getTime();
  const midnight = new Date(2026, 4, 12).getTime();
  return { noon, midnight, nextMidnight: new Date(2026, 4, 13).getTime(), iso: '2026-05-12' };
}

interface Setup {
  readonly g: GoogleEmulator;
  readonly h: ProviderDesk;
  readonly clock: ManualClock;
}

async function healthDesk(t: TestContext, emulator: GoogleEmulatorOptions = {}, env?: (g: GoogleEmulator) => Record<string, string>): Promise<Setup> {
  const day = fixedDay();
  const clock = manualClock(day.noon);
  const g = await startGoogleEmulator({ clock, utcOffsetMinutes: -new Date(day.noon).getTimezoneOffset(), ...emulator });
  t.after(() => g.close());
  const h = await providerDesk(t, {
    clock,
    env: env ? env(g) : { OAUTH_DESK_GOOGLE_CLIENT_ID: g.clientId, OAUTH_DESK_GOOGLE_CLIENT_SECRET: g.clientSecret },
    endpoints: { google: g.endpoints, 'google-health': g.endpoints },
  });
  return { g, h, clock };
}

async function connectHealth(h: ProviderDesk): Promise<ConnectionView> {
  const { view, callbackStatus } = await h.signIn('google-health');
  assert.equal(callbackStatus, 200);
  assert.equal(view.lastError, null, `connected without an error (${view.lastError?.code})`);
  assert.equal(view.connections.length, 1);
  return view.connections[0]!;
}

async function heartRate(h: ProviderDesk, connectionId: string): Promise<HeartRateData> {
  const data = await h.desk.handlers['data:fetch']({ connectionId });
  assert.deepEqual(data.panels.map((p) => [p.kind, p.title]), [['heart-rate', 'Heart rate today']]);
  const result = findPanel(data.panels, 'heart-rate')?.result;
  assert.ok(result?.ok, `the heart-rate panel loaded (${result && !result.ok ? result.error.code : ''})`);
  return result.value;
}

test('heart rate from the emulated Google Health API: today\'s points as numbers in time order, with the resting heart rate', async (t) => {
  const day = fixedDay();
  const points: EmulatedHeartRatePoint[] = [
    { time: day.midnight + 11 * HOUR, bpm: 72 },
    { time: day.midnight - 10 * 60_000, bpm: 95 }, // yesterday evening
    { time: day.midnight + 9 * HOUR, bpm: 64 },
    { time: day.midnight + 10 * HOUR + 30_000, bpm: 68 },
  ];
  const { g, h } = await healthDesk(t, { heartRate: points, restingHeartRate: 57 });
  const c = await connectHealth(h);
  assert.ok(c.grantedScopes.includes(GOOGLE_SCOPE.healthMetrics));
  const value = await heartRate(h, c.id);

  const today = points.filter((p) => p.time >= day.midnight && p.time < day.nextMidnight).sort((a, b) => a.time - b.time);
  assert.equal(value.day, day.iso);
  assert.deepEqual(value.points, today.map((p) => ({ time: new Date(p.time).toISOString(), bpm: p.bpm })));
  assert.ok(value.points.every((p) => typeof p.bpm === 'number'), 'int64 strings became numbers');
  assert.equal(value.restingBpm, 57);

  const query = g.healthQueries().find((q) => q.dataType === 'heart-rate');
  assert.equal(query?.filter, `heart_rate.sample_time.physical_time >= "${new Date(day.midnight).toISOString()}"`, 'asks for today from local midnight');
  assert.deepEqual(g.healthQueries().map((q) => q.dataType), ['heart-rate', 'daily-resting-heart-rate']);
});

test('heart rate without a resting heart rate (and a day without samples) still loads', async (t) => {
  const day = fixedDay();
  const { g, h } = await healthDesk(t, { heartRate: [{ time: day.midnight + 8 * HOUR, bpm: 61 }], restingHeartRate: null });
  const c = await connectHealth(h);
  const value = await heartRate(h, c.id);
  assert.equal(value.restingBpm, null);
  assert.deepEqual(value.points, [{ time: new Date(day.midnight + 8 * HOUR).toISOString(), bpm: 61 }]);

  g.setHeartRate([]);
  g.setRestingHeartRate(null);
  assert.deepEqual(await heartRate(h, c.id), { day: day.iso, points: [], restingBpm: null });
});

test('heart rate keeps only today\'s points and sorts them, whatever order and range the API answers with', async (t) => {
  const day = fixedDay();
  const { g, h } = await healthDesk(t, { restingHeartRate: 59 });
  const c = await connectHealth(h);
  const sample = (time: number, bpm: string) => ({ heartRate: { sampleTime: { physicalTime: new Date(time).toISOString() }, beatsPerMinute: bpm } });
  const answer = [
    sample(day.midnight + 10 * HOUR, '70'),
    sample(day.nextMidnight + 5 * 60_000, '66'), // tomorrow
    sample(day.midnight + 2 * HOUR, '55'),
    sample(day.midnight - HOUR, '80'), // yesterday
    sample(day.midnight + 6 * HOUR, '62'),
  ];
  g.failNext({ status: 200, path: HEART_RATE_PATH, body: { dataPoints: answer } });
  const value = await heartRate(h, c.id);
  assert.equal(g.log.count({ path: HEART_RATE_PATH, label: 'injected' }), 1, 'the API answered with the unordered page');
  assert.deepEqual(value.points.map((p) => [p.time, p.bpm]), [
    [new Date(day.midnight + 2 * HOUR).toISOString(), 55],
    [new Date(day.midnight + 6 * HOUR).toISOString(), 62],
    [new Date(day.midnight + 10 * HOUR).toISOString(), 70],
  ]);
  assert.equal(value.restingBpm, 59);
});

test('Google Health uses Google\'s client when only OAUTH_DESK_GOOGLE_* are set', async (t) => {
  const { g, h } = await healthDesk(t);
  const view = await h.view('google-health');
  assert.equal(view.setupProblem, null);
  const settings = await h.desk.handlers['settings:get']({ providerId: 'google-health' });
  assert.equal(settings.client.clientId, g.clientId);
  assert.equal(settings.client.secretSaved, true);
  assert.equal(settings.client.sharedFrom, 'Google');
  assert.equal(settings.client.source, 'environment');

  const { pending } = await h.signIn('google-health');
  assert.equal(new URL(pending.authorizationUrl).searchParams.get('client_id'), g.clientId);
  assert.ok(g.authorizationRequests()[0]?.scopes.includes(GOOGLE_SCOPE.healthMetrics));
  const [exchange] = requestsTo(h.http, g.endpoints.token, 'authorization_code');
  assert.equal(exchange?.form?.client_id, g.clientId);
  assert.equal(exchange?.form?.client_secret, g.clientSecret);
  assert.equal(exchange?.status, 200);
  assert.equal((await h.view('google-health')).connections.length, 1);
});

test('Google Health without any Google client says what to configure, and its own variables win over Google\'s', async (t) => {
  const { g, h } = await healthDesk(t, {}, () => ({}));
  assert.equal((await h.view('google-health')).setupProblem?.code, 'client_not_configured');
  const own = await healthDesk(t, {}, (emulator) => ({
    OAUTH_DESK_GOOGLE_CLIENT_ID: 'someone-elses-client.apps.googleusercontent.com',
    OAUTH_DESK_GOOGLE_CLIENT_SECRET: 'not-this-secret',
    OAUTH_DESK_GOOGLE_HEALTH_CLIENT_ID: emulator.clientId,
    OAUTH_DESK_GOOGLE_HEALTH_CLIENT_SECRET: emulator.clientSecret,
  }));
  const settings = await own.h.desk.handlers['settings:get']({ providerId: 'google-health' });
  assert.equal(settings.client.clientId, own.g.clientId);
  assert.equal(settings.client.sharedFrom, undefined);
  await connectHealth(own.h);
  assert.deepEqual(g.log.entries(), [], 'the unconfigured desk sent nothing');
});

test('the Google Health card\'s notice mentions Fitbit', async (t) => {
  const { h } = await healthDesk(t);
  const view = await h.view('google-health');
  assert.match(view.notice ?? '', /Fitbit/);
  assert.equal((await h.view('google')).notice, null, 'only Google Health carries the note');
});

test('S29 after a full run against the emulated Google Health API no secret it issued is in the views, settings, logs or store file', async (t) => {
  const { g, h, clock } = await healthDesk(t);
  const c = await connectHealth(h);
  const data = [await h.desk.handlers['data:fetch']({ connectionId: c.id })];
  clock.advance(3600_000);
  data.push(await h.desk.handlers['data:fetch']({ connectionId: c.id }));
  assert.equal(requestsTo(h.http, g.endpoints.token, 'refresh_token').length, 1, 'the expired access token was refreshed before use');
  const bye = await h.desk.handlers['connections:disconnect']({ connectionId: c.id });
  assert.equal(bye.revoked, true);
  const places = { ...(await rendererVisibleText(h)), 'data:fetch results': JSON.stringify(data) };
  assert.deepEqual(leakedSecrets(places, g.secrets()), []);
});
