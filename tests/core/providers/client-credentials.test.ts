import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveClient, summarizeClient } from '../../../electron/core/providers/client-credentials.ts';
import type { ClientCredentialSources } from '../../../electron/core/providers/client-credentials.ts';
import { CREDENTIAL_ENV_VARIABLES, readCredentialsEnv } from '../../../electron/core/providers/config/credentials-env.ts';
import { ClientCredentialStore } from '../../../electron/core/storage/client-credential-store.ts';
import { StorageError } from '../../../electron/core/errors.ts';
import type { SecretCipher } from '../../../electron/core/ports.ts';
import { createTestCipher } from '../../helpers/test-cipher.ts';
import { failingDecryptCipher, memoryStore } from '../../helpers/memory-store.ts';

const G = CREDENTIAL_ENV_VARIABLES.google;
const GH = CREDENTIAL_ENV_VARIABLES['google-health'];
const X = CREDENTIAL_ENV_VARIABLES.x;

function sources(env: Record<string, string>, cipher: SecretCipher = createTestCipher()) {
  const read = readCredentialsEnv(env);
  assert.deepEqual(read.errors, [], 'the test environment is valid');
  const saved = new ClientCredentialStore(memoryStore(), cipher);
  const value: ClientCredentialSources = { saved, env: read.credentials };
  return { saved, sources: value, env: read.credentials };
}

test('nothing saved and nothing in the environment: no client', () => {
  const { sources: s } = sources({});
  for (const id of ['google', 'x', 'discord', 'google-health'] as const) {
    assert.equal(summarizeClient(id, s), null, id);
    assert.equal(resolveClient(id, s), null, id);
  }
  assert.equal(summarizeClient('google-health', s, 'google'), null);
  assert.equal(resolveClient('google-health', s, 'google'), null);
});

test('environment credentials are used when nothing is saved in Settings', () => {
  const { sources: s } = sources({ [X.clientId]: 'env-x-id', [X.clientSecret]: 'env-x-secret' });
  assert.deepEqual(summarizeClient('x', s), { clientId: 'env-x-id', secretSaved: true, source: 'environment', sharedFrom: null });
  assert.deepEqual(resolveClient('x', s), { clientId: 'env-x-id', clientSecret: 'env-x-secret', secretSaved: true, source: 'environment', sharedFrom: null });
});

test('an environment client id without a secret is a public client', () => {
  const { sources: s } = sources({ [X.clientId]: 'env-x-id' });
  assert.deepEqual(summarizeClient('x', s), { clientId: 'env-x-id', secretSaved: false, source: 'environment', sharedFrom: null });
  assert.equal(resolveClient('x', s)?.clientSecret, null);
});

test('Settings beat the environment, even when the saved client has no secret and the environment has one', () => {
  const { saved, sources: s } = sources({ [G.clientId]: 'env-gid', [G.clientSecret]: 'env-gsecret' });
  saved.save('google', 'saved-gid', null, 1);
  assert.deepEqual(summarizeClient('google', s), { clientId: 'saved-gid', secretSaved: false, source: 'settings', sharedFrom: null });
  const resolved = resolveClient('google', s);
  assert.equal(resolved?.clientId, 'saved-gid');
  assert.equal(resolved?.clientSecret, null, 'the environment secret is not mixed into the saved client');
  assert.equal(resolved?.source, 'settings');

  saved.save('google', 'saved-gid', 'saved-secret', 2);
  assert.deepEqual(resolveClient('google', s), { clientId: 'saved-gid', clientSecret: 'saved-secret', secretSaved: true, source: 'settings', sharedFrom: null });
  // Removed from Settings: the environment applies again.
  saved.remove('google');
  assert.equal(resolveClient('google', s)?.clientId, 'env-gid');
});

test('credentials of one provider never leak into another', () => {
  const { saved, sources: s } = sources({ [G.clientId]: 'env-gid' });
  saved.save('x', 'saved-xid', 'x-secret', 1);
  assert.equal(summarizeClient('discord', s), null);
  assert.equal(resolveClient('discord', s), null);
  assert.equal(resolveClient('x', s)?.clientId, 'saved-xid');
  // Without a fallback, Google Health does not use Google's client.
  assert.equal(resolveClient('google-health', s), null);
});

test("Google Health uses its own saved credentials first, before Google's", () => {
  const { saved, sources: s } = sources({ [G.clientId]: 'env-gid', [GH.clientId]: 'env-ghid' });
  saved.save('google', 'saved-gid', 'g-secret', 1);
  saved.save('google-health', 'saved-ghid', 'gh-secret', 1);
  assert.deepEqual(resolveClient('google-health', s, 'google'), {
    clientId: 'saved-ghid',
    clientSecret: 'gh-secret',
    secretSaved: true,
    source: 'settings',
    sharedFrom: null,
  });
  assert.deepEqual(summarizeClient('google-health', s, 'google'), { clientId: 'saved-ghid', secretSaved: true, source: 'settings', sharedFrom: null });
});

