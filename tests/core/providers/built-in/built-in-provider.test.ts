import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createBuiltInProvider } from '../../../../electron/core/providers/built-in/built-in-provider.ts';
import type { BuiltInProviderSpec } from '../../../../electron/core/providers/built-in/built-in-provider.ts';
import { GMAIL_READONLY_SCOPE, GOOGLE_ENDPOINTS, googleSpec } from '../../../../electron/core/providers/built-in/google.ts';
import { googleHealthSpec } from '../../../../electron/core/providers/built-in/google-health.ts';
import { X_DEFAULT_REDIRECT_PORT, X_ENDPOINTS, xSpec } from '../../../../electron/core/providers/built-in/x.ts';
import { DISCORD_DEFAULT_REDIRECT_PORT, DISCORD_ENDPOINTS, discordSpec } from '../../../../electron/core/providers/built-in/discord.ts';
import { CREDENTIAL_ENV_VARIABLES, readCredentialsEnv } from '../../../../electron/core/providers/config/credentials-env.ts';
import { HEALTH_HEART_RATE_SCOPE } from '../../../../electron/core/providers/data/google-health-heart-rate.ts';
import type { ProviderProfile } from '../../../../electron/core/providers/provider-profile.ts';
import { LOOPBACK_HOST } from '../../../../electron/core/loopback/loopback-receiver.ts';
import { ClientCredentialStore } from '../../../../electron/core/storage/client-credential-store.ts';
import { ProviderSettingsStore } from '../../../../electron/core/storage/provider-preferences.ts';
import { OAuthDeskError, SetupError } from '../../../../electron/core/errors.ts';
import { createTestCipher } from '../../../helpers/test-cipher.ts';
import { memoryStore } from '../../../helpers/memory-store.ts';

const SPECS: Record<string, () => BuiltInProviderSpec> = {
  google: () => googleSpec(),
  'google-health': () => googleHealthSpec(),
  x: () => xSpec(),
  discord: () => discordSpec(),
};
type Id = 'google' | 'google-health' | 'x' | 'discord';
const IDS: readonly Id[] = ['google', 'google-health', 'x', 'discord'];

function setup(env: Record<string, string> = {}) {
  const store = memoryStore();
  const saved = new ClientCredentialStore(store, createTestCipher());
  const preferences = new ProviderSettingsStore(store);
  const read = readCredentialsEnv(env);
  assert.deepEqual(read.errors, []);
  const deps = { credentials: { saved, env: read.credentials }, preferences, clock: { now: () => 1_000 } };
  const make = (id: Id): ProviderProfile => createBuiltInProvider(SPECS[id]!(), deps);
  return { store, saved, preferences, make };
}

async function rejection(promise: Promise<unknown>): Promise<OAuthDeskError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof OAuthDeskError, `a typed error, got ${String(error)}`);
    return error;
  }
  assert.fail('expected a rejection');
}

for (const id of IDS) {
  test(`${id}: without credentials setupProblem is client_not_configured naming the variables and Settings, and prepare rejects the same`, async () => {
    const { make } = setup();
    const provider = make(id);
    const problem = provider.setupProblem?.();
    assert.ok(problem instanceof SetupError);
    assert.equal(problem.code, 'client_not_configured');
    const vars = CREDENTIAL_ENV_VARIABLES[id];
    assert.ok(problem.hint.includes(vars.clientId), `hint names ${vars.clientId}: ${problem.hint}`);
    assert.match(problem.hint, /Settings/);
    if (SPECS[id]!().secretRequired) assert.ok(problem.hint.includes(vars.clientSecret), 'a required secret is named too');
    assert.ok(problem.message.includes(provider.displayName));

    const error = await rejection(provider.prepare());
    assert.ok(error instanceof SetupError);
    assert.equal(error.code, problem.code);
    assert.equal(error.hint, problem.hint);
  });
}

for (const id of ['google', 'google-health'] as const) {
  test(`${id}: a client id without a secret gives client_secret_missing (Settings and environment)`, async () => {
    const { saved, make } = setup();
    saved.save(id, `${id}-client.apps.googleusercontent.com`, null, 1);
    const problem = make(id).setupProblem?.();
    assert.equal(problem?.code, 'client_secret_missing');
    assert.ok(problem?.hint.includes(CREDENTIAL_ENV_VARIABLES[id].clientSecret));
    assert.equal((await rejection(make(id).prepare())).code, 'client_secret_missing');

    const fromEnv = setup({ [CREDENTIAL_ENV_VARIABLES[id].clientId]: 'env-id' }).make(id);
    assert.equal(fromEnv.setupProblem?.()?.code, 'client_secret_missing');
    assert.equal((await rejection(fromEnv.prepare())).code, 'client_secret_missing');
  });
}

