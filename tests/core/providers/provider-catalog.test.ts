import { test } from 'node:test';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { createProviderCatalog } from '../../../electron/core/providers/provider-catalog.ts';
import type { ProviderCatalogOptions } from '../../../electron/core/providers/provider-catalog.ts';
import { loadProvidersFile } from '../../../electron/core/providers/config/providers-file.ts';
import type { LoadedProvidersFile } from '../../../electron/core/providers/config/providers-file.ts';
import { CREDENTIAL_ENV_VARIABLES } from '../../../electron/core/providers/config/credentials-env.ts';
import { CustomProviderStore } from '../../../electron/core/providers/custom/custom-provider-store.ts';
import { createGotHttpClient } from '../../../electron/core/http/got-http-client.ts';
import { createFileStore } from '../../../electron/core/storage/file-store.ts';
import { RequestError, OAuthDeskError } from '../../../electron/core/errors.ts';
import { silentLogger } from '../../../electron/core/ports.ts';
import type { KeyValueStore } from '../../../electron/core/ports.ts';
import { createTestCipher } from '../../helpers/test-cipher.ts';
import { tempDataDir } from '../../helpers/temp-dir.ts';
import { noNetwork } from '../../helpers/fake-http.ts';

const FILE_SECRET = 'file-client-secret-91ab';
const SETTINGS_SECRET = 'settings-client-secret-c3d4';

const custom = (id: string, over: Record<string, unknown> = {}): Record<string, unknown> => ({
  id,
  displayName: `Custom ${id}`,
  authorizationEndpoint: `https://${id}.example.test/authorize`,
  tokenEndpoint: `https://${id}.example.test/token`,
  clientId: `${id}-client`,
  ...over,
});

/** A providers file on disk: two valid providers, one invalid, a secret in a file others may read. */
async function providersFile(dir: string, providers: unknown[]): Promise<LoadedProvidersFile> {
  const file = join(dir, 'providers.json');
  writeFileSync(file, JSON.stringify({ providers }, null, 2), { mode: 0o644 });
  return loadProvidersFile(file);
}

function catalogOptions(t: TestContext, over: Partial<ProviderCatalogOptions> = {}) {
  const dir = tempDataDir(t);
  const store: KeyValueStore = createFileStore(dir);
  const cipher = createTestCipher();
  const options: ProviderCatalogOptions = { store, cipher, http: noNetwork, clock: { now: () => 1 }, logger: silentLogger, ...over };
  return { dir, store, cipher, options };
}

function open(t: TestContext, options: ProviderCatalogOptions) {
  const catalog = createProviderCatalog(options);
  t.after(() => catalog.close());
  return catalog;
}

test('order: Sandbox, Google, Google Health, X, Discord, then the providers file, then Settings', async (t) => {
  const { dir, store, cipher, options } = catalogOptions(t);
  // Settings providers saved before the catalog opens, in this order.
  const saved = new CustomProviderStore(store, cipher);
  for (const id of ['set-b', 'set-a']) assert.equal(saved.save(custom(id), { otherIds: [] }).ok, true);
  const file = await providersFile(dir, [custom('file-z'), custom('file-y')]);
  const catalog = open(t, { ...options, providersFile: file });
  assert.deepEqual(
    catalog.profiles().map((p) => p.id),
    ['sandbox', 'google', 'google-health', 'x', 'discord', 'file-z', 'file-y', 'set-b', 'set-a'],
  );
  assert.deepEqual(
    catalog.profiles().map((p) => p.source ?? 'built-in'),
    ['built-in', 'built-in', 'built-in', 'built-in', 'built-in', 'providers-file', 'providers-file', 'settings', 'settings'],
  );
  // Added later: at the end.
  assert.equal(catalog.saveCustom(custom('set-0'), {}).saved, true);
  assert.equal(catalog.profiles().at(-1)?.id, 'set-0');
});

test('the catalog wires its stores: credentials saved there configure the built-ins', (t) => {
  const { options } = catalogOptions(t);
  const catalog = open(t, options);
  const google = catalog.profiles().find((p) => p.id === 'google');
  assert.equal(google?.setupProblem?.()?.code, 'client_not_configured');
  catalog.credentials?.save('google', 'gid', 'g-secret', 1);
  assert.equal(google?.setupProblem?.(), null);
  catalog.preferences?.setRedirectPort('x', 50001);
  assert.equal(catalog.profiles().find((p) => p.id === 'x')?.settings?.().redirect.fixedPort, 50001);
});

