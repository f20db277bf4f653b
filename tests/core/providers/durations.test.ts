import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeSeconds } from '../../../electron/core/providers/durations.ts';

test('lifetimes read in the largest whole unit: 30 seconds, 1 minute, 90 seconds, 2 hours, 14 days', () => {
  assert.equal(describeSeconds(30), '30 seconds');
  assert.equal(describeSeconds(1), '1 second');
  assert.equal(describeSeconds(60), '1 minute');
  assert.equal(describeSeconds(90), '90 seconds', 'not rounded to a wrong "2 minutes"');
  assert.equal(describeSeconds(600), '10 minutes');
  assert.equal(describeSeconds(7200), '2 hours');
  assert.equal(describeSeconds(14 * 86_400), '14 days');
  assert.equal(describeSeconds(0), '0 seconds');
});