test('X and Discord need no secret: a client id alone is ready', () => {
  const { saved, make } = setup();
  saved.save('x', 'xid', null, 1);
  saved.save('discord', 'did', null, 1);
  assert.equal(make('x').setupProblem?.(), null);
  assert.equal(make('discord').setupProblem?.(), null);
});

test('X without a secret is a public client (authMethod none); with one it uses client_secret_basic', async () => {
  const { saved, make } = setup();
  saved.save('x', 'xid', null, 1);
  let client = (await make('x').prepare()).server.client;
  assert.deepEqual(client, { clientId: 'xid', clientSecret: null, authMethod: 'none' });

  saved.save('x', 'xid', 'x-secret', 2);
  client = (await make('x').prepare()).server.client;
  assert.deepEqual(client, { clientId: 'xid', clientSecret: 'x-secret', authMethod: 'client_secret_basic' });
});

test('Discord without a secret is public; with one it uses client_secret_basic', async () => {
  const { saved, make } = setup();
  saved.save('discord', 'did', null, 1);
  assert.equal((await make('discord').prepare()).server.client.authMethod, 'none');
  saved.save('discord', 'did', 'd-secret', 2);
  assert.deepEqual((await make('discord').prepare()).server.client, { clientId: 'did', clientSecret: 'd-secret', authMethod: 'client_secret_basic' });
});

test('Google with a secret uses client_secret_post', async () => {
  const { saved, make } = setup();
  saved.save('google', 'gid', 'g-secret', 1);
  const provider = make('google');
  assert.equal(provider.setupProblem?.(), null);
  assert.deepEqual((await provider.prepare()).server.client, { clientId: 'gid', clientSecret: 'g-secret', authMethod: 'client_secret_post' });
});

test('environment credentials are used by prepare when nothing is saved', async () => {
  const vars = CREDENTIAL_ENV_VARIABLES.x;
  const { make } = setup({ [vars.clientId]: 'env-xid', [vars.clientSecret]: 'env-xsecret' });
  assert.deepEqual((await make('x').prepare()).server.client, { clientId: 'env-xid', clientSecret: 'env-xsecret', authMethod: 'client_secret_basic' });
  assert.equal(make('x').settings?.().client.source, 'environment');
});

for (const id of ['google', 'google-health'] as const) {
  test(`${id}: system browser only, access_type=offline, prompt=consent on re-consent, select_account for another account`, async () => {
    const { saved, make } = setup();
    saved.save('google', 'gid', 'g-secret', 1);
    const provider = make(id);
    assert.deepEqual([...provider.authModes], ['system-browser']);
    assert.equal(provider.defaultAuthMode, 'system-browser');
    assert.equal(provider.accountChooser, true);
    const runtime = await provider.prepare();
    assert.equal(runtime.server.extraAuthParams?.access_type, 'offline');
    assert.equal(runtime.reconsentParams?.prompt, 'consent');
    const chooser = runtime.accountChooserParams?.prompt ?? '';
    assert.ok(chooser.split(' ').includes('select_account'), `prompt "${chooser}"`);
    assert.equal(runtime.server.issuer, GOOGLE_ENDPOINTS.issuer);
    assert.equal(runtime.server.pkceMethod, 'S256');
    assert.deepEqual(provider.settings?.().redirect.fixedPort, null);
  });
}

test('X and Discord can use the app window; X has no account chooser params', async () => {
  const { saved, make } = setup();
  saved.save('x', 'xid', null, 1);
  const x = make('x');
  assert.ok(x.authModes.includes('app-window'));
  assert.ok(make('discord').authModes.includes('app-window'));
  assert.equal(x.accountChooser, false);
  assert.equal((await x.prepare()).accountChooserParams, undefined);
});

