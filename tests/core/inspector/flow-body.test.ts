import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FLOW_BODY_LIMITS, flowBody } from '../../../electron/core/inspector/flow-body.ts';

const ACCESS = 'SlAV32hkKG-access-2b7Qx9mPz4LkWq8vN3';
const REFRESH = 'tGzv3JOkF0XG5Qx2TlKWIA-refresh-81';
const ID_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhZGEifQ.sig-1234567890abcdef';

test('S29 a token response: secrets masked by member name, the rest shown', () => {
  const body = flowBody(JSON.stringify({ access_token: ACCESS, token_type: 'Bearer', expires_in: 3600, refresh_token: REFRESH, id_token: ID_TOKEN, scope: 'openid profile' }));
  assert.equal(body.kind, 'json');
  assert.equal(body.kind === 'json' && body.truncated, false);
  assert.deepEqual(body.kind === 'json' && body.value, {
    access_token: { masked: true, secret: 'access_token', preview: 'SlAV', length: ACCESS.length },
    token_type: 'Bearer',
    expires_in: 3600,
    refresh_token: { masked: true, secret: 'refresh_token', preview: 'tGzv', length: REFRESH.length },
    id_token: { masked: true, secret: 'id_token', preview: 'eyJh', length: ID_TOKEN.length },
    scope: 'openid profile',
  });
});

test('S29 credential-named members are masked at any depth, also inside arrays under them; error numbers stay', () => {
  const body = flowBody(JSON.stringify({ data: { user: { name: 'Ada', password: 'hunter2hunter2' } }, tokens: ['first-token-value', 'second-token-value'], code: 0, message: '401: Unauthorized' }));
  assert.equal(body.kind, 'json');
  const value = body.kind === 'json' ? (body.value as Record<string, unknown>) : {};
  assert.deepEqual((value.data as { user: unknown }).user, { name: 'Ada', password: { masked: true, secret: 'token', preview: '', length: 14 } }, 'no preview: matched by name only');
  assert.deepEqual(value.tokens, [
    { masked: true, secret: 'token', preview: '', length: 17 },
    { masked: true, secret: 'token', preview: '', length: 18 },
  ]);
  assert.equal(value.code, 0, "Discord's numeric error code is shown");
  assert.equal(value.message, '401: Unauthorized');
});

test('S29 token-like strings in any other JSON string (and member name) are redacted like provider error text', () => {
  const body = flowBody(JSON.stringify({ error: 'invalid_grant', error_description: `Refresh token invalid: ${REFRESH}. Visit https://dev.example/docs`, [ACCESS]: 'keyed by a token' }));
  const text = JSON.stringify(body);
  assert.equal(text.includes(REFRESH), false);
  assert.equal(text.includes(ACCESS), false);
  assert.match(text, /Refresh token invalid: \[redacted\]\. Visit https:\/\/dev\.example\/docs/);
  assert.match(text, /"invalid_grant"/, 'error codes are words, not tokens');
});

test('S29 text bodies keep their words and lose token-like runs', () => {
  assert.deepEqual(flowBody(`<html>Bad token ${ACCESS} here</html>`), { kind: 'text', text: '<html>Bad token [redacted] here</html>', truncated: false });
  assert.deepEqual(flowBody(''), { kind: 'empty' });
  assert.deepEqual(flowBody('  \n'), { kind: 'empty' });
  assert.equal(flowBody('{not json').kind, 'text');
});

