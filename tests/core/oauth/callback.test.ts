import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CallbackRejectedError, validateCallback } from '../../../electron/core/oauth/callback.ts';
import { AuthorizationError } from '../../../electron/core/errors.ts';

const expected = {
  state: 'the-state-value-with-enough-entropy',
  redirectUri: 'http://127.0.0.1:50000/callback',
  issuer: 'https://as.example.com',
  issParameterSupported: true,
  providerName: 'Example',
};
const cb = (query: string) => `http://127.0.0.1:50000/callback?${query}`;
const ok = `state=${expected.state}&iss=${encodeURIComponent(expected.issuer)}`;

function rejectedWith(fn: () => unknown, code: string) {
  assert.throws(fn, (e: unknown) => e instanceof CallbackRejectedError && e.code === code);
}
function failedWith(fn: () => unknown, code: string) {
  assert.throws(fn, (e: unknown) => e instanceof AuthorizationError && !(e instanceof CallbackRejectedError) && e.code === code);
}

test('a valid callback yields the code', () => {
  assert.equal(validateCallback(cb(`code=abc&${ok}`), expected), 'abc');
});

test('S9 wrong or missing state is rejected as stray (attempt stays pending)', () => {
  rejectedWith(() => validateCallback(cb(`code=abc&state=other&iss=${encodeURIComponent(expected.issuer)}`), expected), 'state_mismatch');
  rejectedWith(() => validateCallback(cb('code=abc'), expected), 'state_missing');
  rejectedWith(() => validateCallback(cb('code=abc&state='), expected), 'state_missing');
});

test('S11 repeated parameters are rejected', () => {
  rejectedWith(() => validateCallback(cb(`code=abc&code=def&${ok}`), expected), 'callback_duplicate_parameter');
  rejectedWith(() => validateCallback(cb(`code=abc&${ok}&state=${expected.state}`), expected), 'callback_duplicate_parameter');
});

test('S11 callbacks carrying tokens are rejected, in the query or the fragment', () => {
  rejectedWith(() => validateCallback(cb(`access_token=t&${ok}`), expected), 'callback_carries_tokens');
  rejectedWith(() => validateCallback(cb(`code=abc&${ok}#access_token=t&token_type=bearer`), expected), 'callback_carries_tokens');
  rejectedWith(() => validateCallback(cb(`code=abc&id_token=x&${ok}`), expected), 'callback_carries_tokens');
});

test('a callback at another address is rejected', () => {
  rejectedWith(() => validateCallback(`http://127.0.0.1:50001/callback?code=abc&${ok}`, expected), 'callback_invalid');
  rejectedWith(() => validateCallback(`http://127.0.0.1:50000/callback/x?code=abc&${ok}`, expected), 'callback_invalid');
  rejectedWith(() => validateCallback(`http://localhost:50000/callback?code=abc&${ok}`, expected), 'callback_invalid');
  rejectedWith(() => validateCallback('not a url', expected), 'callback_invalid');
});

test('S10 iss must match when the server advertises RFC 9207', () => {
  failedWith(() => validateCallback(cb(`code=abc&state=${expected.state}`), expected), 'issuer_missing');
  failedWith(() => validateCallback(cb(`code=abc&state=${expected.state}&iss=https%3A%2F%2Fevil.example`), expected), 'issuer_mismatch');
  // Not advertised and absent: accepted. Not advertised but present and different: still a mix-up.
  const noIss = { ...expected, issParameterSupported: false };
  assert.equal(validateCallback(cb(`code=abc&state=${expected.state}`), noIss), 'abc');
  failedWith(() => validateCallback(cb(`code=abc&state=${expected.state}&iss=https%3A%2F%2Fevil.example`), noIss), 'issuer_mismatch');
});

test('access_denied with the right state ends the attempt with a clear error', () => {
  assert.throws(
    () => validateCallback(cb(`error=access_denied&error_description=User+said+no&${ok}`), expected),
    (e: unknown) => e instanceof AuthorizationError && e.code === 'access_denied' && /declined/.test(e.hint) && e.providerError === 'access_denied',
  );
});

test('provider error text is sanitised and a missing code is reported', () => {
  assert.throws(
    () => validateCallback(cb(`error=server_error&error_description=${encodeURIComponent('bad\u0000\nthing')}&${ok}`), expected),
    (e: unknown) => e instanceof AuthorizationError && e.code === 'provider_unavailable' && !/[\u0000\n]/.test(e.message),
  );
  failedWith(() => validateCallback(cb(ok), expected), 'code_missing');
});