test('environment credentials configure the built-ins', (t) => {
  const x = CREDENTIAL_ENV_VARIABLES.x;
  const { options } = catalogOptions(t, { env: { [x.clientId]: 'env-xid' } });
  const catalog = open(t, options);
  const profile = catalog.profiles().find((p) => p.id === 'x');
  assert.equal(profile?.setupProblem?.(), null);
  assert.equal(profile?.settings?.().client.source, 'environment');
});

test('problems() includes startup problems, environment variable errors, providers-file errors (with file, providerId, field) and warnings', async (t) => {
  const { dir, options } = catalogOptions(t);
  const file = await providersFile(dir, [custom('good', { clientSecret: FILE_SECRET }), custom('broken', { redirectPort: 80 })]);
  assert.equal(file.warnings.length, 1, 'precondition: a readable file with a secret warns');
  const x = CREDENTIAL_ENV_VARIABLES.x;
  const catalog = open(t, {
    ...options,
    providersFile: file,
    env: { [x.clientSecret]: 'orphan-secret-value' },
    startupProblems: [{ code: 'providers_file_path_invalid', message: 'OAUTH_DESK_PROVIDERS must be a file path.', hint: 'Fix it.' }],
  });
  const problems = catalog.problems();
  const codes = problems.map((p) => p.code);

  const startup = problems.find((p) => p.code === 'providers_file_path_invalid');
  assert.deepEqual(startup, { code: 'providers_file_path_invalid', message: 'OAUTH_DESK_PROVIDERS must be a file path.', hint: 'Fix it.', file: null, providerId: null, field: null });

  const envProblem = problems.find((p) => p.code === 'credentials_env_invalid');
  assert.ok(envProblem, codes.join());
  assert.equal(envProblem.field, x.clientSecret);
  assert.equal(envProblem.providerId, 'x');
  assert.ok(!JSON.stringify(problems).includes('orphan-secret-value'), 'S29 no variable value in a problem');

  const fileProblem = problems.find((p) => p.providerId === 'broken');
  assert.ok(fileProblem, codes.join());
  assert.equal(fileProblem.file, file.file);
  assert.equal(fileProblem.field, 'redirectPort');
  assert.ok(fileProblem.hint.length > 0);

  const warning = problems.find((p) => p.code === 'providers_file_readable_by_others');
  assert.ok(warning, codes.join());
  assert.ok(!JSON.stringify(problems).includes(FILE_SECRET), 'S29 no client secret in a problem');

  // The valid file provider still loads; the broken one does not.
  const ids = catalog.profiles().map((p) => p.id);
  assert.ok(ids.includes('good'));
  assert.ok(!ids.includes('broken'));
});

test('problems() includes stored Settings providers that no longer validate', (t) => {
  const { store, options } = catalogOptions(t);
  store.set('customProviders', [{ definition: { ...custom('stale'), tokenEndpoint: 'http://public.example.test/token' }, secret: null }]);
  const catalog = open(t, options);
  const stale = catalog.problems().find((p) => p.providerId === 'stale');
  assert.ok(stale);
  assert.equal(stale.field, 'tokenEndpoint');
  assert.ok(!catalog.profiles().some((p) => p.id === 'stale'));
});

test('a Settings provider with the id of a providers-file provider is hidden: the file wins', async (t) => {
  const { dir, store, cipher, options } = catalogOptions(t);
  // Saved in Settings first; the same id appeared in the providers file later.
  assert.equal(new CustomProviderStore(store, cipher).save(custom('shared', { displayName: 'From Settings' }), { otherIds: [] }).ok, true);
  const file = await providersFile(dir, [custom('shared', { displayName: 'From the file' })]);
  const catalog = open(t, { ...options, providersFile: file });
  const shared = catalog.profiles().filter((p) => p.id === 'shared');
  assert.equal(shared.length, 1);
  assert.equal(shared[0]?.displayName, 'From the file');
  assert.equal(shared[0]?.source, 'providers-file');
  // The hidden one is reported, naming the id and the file, so the person can rename one of them.
  const shadowed = catalog.problems().find((p) => p.code === 'provider_id_shadowed');
  assert.equal(shadowed?.providerId, 'shared');
  assert.equal(shadowed?.file, file.file);
  // Saving in Settings with that id is refused.
  const result = catalog.saveCustom(custom('shared'), {});
  assert.equal(result.saved, false);
  if (!result.saved) assert.ok(result.problems.some((p) => p.field === 'id'));
});