// The ports documented for X and Discord (providers.md): people register them at the provider.
for (const [id, defaultPort, constant] of [['x', 53681, X_DEFAULT_REDIRECT_PORT], ['discord', 53682, DISCORD_DEFAULT_REDIRECT_PORT]] as const) {
  test(`${id}: fixed redirect port ${defaultPort} by default, and a port saved in ProviderSettingsStore is used by prepare and shown in settings`, async () => {
    assert.equal(constant, defaultPort);
    const { saved, preferences, make } = setup();
    saved.save(id, `${id}-id`, null, 1);
    const provider = make(id);
    let runtime = await provider.prepare();
    assert.equal(runtime.server.redirectPort, defaultPort);
    assert.equal(runtime.server.redirectPath, '/callback');
    let redirect = provider.settings?.().redirect;
    assert.deepEqual(redirect, {
      uri: `http://${LOOPBACK_HOST}:${defaultPort}/callback`,
      display: `http://${LOOPBACK_HOST}:${defaultPort}/callback`,
      fixedPort: defaultPort,
      portConfigurable: true,
      mustRegister: true,
    });

    const chosen = defaultPort + 1000;
    preferences.setRedirectPort(id, chosen);
    // The same profile object follows the preference (nothing is cached).
    runtime = await provider.prepare();
    assert.equal(runtime.server.redirectPort, chosen);
    redirect = provider.settings?.().redirect;
    assert.equal(redirect?.uri, `http://127.0.0.1:${chosen}/callback`);
    assert.equal(redirect?.fixedPort, chosen);
    assert.equal(redirect?.mustRegister, true);

    // Another provider's preference does not affect this one.
    preferences.setRedirectPort(id === 'x' ? 'discord' : 'x', 40000);
    assert.equal((await provider.prepare()).server.redirectPort, chosen);
  });
}

test('a stored redirect port out of range is ignored (the default applies)', async () => {
  const { saved, store, make } = setup();
  saved.save('x', 'xid', null, 1);
  for (const bad of [80, 70000, 5000.5, '50000']) {
    store.set('providerSettings', { x: { redirectPort: bad } });
    assert.equal((await make('x').prepare()).server.redirectPort, X_DEFAULT_REDIRECT_PORT, String(bad));
    assert.equal(make('x').settings?.().redirect.fixedPort, X_DEFAULT_REDIRECT_PORT);
  }
});

test("Google's redirect uses any free port: fixedPort null, nothing to register, not configurable, even with a saved port", async () => {
  const { saved, preferences, make } = setup();
  saved.save('google', 'gid', 'g-secret', 1);
  preferences.setRedirectPort('google', 50000);
  const provider = make('google');
  const redirect = provider.settings?.().redirect;
  assert.equal(redirect?.fixedPort, null);
  assert.equal(redirect?.mustRegister, false);
  assert.equal(redirect?.portConfigurable, false);
  assert.ok(!redirect?.uri.includes('50000'));
  assert.match(redirect?.display ?? '', /any port/);
  assert.equal((await provider.prepare()).server.redirectPort, 0);
});

test('S29 settings() never contains the client secret (saved or from the environment)', () => {
  const secrets: string[] = [];
  const env: Record<string, string> = {};
  for (const id of IDS) {
    const s = `env-secret-of-${id}-${Math.random().toString(36).slice(2)}`;
    env[CREDENTIAL_ENV_VARIABLES[id].clientId] = `env-${id}`;
    env[CREDENTIAL_ENV_VARIABLES[id].clientSecret] = s;
    secrets.push(s);
  }
  const fromEnv = setup(env);
  const fromSettings = setup();
  for (const id of IDS) {
    const s = `saved-secret-of-${id}-${Math.random().toString(36).slice(2)}`;
    fromSettings.saved.save(id, `saved-${id}`, s, 1);
    secrets.push(s);
  }
  for (const { make } of [fromEnv, fromSettings]) {
    for (const id of IDS) {
      const facts = make(id).settings?.();
      assert.ok(facts, `${id} has settings`);
      assert.equal(facts.client.secretSaved, true);
      const text = JSON.stringify(facts);
      for (const s of secrets) assert.ok(!text.includes(s), `${id} settings contain a secret`);
    }
  }
});

test('settings() reports the client in use, its source and the environment variable names', () => {
  const { saved, make } = setup();
  let facts = make('google').settings?.();
  assert.equal(facts?.client.clientId, null);
  assert.equal(facts?.client.source, null);
  assert.equal(facts?.client.secretSaved, false);
  assert.equal(facts?.client.secretRequired, true);
  assert.deepEqual(facts?.client.environmentVariables, CREDENTIAL_ENV_VARIABLES.google);
  assert.equal(facts?.editable, 'credentials');
  assert.equal(facts?.source, 'built-in');
  assert.equal(facts?.clientFileImport, true);
  assert.equal(facts?.file, null);
  assert.equal(facts?.definition, null);

  saved.save('google', 'gid', 's', 1);
  facts = make('google').settings?.();
  assert.equal(facts?.client.clientId, 'gid');
  assert.equal(facts?.client.source, 'settings');

  // Google Health shows Google's client as shared.
  const health = make('google-health').settings?.();
  assert.equal(health?.client.clientId, 'gid');
  assert.equal(health?.client.sharedFrom, 'Google');
  assert.equal(make('google').settings?.().client.sharedFrom, undefined);

  // X takes no client file (it has no Google-style download).
  assert.equal(make('x').settings?.().clientFileImport, false);
  assert.equal(make('x').settings?.().client.secretRequired, false);
});

