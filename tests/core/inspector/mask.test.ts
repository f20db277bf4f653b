import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fieldSecretKind, jsonMemberSecretKind, maskField, maskHeader, maskValue } from '../../../electron/core/inspector/mask.ts';

const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlLXBhcnQtMTIzNDU2Nzg5MA';

test('S29 a masked value shows at most 4 characters and the length; fewer for short values, none under 8', () => {
  assert.deepEqual(maskValue(TOKEN, 'access_token'), { masked: true, secret: 'access_token', preview: 'eyJh', length: TOKEN.length });
  assert.deepEqual(maskValue('abcdefg', 'code'), { masked: true, secret: 'code', preview: '', length: 7 }, 'under 8: no prefix at all');
  assert.equal(maskValue('abcdefgh', 'state').preview, 'ab', '8 characters: 2 shown');
  assert.equal(maskValue('abcdefghijkl', 'state').preview, 'abc', '12 characters: 3 shown');
  assert.equal(maskValue('abcdefghijklmnop', 'state').preview, 'abcd', '16 characters: 4 shown');
  assert.equal(maskValue('', 'token').length, 0);
  for (let length = 0; length < 200; length++) {
    const value = 'x'.repeat(length);
    const masked = maskValue(value, 'token');
    assert.ok(masked.preview.length <= 4 && masked.preview.length <= length / 4, `length ${length}: never more than a quarter`);
  }
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
  for (const name of ['grant_type', 'redirect_uri', 'client_id', 'scope', 'token_type_hint', 'code_challenge', 'code_challenge_method', 'response_type']) {
    assert.equal(maskField(name, 'shown-as-sent'), 'shown-as-sent', name);
  }
  assert.equal(fieldSecretKind('password'), 'token', 'other credential-like names are masked too');
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
  assert.deepEqual(maskHeader('authorization', `DPoP ${TOKEN}`), maskValue(`DPoP ${TOKEN}`, 'token'));
  assert.deepEqual(maskHeader('cookie', 'session=abcdef0123456789'), maskValue('session=abcdef0123456789', 'cookie'));
  assert.deepEqual(maskHeader('Set-Cookie', 'sid=1; HttpOnly'), maskValue('sid=1; HttpOnly', 'cookie'));
  assert.deepEqual(maskHeader('x-api-key', 'AIzaSyD-1234567890abcdefghij'), maskValue('AIzaSyD-1234567890abcdefghij', 'token'));
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
});