test('saveCustom notifies onChange listeners and adds the provider; an unsubscribed listener is not called', (t) => {
  const { options } = catalogOptions(t);
  const catalog = open(t, options);
  let calls = 0;
  let otherCalls = 0;
  catalog.onChange(() => calls++);
  const stop = catalog.onChange(() => otherCalls++);
  const result = catalog.saveCustom(custom('acme'), { clientSecret: SETTINGS_SECRET });
  assert.deepEqual(result, { saved: true, providerId: 'acme' });
  assert.equal(calls, 1);
  assert.equal(otherCalls, 1);
  const acme = catalog.profiles().find((p) => p.id === 'acme');
  assert.equal(acme?.source, 'settings');
  assert.equal(acme?.settings?.().client.secretSaved, true);
  assert.ok(!JSON.stringify(acme?.settings?.()).includes(SETTINGS_SECRET), 'S29');

  stop();
  catalog.saveCustom(custom('beta'), {});
  assert.equal(calls, 2);
  assert.equal(otherCalls, 1);
});

test('saveCustom with an invalid form returns {saved:false, problems} with field names, changes nothing and notifies no one', (t) => {
  const { options } = catalogOptions(t);
  const catalog = open(t, options);
  let calls = 0;
  catalog.onChange(() => calls++);
  const before = catalog.profiles().map((p) => p.id);
  const result = catalog.saveCustom(custom('acme', { tokenEndpoint: 'ftp://acme.example.test/token', pkce: 'S512' }), { clientSecret: SETTINGS_SECRET });
  assert.equal(result.saved, false);
  if (result.saved) return;
  const fields = result.problems.map((p) => p.field);
  assert.ok(fields.includes('tokenEndpoint'), fields.join());
  assert.ok(fields.includes('pkce'), fields.join());
  for (const p of result.problems) {
    assert.ok(p.message.length > 0 && p.hint.length > 0);
    assert.deepEqual(Object.keys(p).sort(), ['field', 'hint', 'message'], 'only the wire fields');
  }
  assert.ok(!JSON.stringify(result).includes(SETTINGS_SECRET), 'S29');
  assert.equal(calls, 0);
  assert.deepEqual(catalog.profiles().map((p) => p.id), before);
});

test('an unchanged definition keeps the same profile object across another save; a changed one gets a new profile', (t) => {
  const { options } = catalogOptions(t);
  const catalog = open(t, options);
  catalog.saveCustom(custom('keep'), { clientSecret: SETTINGS_SECRET });
  catalog.saveCustom(custom('edit'), {});
  const keep = catalog.profiles().find((p) => p.id === 'keep');
  const edit = catalog.profiles().find((p) => p.id === 'edit');
  const builtIns = catalog.profiles().slice(0, 5);
  assert.ok(keep && edit);

  catalog.saveCustom(custom('other'), {});
  assert.equal(catalog.profiles().find((p) => p.id === 'keep'), keep, 'unchanged: the same object');
  assert.equal(catalog.profiles().find((p) => p.id === 'edit'), edit);

  // Saved again with the same definition (secret kept): still the same object.
  catalog.saveCustom(custom('keep'), { replaces: 'keep' });
  assert.equal(catalog.profiles().find((p) => p.id === 'keep'), keep);

  catalog.saveCustom(custom('edit', { displayName: 'Edited' }), { replaces: 'edit' });
  const edited = catalog.profiles().find((p) => p.id === 'edit');
  assert.notEqual(edited, edit);
  assert.equal(edited?.displayName, 'Edited');

  // A new secret is a change too.
  catalog.saveCustom(custom('keep'), { replaces: 'keep', clientSecret: 'another-secret' });
  assert.notEqual(catalog.profiles().find((p) => p.id === 'keep'), keep);

  catalog.profiles().slice(0, 5).forEach((p, i) => assert.equal(p, builtIns[i], 'built-ins never change'));
});