test("Google Health uses Google's client when it has none of its own, and its own when saved", async () => {
  const { saved, make } = setup();
  saved.save('google', 'gid', 'g-secret', 1);
  const health = make('google-health');
  assert.equal(health.setupProblem?.(), null);
  assert.deepEqual((await health.prepare()).server.client, { clientId: 'gid', clientSecret: 'g-secret', authMethod: 'client_secret_post' });
  saved.save('google-health', 'ghid', 'gh-secret', 2);
  assert.equal((await health.prepare()).server.client.clientId, 'ghid');
  assert.equal(health.settings?.().client.sharedFrom, undefined);
});

test('S12 authorizationOrigins are the https origins of the authorization endpoints', () => {
  const { make } = setup();
  const expected: Record<Id, string> = {
    google: GOOGLE_ENDPOINTS.authorization,
    'google-health': GOOGLE_ENDPOINTS.authorization,
    x: X_ENDPOINTS.authorization,
    discord: DISCORD_ENDPOINTS.authorization,
  };
  for (const id of IDS) {
    const origins = make(id).authorizationOrigins();
    assert.deepEqual([...origins], [new URL(expected[id]).origin], id);
    for (const origin of origins) {
      const url = new URL(origin);
      assert.equal(url.protocol, 'https:', id);
      assert.equal(url.origin, origin, 'an origin, not a URL with a path');
    }
  }
  // Without credentials the origin list is still known (it is the allow-list, not a connection).
  assert.equal(make('x').authorizationOrigins().length, 1);
});

test('runtime endpoints match the spec: every endpoint is https', async () => {
  const { saved, make } = setup();
  for (const id of IDS) saved.save(id, `${id}-id`, 's', 1);
  for (const id of IDS) {
    const runtime = await make(id).prepare();
    for (const url of [runtime.server.authorizationEndpoint, runtime.server.tokenEndpoint, runtime.revocationEndpoint]) {
      if (url !== null) assert.equal(new URL(url).protocol, 'https:', `${id} ${url}`);
    }
  }
});

test("X's scopes include offline.access (for a refresh token)", async () => {
  const { saved, make } = setup();
  saved.save('x', 'xid', null, 1);
  const x = make('x');
  assert.ok((await x.prepare()).server.scopes.includes('offline.access'));
  assert.ok(x.settings?.().scopes.includes('offline.access'));
});

test("Discord's scopes are `identify email`", async () => {
  const { saved, make } = setup();
  saved.save('discord', 'did', null, 1);
  const discord = make('discord');
  assert.equal((await discord.prepare()).server.scopes.join(' '), 'identify email');
  assert.equal(discord.settings?.().scopes.join(' '), 'identify email');
  assert.equal((await discord.prepare()).reconsentParams?.prompt, 'consent');
});

test('Google never asks for gmail.metadata (it would override gmail.readonly)', async () => {
  const { saved, make } = setup();
  saved.save('google', 'gid', 'g-secret', 1);
  for (const id of ['google', 'google-health'] as const) {
    const runtime = await make(id).prepare();
    const everything = [...runtime.server.scopes, ...Object.values(runtime.server.extraAuthParams ?? {}), ...Object.values(runtime.reconsentParams ?? {})].join(' ');
    assert.ok(!everything.includes('gmail.metadata'), id);
  }
  assert.ok((await make('google').prepare()).server.scopes.includes(GMAIL_READONLY_SCOPE));
});

test("Google Health's notice mentions Fitbit and its scopes include the health metrics scope", async () => {
  const { saved, make } = setup();
  saved.save('google', 'gid', 'g-secret', 1);
  const health = make('google-health');
  assert.match(health.notice ?? '', /Fitbit/);
  assert.ok((await health.prepare()).server.scopes.includes(HEALTH_HEART_RATE_SCOPE));
  assert.ok(health.settings?.().scopes.includes(HEALTH_HEART_RATE_SCOPE));
  assert.ok(!(await make('google').prepare()).server.scopes.includes(HEALTH_HEART_RATE_SCOPE), 'Google alone does not ask for health data');
  assert.equal(make('google').notice, undefined);
});
