import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  fetchHeartRateToday,
  HEALTH_HEART_RATE_SCOPE,
  localDay,
  parseHeartRatePage,
  parseRestingHeartRate,
} from '../../../../electron/core/providers/data/google-health-heart-rate.ts';
import { ApiError } from '../../../../electron/core/errors.ts';
import type { HttpClient, HttpRequest, HttpResponse } from '../../../../electron/core/http/http-client.ts';
import { createGotHttpClient } from '../../../../electron/core/http/got-http-client.ts';
import { manualClock } from '../../../emulators/emulator-kit.ts';
import { type EmulatedHeartRatePoint, type GoogleEmulator, GOOGLE_SCOPE, startGoogleEmulator } from '../../../emulators/google-emulator.ts';
import { authorizationUrl, authorize, pkcePair, postForm } from '../../../emulators/emulator-client.ts';

const HEALTH = 'https://health.googleapis.com';
const pad = (n: number) => String(n).padStart(2, '0');

/** Local noon of 12 May 2026 on this machine, and that day's local midnight. */
const NOW = new Date(2026, 4, 12, 12, 0, 0).getTime();
const MIDNIGHT = new Date(2026, 4, 12).getTime();
const DAY = '2026-05-12';
const at = (minutesAfterMidnight: number) => new Date(MIDNIGHT + minutesAfterMidnight * 60_000).toISOString();

/** A Health API data point in the documented shape: int64 beats per minute as a JSON string. */
const heartPoint = (time: string, bpm: string | number) => ({
  name: `users/me/dataTypes/heart-rate/dataPoints/hr-${time}`,
  heartRate: { sampleTime: { physicalTime: time, utcOffset: '0s' }, beatsPerMinute: bpm },
});
const restingPoint = (date: { year: number; month: number; day: number }, bpm: string) => ({
  name: `users/me/dataTypes/daily-resting-heart-rate/dataPoints/rhr-${date.year}-${pad(date.month)}-${pad(date.day)}`,
  dailyRestingHeartRate: { date, beatsPerMinute: bpm },
});
const json = (status: number, body: unknown, headers: Record<string, string> = {}): HttpResponse => ({ status, headers, body: JSON.stringify(body) });

/** A fake Health API: answers per data type; records every request. */
function fakeHealth(answer: (dataType: string, url: URL) => HttpResponse): { http: HttpClient; requests: HttpRequest[] } {
  const requests: HttpRequest[] = [];
  return {
    requests,
    http: {
      async request(req) {
        requests.push(req);
        const url = new URL(req.url);
        const dataType = /\/dataTypes\/([^/]+)\/dataPoints$/.exec(url.pathname)?.[1] ?? '';
        return answer(dataType, url);
      },
    },
  };
}

const GOOGLE_401 = () =>
  json(401, { error: { code: 401, message: 'Request had invalid authentication credentials.', status: 'UNAUTHENTICATED' } }, { 'www-authenticate': 'Bearer realm="https://accounts.google.com/", error="invalid_token"' });
const GOOGLE_403_SCOPE = () =>
  json(403, { error: { code: 403, message: 'Request had insufficient authentication scopes.', status: 'PERMISSION_DENIED', details: [{ reason: 'ACCESS_TOKEN_SCOPE_INSUFFICIENT' }] } }, { 'www-authenticate': 'Bearer realm="https://accounts.google.com/", error="insufficient_scope"' });

test('the scope constant is the Health API metrics scope', () => {
  assert.equal(HEALTH_HEART_RATE_SCOPE, GOOGLE_SCOPE.healthMetrics);
});

test('parseHeartRatePage: int64 strings (and numbers), malformed and implausible points dropped, {} is empty', () => {
  const page = parseHeartRatePage({
    dataPoints: [
      heartPoint(at(60), '64'),
      heartPoint(at(61), 71),
      heartPoint(at(62), '19'),
      heartPoint(at(63), '301'),
      heartPoint(at(64), '6.5e1'),
      heartPoint('not a time', '70'),
      { name: 'no heartRate' },
      null,
    ],
    nextPageToken: 'page-2',
  }, 'Google Health');
  assert.deepEqual(page, { points: [{ time: at(60), bpm: 64 }, { time: at(61), bpm: 71 }], nextPageToken: 'page-2' });
  assert.deepEqual(parseHeartRatePage({}, 'Google Health'), { points: [], nextPageToken: null });
  for (const body of [null, [], 'x', { dataPoints: {} }]) {
    assert.throws(() => parseHeartRatePage(body, 'Google Health'), (e: unknown) => e instanceof ApiError && e.code === 'heart_rate_invalid' && e.hint.length > 0);
  }
});