test("Google Health's own environment variables beat Google's saved client", () => {
  const { saved, sources: s } = sources({ [GH.clientId]: 'env-ghid', [GH.clientSecret]: 'env-ghsecret' });
  saved.save('google', 'saved-gid', 'g-secret', 1);
  assert.deepEqual(resolveClient('google-health', s, 'google'), {
    clientId: 'env-ghid',
    clientSecret: 'env-ghsecret',
    secretSaved: true,
    source: 'environment',
    sharedFrom: null,
  });
});

test("Google Health falls back to Google's saved client (sharedFrom 'google')", () => {
  const { saved, sources: s } = sources({});
  saved.save('google', 'saved-gid', 'g-secret', 1);
  assert.deepEqual(summarizeClient('google-health', s, 'google'), { clientId: 'saved-gid', secretSaved: true, source: 'settings', sharedFrom: 'google' });
  assert.deepEqual(resolveClient('google-health', s, 'google'), {
    clientId: 'saved-gid',
    clientSecret: 'g-secret',
    secretSaved: true,
    source: 'settings',
    sharedFrom: 'google',
  });
});

test("Google Health falls back to Google's environment variables (sharedFrom 'google')", () => {
  const { sources: s } = sources({ [G.clientId]: 'env-gid', [G.clientSecret]: 'env-gsecret' });
  assert.deepEqual(summarizeClient('google-health', s, 'google'), { clientId: 'env-gid', secretSaved: true, source: 'environment', sharedFrom: 'google' });
  assert.deepEqual(resolveClient('google-health', s, 'google'), {
    clientId: 'env-gid',
    clientSecret: 'env-gsecret',
    secretSaved: true,
    source: 'environment',
    sharedFrom: 'google',
  });
});

test("Google's variables that readCredentialsEnv copies to google-health are not treated as Google Health's own (ownEnv)", () => {
  const { saved, sources: s, env } = sources({ [G.clientId]: 'env-gid', [G.clientSecret]: 'env-gsecret' });
  // Precondition: readCredentialsEnv really does put Google's pair under google-health.
  assert.equal(env['google-health']?.clientId, 'env-gid');
  assert.equal(env['google-health']?.variables.clientId, G.clientId);

  // Without a fallback, the inherited pair does not count as Google Health's own.
  assert.equal(summarizeClient('google-health', s), null);
  assert.equal(resolveClient('google-health', s), null);

  // Google's client saved in Settings beats the environment for Google, and so for Google Health:
  // the inherited environment pair must not win as if it were Google Health's own.
  saved.save('google', 'saved-gid', 'saved-gsecret', 1);
  assert.deepEqual(resolveClient('google-health', s, 'google'), {
    clientId: 'saved-gid',
    clientSecret: 'saved-gsecret',
    secretSaved: true,
    source: 'settings',
    sharedFrom: 'google',
  });
  assert.deepEqual(summarizeClient('google-health', s, 'google'), { clientId: 'saved-gid', secretSaved: true, source: 'settings', sharedFrom: 'google' });
});

test('summarize never decrypts; resolve decrypts and reports an unreadable secret as a StorageError', () => {
  const cipher = failingDecryptCipher();
  const { saved, sources: s } = sources({}, cipher);
  saved.save('x', 'xid', 'x-secret', 1);
  saved.save('google', 'gid', 'g-secret', 1);
  assert.deepEqual(summarizeClient('x', s), { clientId: 'xid', secretSaved: true, source: 'settings', sharedFrom: null });
  assert.deepEqual(summarizeClient('google-health', s, 'google'), { clientId: 'gid', secretSaved: true, source: 'settings', sharedFrom: 'google' });
  assert.equal(cipher.decryptCalls(), 0);
  assert.throws(() => resolveClient('x', s), (e: unknown) => e instanceof StorageError && e.code === 'client_secret_unreadable' && !e.message.includes('x-secret'));
});

test('S29 a summary never carries the secret', () => {
  const { saved, sources: s } = sources({ [X.clientId]: 'env-xid', [X.clientSecret]: 'env-x-secret-value' });
  saved.save('google', 'gid', 'saved-g-secret-value', 1);
  const text = JSON.stringify([summarizeClient('x', s), summarizeClient('google', s), summarizeClient('google-health', s, 'google')]);
  assert.ok(!text.includes('env-x-secret-value'));
  assert.ok(!text.includes('saved-g-secret-value'));
});
