import { test } from 'node:test';
import assert from 'node:assert/strict';
import { shownGrantedScopes } from '../../../electron/core/oauth/granted-scopes.ts';

test('a held refresh token counts as the offline_access grant the token response left out', () => {
  const requestedScopes = ['openid', 'email', 'offline_access'];
  assert.deepEqual(shownGrantedScopes({ grantedScopes: ['openid', 'email'], requestedScopes, hasRefreshToken: true }), ['openid', 'email', 'offline_access']);
  assert.deepEqual(shownGrantedScopes({ grantedScopes: ['openid', 'email'], requestedScopes, hasRefreshToken: false }), ['openid', 'email'], 'no refresh token: really not granted');
  assert.deepEqual(shownGrantedScopes({ grantedScopes: ['openid'], requestedScopes: ['openid'], hasRefreshToken: true }), ['openid'], 'never added when it was not asked for');
  assert.deepEqual(shownGrantedScopes({ grantedScopes: ['openid', 'offline_access'], requestedScopes, hasRefreshToken: true }), ['openid', 'offline_access'], 'no duplicate');
});
