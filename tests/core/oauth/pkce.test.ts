import { test } from 'node:test';
import assert from 'node:assert/strict';
import { codeChallengeFor, createCodeVerifier, isValidCodeVerifier } from '../../../electron/core/oauth/pkce.ts';

test('S8 RFC 7636 Appendix B: the S256 challenge of the example verifier', () => {
  assert.equal(codeChallengeFor('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'), 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
});

test('S8 verifiers are 43+ unreserved characters and fresh every time', () => {
  const verifiers = new Set(Array.from({ length: 200 }, () => createCodeVerifier()));
  assert.equal(verifiers.size, 200);
  for (const v of verifiers) {
    assert.ok(isValidCodeVerifier(v), v);
    assert.equal(v.length, 43);
  }
});

test('S8 invalid verifiers are refused rather than hashed', () => {
  assert.throws(() => codeChallengeFor('short'), RangeError);
  assert.throws(() => codeChallengeFor('a'.repeat(129)), RangeError);
  assert.throws(() => codeChallengeFor('a'.repeat(42) + '+'), RangeError);
  assert.equal(isValidCodeVerifier('a'.repeat(128)), true);
});

test('plain method returns the verifier itself', () => {
  const v = createCodeVerifier();
  assert.equal(codeChallengeFor(v, 'plain'), v);
});
