import { test } from 'node:test';
import assert from 'node:assert/strict';
import { declinedScopes } from '../../../electron/core/doctor/declined-scopes.ts';

const GMAIL = 'https://www.googleapis.com/auth/gmail.readonly';

test('a scope asked for but missing from the token response\'s scope was declined (the person unticked Gmail)', () => {
  assert.deepEqual(declinedScopes({ requestedScopes: ['openid', 'email', 'profile', GMAIL], grantedScopes: ['openid', 'email', 'profile'], hasRefreshToken: true }), [GMAIL]);
  assert.deepEqual(declinedScopes({ requestedScopes: ['openid', GMAIL], grantedScopes: ['openid', GMAIL], hasRefreshToken: true }), []);
});

test('offline_access left out of the scope counts as granted when a refresh token came (oidc-provider), and as declined when none did', () => {
  const requested = ['openid', 'offline_access', 'mail.read'];
  assert.deepEqual(declinedScopes({ requestedScopes: requested, grantedScopes: ['openid', 'mail.read'], hasRefreshToken: true }), []);
  assert.deepEqual(declinedScopes({ requestedScopes: requested, grantedScopes: ['openid', 'mail.read'], hasRefreshToken: false }), ['offline_access']);
});