test('bodies are bounded: long text is cut (never through a token, which would leave a piece too short to redact), big JSON truncated', () => {
  const limits = { ...FLOW_BODY_LIMITS, maxTextChars: 30 };
  // The cut at 30 falls inside the token: the whole run goes, no prefix of it stays.
  const text = flowBody(`${'word '.repeat(5)}${ACCESS} tail`, limits);
  assert.equal(text.kind, 'text');
  assert.equal(text.kind === 'text' && text.truncated, true);
  assert.equal(text.kind === 'text' && text.text, `${'word '.repeat(5)}…`);

  const big = flowBody(JSON.stringify({ items: Array.from({ length: 50 }, (_, i) => ({ i })) }), { ...FLOW_BODY_LIMITS, maxNodes: 20 });
  assert.equal(big.kind === 'json' && big.truncated, true);
  assert.ok(JSON.stringify(big).length < 400);

  const long = flowBody(JSON.stringify({ note: 'a '.repeat(5000) }), { ...FLOW_BODY_LIMITS, maxStringLength: 100 });
  assert.equal(long.kind === 'json' && long.truncated, true);
  assert.equal(long.kind === 'json' && ((long.value as { note: string }).note.length), 101);

  const wide = flowBody(JSON.stringify(Array.from({ length: 100 }, (_, i) => `entry ${i} ${'x '.repeat(40)}`)), { ...FLOW_BODY_LIMITS, maxJsonChars: 1000 });
  assert.equal(wide.kind === 'json' && wide.truncated, true);
  assert.ok(JSON.stringify(wide).length < 1500, 'all strings together stay within the budget');

  const deep = flowBody(JSON.stringify({ a: { b: { c: { d: 1 } } } }), { ...FLOW_BODY_LIMITS, maxDepth: 2 });
  assert.deepEqual(deep.kind === 'json' && deep.value, { a: { b: {} } });
  assert.equal(deep.kind === 'json' && deep.truncated, true);

  const huge = flowBody(`{"x":"${'y'.repeat(100)}"}`, { ...FLOW_BODY_LIMITS, maxParseChars: 50, maxTextChars: 20 });
  assert.equal(huge.kind, 'text', 'too big to parse: kept as cut text');
});

test('S29 a JSON body too big to parse: credential-named members are masked by a textual rule before the cut, and their values scrubbed elsewhere', () => {
  const limits = { ...FLOW_BODY_LIMITS, maxParseChars: 100, maxTextChars: 400 };
  const raw = `{"access_token" : "short1", "token_type":"Bearer", "refresh_token":"rt:ab/cd", "scopes":["a"], "api_keys": ["k-one-1", "k-two-2"], "note":"echo rt:ab/cd and short1", "pad":"${'p '.repeat(60)}"}`;
  const body = flowBody(raw, limits);
  assert.equal(body.kind, 'text');
  const text = body.kind === 'text' ? body.text : '';
  assert.match(text, /^\{"access_token" : "\[redacted\]", "token_type":"Bearer", "refresh_token":"\[redacted\]"/);
  assert.match(text, /"api_keys": \["\[redacted\]", "\[redacted\]"\]/, 'arrays of strings under a credential name too');
  assert.match(text, /"note":"echo \[redacted\] and \[redacted\]"/, 'the same values echoed elsewhere go by exact value');
  for (const secret of ['short1', 'rt:ab/cd', 'k-one-1', 'k-two-2']) assert.equal(text.includes(secret), false, secret);
  // Escaped member names are read as JSON reads them.
  const escaped = flowBody(`{"access\\u005ftoken":"short1" ${' '.repeat(120)}}`, limits);
  assert.equal(JSON.stringify(escaped).includes('short1'), false);
});

test('S29 secrets the step carries are scrubbed by exact value from every string of the body, however short or odd-shaped, also encoded', () => {
  const secrets = ['hunter2hunter2', 'v1:AbCd:EfGh', 'rt/ab+cd=='];
  const forms = (value: string) => [value, encodeURIComponent(value), Buffer.from(value).toString('base64'), Buffer.from(value).toString('base64url')];
  const json = flowBody(JSON.stringify({ error: 'invalid_grant', error_description: secrets.flatMap(forms).join(' | '), [secrets[0]!]: 'as a name' }), FLOW_BODY_LIMITS, secrets);
  const text = flowBody(`<p>Bad grant ${secrets.flatMap(forms).join(' ')} https://as.example/errors?token=${encodeURIComponent(secrets[1]!)}</p>`, FLOW_BODY_LIMITS, secrets);
  for (const shown of [JSON.stringify(json), JSON.stringify(text)]) {
    for (const form of secrets.flatMap(forms)) assert.equal(shown.includes(form), false, `${form} in ${shown}`);
  }
  assert.match(JSON.stringify(json), /invalid_grant/);
  assert.match(JSON.stringify(text), /Bad grant \[redacted\]/);
  // A token response's own members scrub their echoes without being told.
  const own = flowBody(JSON.stringify({ access_token: 'at-short', message: 'issued at-short' }));
  assert.deepEqual(own.kind === 'json' && (own.value as { message: string }).message, 'issued [redacted]');
});

test('a member named __proto__ stays data', () => {
  const body = flowBody('{"__proto__": {"polluted": true}}');
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  assert.deepEqual(Object.keys(body.kind === 'json' ? (body.value as object) : {}), ['__proto__']);
});
