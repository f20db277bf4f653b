import { test } from 'node:test';
import assert from 'node:assert/strict';
import { basicAuthorizationHeader, clientAuthentication, formUrlEncode } from '../../../electron/core/oauth/client-auth.ts';

test('S13 client_secret_basic form-urlencodes id and secret before Base64 (RFC 6749 2.3.1 vector)', () => {
  assert.equal(
    basicAuthorizationHeader('1PpG/Q 1', 'z/tZ9VwFZqApmIQ+ZH1I5pLk/uB4ud:X2/8bL+wfFTt1rFw='),
    'Basic MVBwRyUyRlErMTp6JTJGdFo5VndGWnFBcG1JUSUyQlpIMUk1cExrJTJGdUI0dWQlM0FYMiUyRjhiTCUyQndmRlR0MXJGdyUzRA==',
  );
});

test('form encoding turns spaces into + and escapes reserved characters', () => {
  assert.equal(formUrlEncode('a b/c:d+e=f'), 'a+b%2Fc%3Ad%2Be%3Df');
  assert.equal(formUrlEncode('é'), '%C3%A9');
});

test('each method puts credentials in exactly one place', () => {
  assert.deepEqual(clientAuthentication({ clientId: 'id', clientSecret: null, authMethod: 'none' }), { form: { client_id: 'id' }, headers: {} });
  assert.deepEqual(clientAuthentication({ clientId: 'id', clientSecret: 's', authMethod: 'client_secret_post' }), {
    form: { client_id: 'id', client_secret: 's' },
    headers: {},
  });
  const basic = clientAuthentication({ clientId: 'id', clientSecret: 's', authMethod: 'client_secret_basic' });
  assert.deepEqual(basic.form, {});
  assert.equal(basic.headers.authorization, 'Basic ' + Buffer.from('id:s').toString('base64'));
});

test('secret-based methods without a secret are refused', () => {
  assert.throws(() => clientAuthentication({ clientId: 'id', clientSecret: null, authMethod: 'client_secret_basic' }), RangeError);
  assert.throws(() => clientAuthentication({ clientId: 'id', clientSecret: '', authMethod: 'client_secret_post' }), RangeError);
});