test('parseRestingHeartRate takes the given day\'s value only', () => {
  const body = { dataPoints: [restingPoint({ year: 2026, month: 5, day: 11 }, '61'), restingPoint({ year: 2026, month: 5, day: 12 }, '58')] };
  assert.equal(parseRestingHeartRate(body, '2026-05-12', 'G'), 58);
  assert.equal(parseRestingHeartRate(body, '2026-05-13', 'G'), null);
  assert.equal(parseRestingHeartRate({}, '2026-05-12', 'G'), null);
  assert.equal(parseRestingHeartRate({ dataPoints: [restingPoint({ year: 2026, month: 5, day: 12 }, 'n/a')] }, '2026-05-12', 'G'), null);
});

test('fetchHeartRateToday follows nextPageToken over 2 pages, filters from local midnight and sorts', async () => {
  const { http, requests } = fakeHealth((dataType, url) => {
    if (dataType === 'daily-resting-heart-rate') return json(200, { dataPoints: [restingPoint({ year: 2026, month: 5, day: 12 }, '58')] });
    if (url.searchParams.get('pageToken') === null) return json(200, { dataPoints: [heartPoint(at(90), '70'), heartPoint(at(30), '64')], nextPageToken: 'tok-2' });
    return json(200, { dataPoints: [heartPoint(at(60), '66')] });
  });
  const data = await fetchHeartRateToday(http, HEALTH, 'access-1', { now: NOW });
  assert.deepEqual(data, { day: DAY, points: [{ time: at(30), bpm: 64 }, { time: at(60), bpm: 66 }, { time: at(90), bpm: 70 }], restingBpm: 58 });

  const heart = requests.map((r) => new URL(r.url)).filter((u) => u.pathname.endsWith('/heart-rate/dataPoints'));
  assert.equal(heart.length, 2);
  assert.equal(heart[0]?.origin + (heart[0]?.pathname ?? ''), `${HEALTH}/v4/users/me/dataTypes/heart-rate/dataPoints`);
  for (const u of heart) {
    assert.equal(u.searchParams.get('filter'), `heart_rate.sample_time.physical_time >= "${new Date(MIDNIGHT).toISOString()}"`);
    assert.equal(u.searchParams.get('pageSize'), '1000');
  }
  assert.equal(heart[1]?.searchParams.get('pageToken'), 'tok-2');
  const resting = requests.map((r) => new URL(r.url)).find((u) => u.pathname.endsWith('/daily-resting-heart-rate/dataPoints'));
  assert.equal(resting?.searchParams.get('filter'), `daily_resting_heart_rate.date >= "${DAY}"`);
  for (const r of requests) {
    assert.equal(r.headers?.authorization, 'Bearer access-1');
    assert.ok(!r.url.includes('access-1'));
  }
});

test('paging stops on a repeated token and after 10 pages', async () => {
  let calls = 0;
  const repeating = fakeHealth((dataType) => {
    if (dataType !== 'heart-rate') return json(200, {});
    calls++;
    return json(200, { dataPoints: [heartPoint(at(calls), '70')], nextPageToken: 'same' });
  });
  assert.equal((await fetchHeartRateToday(repeating.http, HEALTH, 't', { now: NOW })).points.length, 2);
  calls = 0;
  const endless = fakeHealth((dataType) => {
    if (dataType !== 'heart-rate') return json(200, {});
    calls++;
    return json(200, { dataPoints: [heartPoint(at(calls), '70')], nextPageToken: `p${calls}` });
  });
  assert.equal((await fetchHeartRateToday(endless.http, HEALTH, 't', { now: NOW })).points.length, 10);
  assert.equal(calls, 10);
});

test('an empty day ({} from both data types) gives no points and no resting heart rate', async () => {
  const { http } = fakeHealth(() => json(200, {}));
  assert.deepEqual(await fetchHeartRateToday(http, HEALTH, 't', { now: NOW }), { day: DAY, points: [], restingBpm: null });
});

test('points outside the local day are dropped even if the filter was ignored', async () => {
  const { http } = fakeHealth((dataType) =>
    dataType === 'heart-rate' ? json(200, { dataPoints: [heartPoint(at(-1), '70'), heartPoint(at(10), '71'), heartPoint(at(24 * 60), '72')] }) : json(200, {}),
  );
  assert.deepEqual((await fetchHeartRateToday(http, HEALTH, 't', { now: NOW })).points, [{ time: at(10), bpm: 71 }]);
});

test('a resting-rate failure (403 scope, 500, garbage) leaves restingBpm null; a 401 there propagates', async () => {
  for (const failure of [GOOGLE_403_SCOPE(), json(500, {}), { status: 200, headers: {}, body: '<html>' }, json(200, { dataPoints: 'x' })]) {
    const { http } = fakeHealth((dataType) => (dataType === 'heart-rate' ? json(200, { dataPoints: [heartPoint(at(5), '70')] }) : failure));
    const data = await fetchHeartRateToday(http, HEALTH, 't', { now: NOW });
    assert.equal(data.restingBpm, null);
    assert.equal(data.points.length, 1);
  }
  const { http } = fakeHealth((dataType) => (dataType === 'heart-rate' ? json(200, {}) : GOOGLE_401()));
  await assert.rejects(fetchHeartRateToday(http, HEALTH, 'secret-access', { now: NOW }), (e: unknown) =>
    e instanceof ApiError && e.code === 'access_token_rejected' && !e.message.includes('secret-access'),
  );
});