test('saving a custom provider clears the card preferences of its id (and the id it replaced)', (t) => {
  const { options } = catalogOptions(t);
  const catalog = open(t, options);
  catalog.saveCustom(custom('acme'), {});
  catalog.preferences?.setAuthMode('acme', 'app-window');
  // A leftover choice for the new id (e.g. from a provider removed earlier).
  catalog.preferences?.setAuthMode('acme-2', 'app-window');
  catalog.saveCustom(custom('acme-2', { authMode: 'system-browser' }), { replaces: 'acme' });
  assert.equal(catalog.preferences?.authMode('acme'), undefined);
  assert.equal(catalog.preferences?.authMode('acme-2'), undefined);
});

test('removeCustom removes a Settings provider and notifies listeners', (t) => {
  const { options } = catalogOptions(t);
  const catalog = open(t, options);
  catalog.saveCustom(custom('gone'), {});
  let calls = 0;
  catalog.onChange(() => calls++);
  catalog.removeCustom('gone');
  assert.ok(!catalog.profiles().some((p) => p.id === 'gone'));
  assert.equal(calls, 1);
});

test('removeCustom of a providers-file provider throws provider_not_removable with a hint naming the file', async (t) => {
  const { dir, options } = catalogOptions(t);
  const file = await providersFile(dir, [custom('infile')]);
  const catalog = open(t, { ...options, providersFile: file });
  let calls = 0;
  catalog.onChange(() => calls++);
  assert.throws(
    () => catalog.removeCustom('infile'),
    (e: unknown) => e instanceof RequestError && e.code === 'provider_not_removable' && /providers file/.test(e.hint),
  );
  assert.ok(catalog.profiles().some((p) => p.id === 'infile'), 'still there');
  assert.equal(calls, 0);
  // A built-in is refused with the same code; an id nobody has is unknown.
  for (const id of ['google', 'sandbox']) {
    assert.throws(() => catalog.removeCustom(id), (e: unknown) => e instanceof OAuthDeskError && e.code === 'provider_not_removable', id);
  }
  assert.throws(() => catalog.removeCustom('nothing'), (e: unknown) => e instanceof OAuthDeskError && e.code === 'provider_unknown');
});

test('removeCustom of a providers-file provider names the file itself in the hint', async (t) => {
  const { dir, options } = catalogOptions(t);
  const file = await providersFile(dir, [custom('infile')]);
  const catalog = open(t, { ...options, providersFile: file });
  assert.throws(
    () => catalog.removeCustom('infile'),
    (e: unknown) => e instanceof RequestError && (e.hint.includes(file.file) || e.message.includes(file.file)),
    'the person is told which file to edit',
  );
});

test('withoutBuiltIns leaves only the Sandbox and custom providers', (t) => {
  const { options } = catalogOptions(t, { withoutBuiltIns: true });
  const catalog = open(t, options);
  assert.deepEqual(catalog.profiles().map((p) => p.id), ['sandbox']);
});

test('close() stops a running Sandbox without error; later prepares refuse', async (t) => {
  // Only loopback: the Sandbox is a local server and its discovery goes to 127.0.0.1.
  const { options } = catalogOptions(t, { http: createGotHttpClient() });
  const catalog = createProviderCatalog(options);
  const sandbox = catalog.profiles()[0]!;
  assert.equal(sandbox.id, 'sandbox');
  const runtime = await sandbox.prepare();
  const origin = new URL(runtime.server.authorizationEndpoint);
  assert.equal(origin.hostname, '127.0.0.1');
  assert.deepEqual([...sandbox.authorizationOrigins()], [origin.origin]);
  let listenerCalls = 0;
  catalog.onChange(() => listenerCalls++);

  await catalog.close();
  const refused = await new Promise<boolean>((resolve) => {
    const socket = connect(Number(origin.port), '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
  assert.ok(refused, 'the Sandbox server is no longer listening');
  await assert.rejects(sandbox.prepare(), (e: unknown) => e instanceof OAuthDeskError && e.code === 'app_closing');
  // Closing twice is harmless.
  await catalog.close();
  assert.equal(listenerCalls, 0);
});
