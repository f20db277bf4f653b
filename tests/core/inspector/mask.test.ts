import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fieldSecretKind, headerSecrets, jsonMemberSecret, jsonMemberSecretKind, maskField, maskHeader, maskValue } from '../../../electron/core/inspector/mask.ts';

const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlLXBhcnQtMTIzNDU2Nzg5MA';

test('S29 a masked value shows its length and, from 24 characters on, its first 4; nothing of a shorter one', () => {
  assert.deepEqual(maskValue(TOKEN, 'access_token'), { masked: true, secret: 'access_token', preview: 'eyJh', length: TOKEN.length });
  assert.deepEqual(maskValue('abcdefgh', 'code'), { masked: true, secret: 'code', preview: '', length: 8 });
  assert.equal(maskValue('x'.repeat(23), 'state').preview, '', '23 characters: nothing');
  assert.equal(maskValue('abcdefghijklmnopqrstuvwx', 'state').preview, 'abcd', '24 characters: 4 shown');
  assert.equal(maskValue('', 'token').length, 0);
  for (let length = 0; length < 200; length++) {
    const masked = maskValue('x'.repeat(length), 'refresh_token');
    assert.equal(masked.preview.length, length < 24 ? 0 : 4, `length ${length}`);
  }
});

test('S29 client secrets, Basic credentials and cookies never show a preview, nor a value masked only because its name looks like a credential', () => {
  const long = 'hunter2hunter2hunter2hunter2hunter2';
  for (const kind of ['client_secret', 'client_credentials', 'cookie'] as const) assert.equal(maskValue(long, kind).preview, '', kind);
  assert.equal(maskValue(long, 'token', { preview: false }).preview, '');
  assert.deepEqual(maskField('client_secret', 'hunter2hunter2'), { masked: true, secret: 'client_secret', preview: '', length: 14 }, 'none of a short client secret');
  assert.deepEqual(maskField('client_secret', long), { masked: true, secret: 'client_secret', preview: '', length: long.length }, 'nor of a long one');
  assert.equal((maskField('password', long) as { preview: string }).preview, '');
  assert.equal((maskField('api_key', long) as { preview: string }).preview, '');
  assert.equal((maskField('refresh_token', long) as { preview: string }).preview, 'hunt', 'an OAuth token field of 24+ characters shows its prefix');
});

test('S29 form and query fields that hold a secret are masked by name, with their kind', () => {
  const secret = 'Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA';
  const kinds: Record<string, string> = {
    code: 'code',
    code_verifier: 'code_verifier',
    client_secret: 'client_secret',
    refresh_token: 'refresh_token',
    access_token: 'access_token',
    id_token: 'id_token',
    token: 'token',
    client_assertion: 'client_secret',
    state: 'state',
  };
  for (const [name, kind] of Object.entries(kinds)) {
    const shown = maskField(name, secret);
    assert.equal(typeof shown, 'object', name);
    assert.equal(typeof shown === 'object' && shown.secret, kind, name);
    assert.equal(JSON.stringify(shown).includes(secret), false, `${name}: the value is gone`);
  }
  for (const name of ['grant_type', 'redirect_uri', 'client_id', 'scope', 'token_type_hint', 'code_challenge_method', 'response_type', 'login_hint', 'prompt', 'nonce', 'fields', 'keyword', 'monkey']) {
    assert.equal(maskField(name, 'shown-as-sent'), 'shown-as-sent', name);
  }
  assert.equal(fieldSecretKind('password'), 'token', 'other credential-like names are masked too');
  assert.equal(fieldSecretKind('id_token_hint'), 'id_token', 'an ID token sent back as a hint');
  for (const name of ['key', 'api_key', 'apikey', 'api-key', 'sig', 'signature', 'X-Amz-Signature', 'x-goog-signature', 'request_signature']) {
    assert.equal(fieldSecretKind(name), 'token', `S29 API keys and request signatures in a query: ${name}`);
  }
});

test('RFC 7009 `token` takes its kind from token_type_hint', () => {
  assert.equal(fieldSecretKind('token', 'refresh_token'), 'refresh_token');
  assert.equal(fieldSecretKind('token', 'access_token'), 'access_token');
  assert.equal(fieldSecretKind('token', 'something_else'), 'token');
  assert.equal(fieldSecretKind('token'), 'token');
});

test('S29 Authorization: Bearer masks the access token, Basic the client credentials; other schemes whole', () => {
  assert.deepEqual(maskHeader('Authorization', `Bearer ${TOKEN}`), maskValue(TOKEN, 'access_token'));
  assert.deepEqual(maskHeader('authorization', 'bearer abc'), maskValue('abc', 'access_token'), 'the scheme in any case');
  const basic = Buffer.from('client:s3cret/+=').toString('base64');
  assert.deepEqual(maskHeader('authorization', `Basic ${basic}`), maskValue(basic, 'client_credentials'));
  assert.deepEqual(maskHeader('authorization', `DPoP ${TOKEN}`), { masked: true, secret: 'token', preview: '', length: TOKEN.length + 5 });
  assert.deepEqual(maskHeader('cookie', 'session=abcdef0123456789'), maskValue('session=abcdef0123456789', 'cookie'));
  assert.deepEqual(maskHeader('Set-Cookie', 'sid=1; HttpOnly'), maskValue('sid=1; HttpOnly', 'cookie'));
  assert.deepEqual(maskHeader('x-api-key', 'AIzaSyD-1234567890abcdefghij'), { masked: true, secret: 'token', preview: '', length: 28 });
  assert.deepEqual(maskHeader('x-goog-signature', 'abc'), { masked: true, secret: 'token', preview: '', length: 3 });
});

test('S29 the secret values a header carries, for exact-value scrubbing: the credentials, and for Basic the decoded client secret', () => {
  const basic = Buffer.from(`desk:${encodeURIComponent('hunter2/hunter2')}`).toString('base64');
  const found = headerSecrets('Authorization', `Basic ${basic}`);
  assert.ok(found.includes(basic) && found.includes('hunter2/hunter2'), JSON.stringify(found));
  assert.ok(headerSecrets('authorization', 'Bearer short-at').includes('short-at'));
  assert.deepEqual(headerSecrets('accept', 'application/json'), [], 'nothing from a header that is shown');
});

test('S29 other header values keep their words but lose token-like runs', () => {
  assert.equal(maskHeader('accept', 'application/json'), 'application/json');
  assert.equal(maskHeader('www-authenticate', `Bearer error="invalid_token", error_description="token ${TOKEN} expired"`), 'Bearer error="invalid_token", error_description="token [redacted] expired"');
});

test('JSON member names: OAuth fields by kind, credential-like names as a token, descriptions of secrets and `state` shown', () => {
  assert.equal(jsonMemberSecretKind('access_token'), 'access_token');
  assert.equal(jsonMemberSecretKind('refresh_token'), 'refresh_token');
  assert.equal(jsonMemberSecretKind('id_token'), 'id_token');
  assert.equal(jsonMemberSecretKind('apiKey'), 'token');
  assert.equal(jsonMemberSecretKind('password'), 'token');
  assert.equal(jsonMemberSecretKind('session'), 'token');
  for (const shown of ['token_type', 'refresh_token_expires_in', 'expires_in', 'scope', 'state', 'name', 'email']) {
    assert.equal(jsonMemberSecretKind(shown), null, shown);
  }
  assert.deepEqual(jsonMemberSecret('access_token'), { kind: 'access_token', preview: true });
  assert.deepEqual(jsonMemberSecret('apiKey'), { kind: 'token', preview: false }, 'matched only by a credential-like name: never previewed');
});
