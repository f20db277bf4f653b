import { test } from 'node:test';
import assert from 'node:assert/strict';
import { doctorContextFor, explain, settingsRedirectUri } from '../../../electron/core/doctor/explain.ts';
import { AttemptEndedError, TokenEndpointError } from '../../../electron/core/errors.ts';
import { processTokenResponse } from '../../../electron/core/oauth/token-request.ts';
import { NOW, answer, contextFor, profile, thrown } from './doctor-fixtures.ts';

test('explain gives the card the error as today plus the diagnosis (X: the 30-second code)', () => {
  const error = thrown(() =>
    processTokenResponse(answer(400, { error: 'invalid_request', error_description: 'Value passed for the authorization code was invalid.' }), {
      grant: 'authorization_code',
      now: NOW,
      requestedScopes: [],
      providerName: 'X',
    }),
  );
  const info = explain(error, contextFor('x'));
  assert.equal(info.code, 'code_invalid');
  assert.equal(info.message, error.message);
  assert.equal(info.hint, error.hint);
  assert.equal(info.diagnosis?.id, 'code_expired_or_used');
  assert.equal(info.diagnosis?.facts[0]?.value, '30 seconds');
  assert.deepEqual(Object.keys(info).sort(), ['code', 'diagnosis', 'hint', 'message']);
});

test('without a diagnosis explain is exactly toErrorInfo: no diagnosis key at all', () => {
  const cancelled = new AttemptEndedError('attempt_cancelled', 'The sign-in to X was cancelled.', { hint: 'Click Connect when you are ready to sign in.' });
  assert.deepEqual(explain(cancelled, contextFor('x')), cancelled.toInfo());
  assert.ok(!('diagnosis' in explain(cancelled, contextFor('x'))));
});

test('S29 an unknown error keeps the generic wording and gets no diagnosis, whatever its message holds', () => {
  const info = explain(new Error('refresh_token=abc123 leaked'), contextFor('x'));
  assert.equal(info.code, 'unexpected');
  assert.equal(info.diagnosis, undefined);
  assert.doesNotMatch(JSON.stringify(info), /abc123/);
});

test('a stored reason (plain ErrorInfo) keeps its own text and gets a fresh diagnosis for this context', () => {
  const stored = { code: 'refresh_token_invalid', message: 'Discord no longer accepts the stored refresh token.', hint: 'Click Re-authorize to sign in again.', diagnosis: { id: 'stale' } };
  const info = explain(stored, contextFor('discord', { phase: 'refresh' }));
  assert.equal(info.message, stored.message);
  assert.equal(info.hint, stored.hint);
  assert.equal(info.diagnosis?.id, 'refresh_token_ended');
  const typed = new TokenEndpointError('refresh_token_invalid', stored.message, { hint: stored.hint });
  assert.deepEqual(explain(typed, contextFor('discord', { phase: 'refresh' })), explain(stored, contextFor('discord', { phase: 'refresh' })));
});

test("doctorContextFor: the profile's name, rules and Settings' redirect URI unless the attempt's is given", () => {
  const x = profile('x');
  assert.equal(settingsRedirectUri(x), 'http://127.0.0.1:53681/callback');
  const fromSettings = doctorContextFor(x, { phase: 'sign-in', now: NOW });
  assert.equal(fromSettings.providerName, 'X');
  assert.equal(fromSettings.redirectUri, 'http://127.0.0.1:53681/callback');
  assert.equal(fromSettings.rules?.codeLifetimeSeconds, 30);
  assert.equal(fromSettings.authMode, null);
  const fromAttempt = doctorContextFor(x, { phase: 'sign-in', now: NOW, redirectUri: 'http://127.0.0.1:53681/callback', authMode: 'app-window', retryAt: NOW + 5_000 });
  assert.equal(fromAttempt.authMode, 'app-window');
  assert.equal(fromAttempt.retryAt, NOW + 5_000);
  assert.equal(doctorContextFor(profile('sandbox'), { phase: 'refresh', now: NOW }).redirectUri, null, 'the Sandbox has no Settings page');
  const broken = { displayName: 'Broken', settings: () => { throw new Error('unreadable'); } };
  assert.equal(settingsRedirectUri(broken), null, 'unreadable settings do not hide the error being explained');
});
