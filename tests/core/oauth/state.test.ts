import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createState, stateMatches } from '../../../electron/core/oauth/state.ts';

test('S9 state carries at least 128 random bits and never repeats', () => {
  const values = new Set(Array.from({ length: 500 }, () => createState()));
  assert.equal(values.size, 500);
  for (const v of values) assert.ok(Buffer.from(v, 'base64url').length * 8 >= 128);
});

test('S9 state comparison is exact', () => {
  const s = createState();
  assert.equal(stateMatches(s, s), true);
  assert.equal(stateMatches(s, s + 'x'), false);
  assert.equal(stateMatches(s, s.slice(0, -1) + (s.endsWith('A') ? 'B' : 'A')), false);
  assert.equal(stateMatches(s, ''), false);
});
