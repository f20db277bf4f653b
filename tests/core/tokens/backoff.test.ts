import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BACKOFF_MAX_MS, backoffDelay } from '../../../electron/core/tokens/backoff.ts';

test('S17 backoff doubles from 5 s with ±20 % jitter and stops growing at 15 min', () => {
  assert.deepEqual([1, 2, 3, 4].map((n) => backoffDelay(n, undefined, () => 0.5)), [5_000, 10_000, 20_000, 40_000]);
  assert.equal(backoffDelay(1, undefined, () => 0), 4_000);
  assert.equal(backoffDelay(1, undefined, () => 0.999999), 6_000);
  assert.equal(backoffDelay(50, undefined, () => 0.5), BACKOFF_MAX_MS);
});

test('S17 the provider\'s Retry-After wins over the exponential guess, capped at a day', () => {
  assert.equal(backoffDelay(1, 120_000, () => 0.5), 120_000);
  assert.equal(backoffDelay(6, 1_000, () => 0.5), 1_000, 'a short Retry-After is honoured, not stretched');
  assert.equal(backoffDelay(1, 0, () => 0.5), 1_000, '"Retry-After: 0" or a reset time already past cannot make a loop');
  assert.equal(backoffDelay(1, -5_000, () => 0.5), 1_000);
  assert.equal(backoffDelay(1, 10 * 24 * 3600_000, () => 0.5), 24 * 3600_000);
  assert.equal(backoffDelay(1, Number.NaN, () => 0.5), 5_000, 'a nonsense value falls back to the exponential delay');
});
