import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_RETRY_AFTER_MS, describeWait, parseHttpDate, retryAfterMs } from '../../../electron/core/http/retry-after.ts';

// Sun, 06 Nov 1994 08:49:37 GMT, the example date of RFC 9110 5.6.7.
const NOW = Date.UTC(1994, 10, 6, 8, 49, 37);
const DAY_MS = 24 * 60 * 60 * 1000;

test('Retry-After delta-seconds (RFC 9110 10.2.3)', () => {
  assert.equal(retryAfterMs({ 'retry-after': '120' }, NOW), 120_000);
  assert.equal(retryAfterMs({ 'retry-after': '0' }, NOW), 0);
  assert.equal(retryAfterMs({ 'retry-after': ' 5 ' }, NOW), 5_000, 'surrounding whitespace is not part of the value');
});

test('Retry-After as an HTTP-date is relative to now, in all three RFC 9110 formats', () => {
  assert.equal(retryAfterMs({ 'retry-after': 'Sun, 06 Nov 1994 08:50:07 GMT' }, NOW), 30_000);
  assert.equal(retryAfterMs({ 'retry-after': 'Sunday, 06-Nov-94 08:50:07 GMT' }, NOW), 30_000, 'rfc850-date');
  assert.equal(retryAfterMs({ 'retry-after': 'Sun Nov  6 08:50:07 1994' }, NOW), 30_000, 'asctime-date, read as UTC');
  assert.equal(retryAfterMs({ 'retry-after': 'Mon, 07 Nov 1994 08:49:37 GMT' }, NOW), DAY_MS);
});

test('an HTTP-date in the past means no wait; one further than a day is clamped to a day', () => {
  assert.equal(retryAfterMs({ 'retry-after': 'Sat, 05 Nov 1994 08:49:37 GMT' }, NOW), 0);
  assert.equal(retryAfterMs({ 'retry-after': 'Fri, 01 Jan 2100 00:00:00 GMT' }, NOW), MAX_RETRY_AFTER_MS);
  assert.equal(retryAfterMs({ 'retry-after': '86401' }, NOW), MAX_RETRY_AFTER_MS);
  assert.equal(retryAfterMs({ 'retry-after': '99999999999999999999999' }, NOW), MAX_RETRY_AFTER_MS);
});

test('rfc850 two-digit years more than 50 years ahead belong to the previous century', () => {
  const now2026 = Date.UTC(2026, 0, 1);
  assert.equal(parseHttpDate('Thursday, 01-Jan-70 00:00:00 GMT', now2026), Date.UTC(2070, 0, 1));
  assert.equal(parseHttpDate('Friday, 01-Jan-99 00:00:00 GMT', now2026), Date.UTC(1999, 0, 1));
});

test("Discord's X-RateLimit-Reset-After is (fractional) seconds", () => {
  assert.equal(retryAfterMs({ 'x-ratelimit-reset-after': '64.57' }, NOW), 64_570);
  assert.equal(retryAfterMs({ 'x-ratelimit-reset-after': '1' }, NOW), 1_000);
  assert.equal(retryAfterMs({ 'x-ratelimit-reset-after': '0.0004' }, NOW), 1, 'rounded up, never to zero');
});

test("X's x-rate-limit-reset is an epoch second", () => {
  const now = 1_715_000_000_000;
  assert.equal(retryAfterMs({ 'x-rate-limit-reset': '1715000900' }, now), 900_000);
  assert.equal(retryAfterMs({ 'x-rate-limit-reset': '1714999000' }, now), 0, 'a reset in the past means no wait');
  assert.equal(retryAfterMs({ 'x-rate-limit-reset': '1815000000' }, now), MAX_RETRY_AFTER_MS);
});

test('Retry-After wins over the provider headers; a garbage value falls through to the next header', () => {
  const now = 1_715_000_000_000;
  const all = { 'retry-after': '7', 'x-ratelimit-reset-after': '64.57', 'x-rate-limit-reset': '1715000900' };
  assert.equal(retryAfterMs(all, now), 7_000);
  assert.equal(retryAfterMs({ ...all, 'retry-after': 'soon' }, now), 64_570);
  assert.equal(retryAfterMs({ ...all, 'retry-after': undefined, 'x-ratelimit-reset-after': 'NaN' }, now), 900_000);
});

test('garbage and absent headers give undefined', () => {
  assert.equal(retryAfterMs({}, NOW), undefined);
  for (const value of ['', 'soon', '-5', '1.5', '1e3', '0x10', 'Infinity', '120, 120', '2024-05-10T10:00:00Z', 'Sun, 31 Feb 1994 08:49:37 GMT', 'Sun, 06 Nov 1994 25:00:00 GMT', 'sun, 06 nov 1994 08:49:37 gmt']) {
    assert.equal(retryAfterMs({ 'retry-after': value }, NOW), undefined, `Retry-After ${JSON.stringify(value)}`);
  }
  for (const value of ['-1', 'abc', '1.2.3', '']) {
    assert.equal(retryAfterMs({ 'x-ratelimit-reset-after': value }, NOW), undefined, `X-RateLimit-Reset-After ${JSON.stringify(value)}`);
  }
  for (const value of ['1715000900.5', '-1715000900', 'tomorrow']) {
    assert.equal(retryAfterMs({ 'x-rate-limit-reset': value }, NOW), undefined, `x-rate-limit-reset ${JSON.stringify(value)}`);
  }
});

test('describeWait puts a wait in words for hints', () => {
  assert.equal(describeWait(0), 'a moment');
  assert.equal(describeWait(1), '1 second');
  assert.equal(describeWait(30_000), '30 seconds');
  assert.equal(describeWait(64_570), '65 seconds');
  assert.equal(describeWait(900_000), '15 minutes');
  assert.equal(describeWait(MAX_RETRY_AFTER_MS), '24 hours');
  assert.equal(describeWait(undefined), 'a minute', 'no wait named: the one default wording of every hint');
});