test('heart-rate failures propagate as typed errors: 401, missing scope, 410 retired', async () => {
  const cases: Array<[HttpResponse, string]> = [[GOOGLE_401(), 'access_token_rejected'], [GOOGLE_403_SCOPE(), 'scope_missing'], [json(410, {}), 'api_retired']];
  for (const [response, code] of cases) {
    const { http } = fakeHealth(() => response);
    await assert.rejects(fetchHeartRateToday(http, HEALTH, 't', { now: NOW, providerName: 'Google' }), (e: unknown) =>
      e instanceof ApiError && e.code === code && e.message.startsWith('Google') && e.hint.length > 0,
    );
  }
});

test('"today" is the machine\'s local day, not UTC\'s', async () => {
  const saved = process.env.TZ;
  process.env.TZ = 'America/Los_Angeles';
  try {
    const now = Date.UTC(2026, 4, 12, 3, 0, 0); // 20:00 on 11 May in Los Angeles (UTC-7)
    assert.deepEqual(localDay(now), { day: '2026-05-11', start: Date.UTC(2026, 4, 11, 7), end: Date.UTC(2026, 4, 12, 7) });
    const { http, requests } = fakeHealth(() => json(200, {}));
    assert.equal((await fetchHeartRateToday(http, HEALTH, 't', { now })).day, '2026-05-11');
    assert.equal(new URL(requests[0]?.url ?? '').searchParams.get('filter'), 'heart_rate.sample_time.physical_time >= "2026-05-11T07:00:00.000Z"');
    // A DST change makes the local day 23 hours long (8 March 2026 in Los Angeles).
    const dst = localDay(Date.UTC(2026, 2, 8, 20));
    assert.equal(dst.end - dst.start, 23 * 3600_000);
  } finally {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  }
});

// ---- against the emulator over real HTTP

const REDIRECT = 'http://127.0.0.1:49152/callback';

/** Google's desktop flow: PKCE, and the client secret in the body at the token endpoint. */
async function googleAccessToken(g: GoogleEmulator, scopes: readonly string[]): Promise<string> {
  const pkce = pkcePair();
  const auth = await authorize(authorizationUrl(g.endpoints.authorization, {
    client_id: g.clientId, redirect_uri: REDIRECT, response_type: 'code', scope: scopes.join(' '), state: 'st', code_challenge: pkce.challenge, code_challenge_method: 'S256',
  }));
  const code = auth.location?.searchParams.get('code');
  assert.ok(code, auth.text);
  const token = await postForm(g.endpoints.token, {
    grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: pkce.verifier, client_id: g.clientId, client_secret: g.clientSecret,
  });
  assert.equal(token.status, 200, token.text);
  return token.body.access_token as string;
}

test('fetchHeartRateToday reads today over 2 pages against the emulated Google Health API', async (t) => {
  // 1200 samples every 30 s from 01:00 local time (more than one 1000-point page), plus one from yesterday.
  const samples: EmulatedHeartRatePoint[] = Array.from({ length: 1200 }, (_, i) => ({ time: MIDNIGHT + 3600_000 + i * 30_000, bpm: 55 + (i % 40) }));
  const yesterday: EmulatedHeartRatePoint = { time: MIDNIGHT - 60_000, bpm: 80 };
  const g = await startGoogleEmulator({
    clock: manualClock(NOW),
    // The emulated user lives in this machine's time zone, so both agree on "today".
    utcOffsetMinutes: -new Date(NOW).getTimezoneOffset(),
    heartRate: [...samples].reverse().concat(yesterday),
    restingHeartRate: 57,
  });
  t.after(() => g.close());
  const http = createGotHttpClient();
  const token = await googleAccessToken(g, ['openid', GOOGLE_SCOPE.healthMetrics]);

  const data = await fetchHeartRateToday(http, g.endpoints.health, token, { now: NOW });
  assert.equal(data.day, DAY);
  assert.equal(data.restingBpm, 57);
  assert.deepEqual(data.points, samples.map((p) => ({ time: new Date(p.time).toISOString(), bpm: p.bpm })));
  const queries = g.healthQueries();
  assert.equal(queries.filter((q) => q.dataType === 'heart-rate').length, 2);
  assert.ok(queries.every((q) => q.dataType !== 'heart-rate' || q.pageSize === '1000'));

  // Without the Health scope the chart cannot load: scope_missing, which a refresh cannot fix.
  const mailOnly = await googleAccessToken(g, ['openid', GOOGLE_SCOPE.gmailReadonly]);
  await assert.rejects(fetchHeartRateToday(http, g.endpoints.health, mailOnly, { now: NOW }), (e: unknown) => e instanceof ApiError && e.code === 'scope_missing');
});
