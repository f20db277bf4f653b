/**
 * The `settings:*` channels through a real desk (its default catalog: the Sandbox and the
 * built-ins), a real conf store in a temporary folder and the real dispatcher, so every payload is
 * validated and every answer is what the window would receive.
 */
import { test } from 'node:test';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo, Server } from 'node:net';
import { createDesk } from '../../../electron/core/app/desk.ts';
import { createProviderCatalog } from '../../../electron/core/providers/provider-catalog.ts';
import { dispatch } from '../../../electron/core/ipc/dispatch.ts';
import { OAuthDeskError, RequestError } from '../../../electron/core/errors.ts';
import { silentLogger } from '../../../electron/core/ports.ts';
import { CREDENTIAL_ENV_VARIABLES } from '../../../electron/core/providers/config/credentials-env.ts';
import { X_DEFAULT_REDIRECT_PORT } from '../../../electron/core/providers/built-in/x.ts';
import { ClientCredentialStore } from '../../../electron/core/storage/client-credential-store.ts';
import { ConnectionRepository } from '../../../electron/core/storage/connection-repository.ts';
import { createFileStore, storeFilePath } from '../../../electron/core/storage/file-store.ts';
import type { Channel, Payload, ResultOf } from '../../../electron/shared/ipc-contract.ts';
import type { ErrorInfo } from '../../../electron/shared/error-info.ts';
import type { ProviderView } from '../../../electron/shared/view-types.ts';
import { createTestCipher } from '../../helpers/test-cipher.ts';
import { tempDataDir } from '../../helpers/temp-dir.ts';
import { noNetwork } from '../../helpers/fake-http.ts';

const GOOGLE_ID = '123456789012-abcdefghijklmnop.apps.googleusercontent.com';
const GOOGLE_SECRET = 'GOCSPX-google-secret-Zx9';
const X_SECRET = 'x-secret:with+special/chars=';
const CUSTOM_SECRET = 'custom-secret-4f1e2d';

function clientFile(kind: 'installed' | 'web', clientId: string, clientSecret: string): string {
  return JSON.stringify({
    [kind]: {
      client_id: clientId,
      project_id: 'oauth-desk-test',
      auth_uri: 'https://accounts.google.com/o/oauth2/auth',
      token_uri: 'https://oauth2.googleapis.com/token',
      client_secret: clientSecret,
      redirect_uris: ['http://localhost'],
    },
  });
}

class WireError extends Error {
  readonly code: string;
  readonly hint: string;
  constructor(info: ErrorInfo) {
    super(info.message);
    this.code = info.code;
    this.hint = info.hint;
  }
}

function harness(t: TestContext) {
  const dir = tempDataDir(t);
  const store = createFileStore(dir);
  const cipher = createTestCipher();
  const desk = createDesk({ store, cipher, opener: null, authWindow: null, logger: silentLogger, proactiveRefresh: false, http: noNetwork, clock: { now: () => 1_700_000_000_000 } });
  t.after(() => desk.close());
  /** Every answer the window received, as JSON text (S29 checks). */
  const wire: string[] = [];
  const pushed: ProviderView[][] = [];
  desk.onProvidersChanged((views) => {
    pushed.push(views);
    wire.push(JSON.stringify(views));
  });
  async function call<C extends Channel>(channel: C, payload: Payload<C>): Promise<ResultOf<C>> {
    const result = await dispatch(desk.handlers, channel, payload);
    wire.push(JSON.stringify(result));
    if (!result.ok) throw new WireError(result.error);
    return result.value as ResultOf<C>;
  }
  const credentials = new ClientCredentialStore(store, cipher);
  const repository = new ConnectionRepository(store, cipher, silentLogger);
  const view = async (providerId: string) => (await call('providers:list', undefined)).find((p) => p.id === providerId);
  return { dir, store, cipher, desk, wire, pushed, call, credentials, repository, view };
}

async function wireError(promise: Promise<unknown>): Promise<WireError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof WireError, `a wire error, got ${String(error)}`);
    assert.ok(error.hint.length > 0, 'with a hint');
    return error;
  }
  assert.fail('expected the call to fail');
}

function assertNoSecrets(texts: readonly string[], secrets: readonly string[]) {
  for (const text of texts) for (const secret of secrets) assert.ok(!text.includes(secret), `a secret reached the window: ${text.slice(0, 200)}`);
}

async function holdPort(t: TestContext): Promise<number> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen({ port: 0, host: '127.0.0.1' }, resolve));
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return (server.address() as AddressInfo).port;
}

test('settings:get for Google before saving: the environment variable names, no client, source null', async (t) => {
  const h = harness(t);
  const settings = await h.call('settings:get', { providerId: 'google' });
  assert.equal(settings.providerId, 'google');
  assert.equal(settings.editable, 'credentials');
  assert.deepEqual(settings.client.environmentVariables, CREDENTIAL_ENV_VARIABLES.google);
  assert.equal(settings.client.source, null);
  assert.equal(settings.client.clientId, null);
  assert.equal(settings.client.secretSaved, false);
  assert.equal(settings.client.secretRequired, true);
  assert.equal(settings.clientFileImport, true);
  assert.deepEqual(settings.availableAuthModes, ['system-browser']);
  assert.equal(settings.authMode, 'system-browser');
  assert.deepEqual(await h.call('settings:list-problems', undefined), []);
});

test('settings:save-credentials stores the trimmed id and the secret encrypted (S20); the view shows only that a secret is saved (S29)', async (t) => {
  const h = harness(t);
  const settings = await h.call('settings:save-credentials', { providerId: 'google', clientId: `  ${GOOGLE_ID}\n`, clientSecret: ` ${GOOGLE_SECRET} ` });
  assert.equal(settings.client.clientId, GOOGLE_ID);
  assert.equal(settings.client.secretSaved, true);
  assert.equal(settings.client.source, 'settings');
  assert.deepEqual(h.credentials.get('google'), { clientId: GOOGLE_ID, clientSecret: GOOGLE_SECRET, savedAt: 1_700_000_000_000 });
  assert.ok(!readFileSync(storeFilePath(h.dir), 'utf8').includes(GOOGLE_SECRET), 'S20');
  assertNoSecrets(h.wire, [GOOGLE_SECRET]);
});

test('settings:save-credentials: an empty secret keeps the saved one, null removes it, an empty id removes everything', async (t) => {
  const h = harness(t);
  await h.call('settings:save-credentials', { providerId: 'x', clientId: 'x-client', clientSecret: X_SECRET });
  let settings = await h.call('settings:save-credentials', { providerId: 'x', clientId: 'x-client', clientSecret: '' });
  assert.equal(settings.client.secretSaved, true);
  assert.equal(h.credentials.get('x')?.clientSecret, X_SECRET, 'kept');
  settings = await h.call('settings:save-credentials', { providerId: 'x', clientId: 'x-client', clientSecret: '   ' });
  assert.equal(h.credentials.get('x')?.clientSecret, X_SECRET, 'blank is empty too');
  settings = await h.call('settings:save-credentials', { providerId: 'x', clientId: 'x-client' });
  assert.equal(h.credentials.get('x')?.clientSecret, X_SECRET, 'absent keeps it');

  settings = await h.call('settings:save-credentials', { providerId: 'x', clientId: 'x-client', clientSecret: null });
  assert.equal(settings.client.secretSaved, false);
  assert.equal(h.credentials.get('x')?.clientSecret, null);
  assert.equal(settings.client.clientId, 'x-client');

  settings = await h.call('settings:save-credentials', { providerId: 'x', clientId: '  ' });
  assert.equal(settings.client.clientId, null);
  assert.equal(settings.client.source, null);
  assert.equal(h.credentials.get('x'), null);
  assertNoSecrets(h.wire, [X_SECRET]);
});

test('settings:save-credentials: an empty secret with a new client id does not carry the old secret over', async (t) => {
  const h = harness(t);
  await h.call('settings:save-credentials', { providerId: 'x', clientId: 'old-client', clientSecret: X_SECRET });
  const settings = await h.call('settings:save-credentials', { providerId: 'x', clientId: 'new-client', clientSecret: '' });
  assert.equal(settings.client.secretSaved, false);
  assert.equal(h.credentials.get('x')?.clientSecret, null);
});

test("settings:save-credentials: saving Google Health's shown (shared) client with an empty secret keeps a working client", async (t) => {
  const h = harness(t);
  await h.call('settings:save-credentials', { providerId: 'google', clientId: GOOGLE_ID, clientSecret: GOOGLE_SECRET });
  const shown = await h.call('settings:get', { providerId: 'google-health' });
  // Settings shows Google's client for Google Health, with a secret saved ("Saved — leave empty to keep").
  assert.equal(shown.client.clientId, GOOGLE_ID);
  assert.equal(shown.client.secretSaved, true);
  assert.equal(shown.client.sharedFrom, 'Google');
  assert.equal((await h.view('google-health'))?.setupProblem, null);

  // The person presses Save without typing a secret: what the credentials form sends.
  const saved = await h.call('settings:save-credentials', { providerId: 'google-health', clientId: shown.client.clientId! });
  assert.equal(saved.client.secretSaved, true, 'the secret shown as saved is still saved');
  assert.equal((await h.view('google-health'))?.setupProblem, null, 'Google Health still connects');
  assert.equal(h.credentials.get('google-health'), null, "nothing was copied: Google Health keeps sharing Google's client");
  assert.equal(saved.client.sharedFrom, 'Google');
  assertNoSecrets(h.wire, [GOOGLE_SECRET]);
});

test('settings:save-credentials: saving a client that comes from the environment with an empty secret keeps the secret', async (t) => {
  const dir = tempDataDir(t);
  const store = createFileStore(dir);
  const cipher = createTestCipher();
  const x = CREDENTIAL_ENV_VARIABLES.x;
  const g = CREDENTIAL_ENV_VARIABLES.google;
  const catalog = createProviderCatalog({
    store,
    cipher,
    http: noNetwork,
    clock: { now: () => 1 },
    logger: silentLogger,
    env: { [x.clientId]: 'env-x-client', [x.clientSecret]: X_SECRET, [g.clientId]: GOOGLE_ID, [g.clientSecret]: GOOGLE_SECRET },
  });
  const desk = createDesk({ store, cipher, opener: null, authWindow: null, logger: silentLogger, proactiveRefresh: false, http: noNetwork, catalog });
  t.after(() => desk.close());
  const answers: string[] = [];
  for (const providerId of ['x', 'google']) {
    const shown = await desk.handlers['settings:get']({ providerId });
    assert.equal(shown.client.source, 'environment');
    assert.equal(shown.client.secretSaved, true);
    const saved = await desk.handlers['settings:save-credentials']({ providerId, clientId: shown.client.clientId! });
    answers.push(JSON.stringify([shown, saved]));
    assert.equal(saved.client.secretSaved, true, `${providerId}: the secret shown as saved is still in use`);
  }
  const google = (await desk.handlers['providers:list']()).find((p) => p.id === 'google');
  assert.equal(google?.setupProblem, null, 'Google still connects');
  assertNoSecrets(answers, [X_SECRET, GOOGLE_SECRET]);
});

test('settings:save-credentials refuses a client id with spaces and keeps what was saved', async (t) => {
  const h = harness(t);
  await h.call('settings:save-credentials', { providerId: 'google', clientId: GOOGLE_ID, clientSecret: GOOGLE_SECRET });
  let changes = h.pushed.length;
  for (const bad of ['two words', 'tab\there', 'line\nbreak']) {
    const error = await wireError(h.call('settings:save-credentials', { providerId: 'google', clientId: bad, clientSecret: 'other' }));
    assert.equal(error.code, 'client_id_invalid');
  }
  assert.deepEqual(h.credentials.get('google')?.clientSecret, GOOGLE_SECRET);
  assert.equal(h.credentials.get('google')?.clientId, GOOGLE_ID);
  assert.equal(h.pushed.length, changes, 'nothing changed, nothing pushed');
  // Direct call: a typed error.
  await assert.rejects(h.desk.handlers['settings:save-credentials']({ providerId: 'google', clientId: 'a b' }), (e: unknown) => e instanceof RequestError);
});

test("the provider view's setupProblem clears after saving credentials (providers:list and the pushed views)", async (t) => {
  const h = harness(t);
  assert.equal((await h.view('google'))?.setupProblem?.code, 'client_not_configured');
  assert.equal((await h.view('x'))?.setupProblem?.code, 'client_not_configured');

  await h.call('settings:save-credentials', { providerId: 'google', clientId: GOOGLE_ID });
  assert.equal((await h.view('google'))?.setupProblem?.code, 'client_secret_missing');
  // Google Health shares Google's client, so it needs the secret too.
  assert.equal((await h.view('google-health'))?.setupProblem?.code, 'client_secret_missing');

  await h.call('settings:save-credentials', { providerId: 'google', clientId: GOOGLE_ID, clientSecret: GOOGLE_SECRET });
  assert.equal((await h.view('google'))?.setupProblem, null);
  assert.equal((await h.view('google-health'))?.setupProblem, null);
  const last = h.pushed.at(-1);
  assert.ok(last, 'the change was pushed to the window');
  assert.equal(last.find((p) => p.id === 'google')?.setupProblem, null);

  await h.call('settings:save-credentials', { providerId: 'x', clientId: 'x-public-client' });
  assert.equal((await h.view('x'))?.setupProblem, null);
  assertNoSecrets(h.wire, [GOOGLE_SECRET]);
});

test('settings:import-client-file saves the id and secret of a Desktop client, without warnings', async (t) => {
  const h = harness(t);
  const result = await h.call('settings:import-client-file', { providerId: 'google', text: clientFile('installed', GOOGLE_ID, GOOGLE_SECRET) });
  assert.equal(result.settings.client.clientId, GOOGLE_ID);
  assert.equal(result.settings.client.secretSaved, true);
  assert.deepEqual(result.warnings, []);
  assert.equal(h.credentials.get('google')?.clientSecret, GOOGLE_SECRET);
  assert.equal((await h.view('google'))?.setupProblem, null);
  assertNoSecrets(h.wire, [GOOGLE_SECRET]);
});

test('settings:import-client-file of a "web" client saves it and returns a warning', async (t) => {
  const h = harness(t);
  const result = await h.call('settings:import-client-file', { providerId: 'google-health', text: clientFile('web', GOOGLE_ID, GOOGLE_SECRET) });
  assert.ok(result.warnings.some((w) => w.code === 'google_web_client'), JSON.stringify(result.warnings));
  for (const w of result.warnings) assert.ok(w.message.length > 0 && w.hint.length > 0);
  assert.equal(h.credentials.get('google-health')?.clientSecret, GOOGLE_SECRET);
  assert.equal(h.credentials.get('google'), null, 'saved for the provider named, not for Google');
  assertNoSecrets(h.wire, [GOOGLE_SECRET]);
});

test('S29 settings:import-client-file refuses a broken file without saving, and never echoes the secret', async (t) => {
  const h = harness(t);
  const noId = JSON.stringify({ installed: { client_secret: GOOGLE_SECRET } });
  const error = await wireError(h.call('settings:import-client-file', { providerId: 'google', text: noId }));
  assert.equal(error.code, 'google_client_secret_invalid');
  const notJson = await wireError(h.call('settings:import-client-file', { providerId: 'google', text: `{"installed": {"client_secret": "${GOOGLE_SECRET}"` }));
  assert.equal(notJson.code, 'google_client_secret_not_json');
  assert.equal(h.credentials.get('google'), null);
  assertNoSecrets(h.wire, [GOOGLE_SECRET]);
});

test('settings:import-client-file is refused for X (client_file_unsupported) and for the Sandbox', async (t) => {
  const h = harness(t);
  const text = clientFile('installed', GOOGLE_ID, GOOGLE_SECRET);
  assert.equal((await wireError(h.call('settings:import-client-file', { providerId: 'x', text }))).code, 'client_file_unsupported');
  assert.equal(h.credentials.get('x'), null, 'nothing saved for X');
  const sandbox = await wireError(h.call('settings:import-client-file', { providerId: 'sandbox', text }));
  assert.ok(['settings_unavailable', 'settings_read_only'].includes(sandbox.code), sandbox.code);
  assert.equal(h.credentials.get('sandbox'), null);
  assertNoSecrets(h.wire, [GOOGLE_SECRET]);
});

test('settings:set-redirect-port for X: the port is used and shown; ports below 1024 are refused', async (t) => {
  const h = harness(t);
  let settings = await h.call('settings:get', { providerId: 'x' });
  assert.equal(settings.redirect.fixedPort, X_DEFAULT_REDIRECT_PORT);
  assert.equal(settings.redirect.portConfigurable, true);

  settings = await h.call('settings:set-redirect-port', { providerId: 'x', port: 50123 });
  assert.equal(settings.redirect.fixedPort, 50123);
  assert.equal(settings.redirect.uri, 'http://127.0.0.1:50123/callback');
  assert.equal(settings.redirect.mustRegister, true);
  assert.equal((await h.call('settings:get', { providerId: 'x' })).redirect.fixedPort, 50123, 'saved');

  for (const port of [0, 80, 443, 1023]) {
    const error = await wireError(h.call('settings:set-redirect-port', { providerId: 'x', port }));
    assert.equal(error.code, 'redirect_port_invalid', String(port));
  }
  assert.equal((await h.call('settings:get', { providerId: 'x' })).redirect.fixedPort, 50123, 'unchanged by the refused ports');
  for (const port of [1024, 65535]) assert.equal((await h.call('settings:set-redirect-port', { providerId: 'discord', port })).redirect.fixedPort, port);
  // Out of the range the validator allows: refused before the handler.
  assert.equal((await wireError(h.call('settings:set-redirect-port', { providerId: 'x', port: 65536 }))).code, 'ipc_invalid_payload');
});

test('settings:set-redirect-port refuses Google (redirect_port_fixed) and the Sandbox', async (t) => {
  const h = harness(t);
  assert.equal((await wireError(h.call('settings:set-redirect-port', { providerId: 'google', port: 50000 }))).code, 'redirect_port_fixed');
  assert.equal((await h.call('settings:get', { providerId: 'google' })).redirect.fixedPort, null);
  assert.equal((await wireError(h.call('settings:set-redirect-port', { providerId: 'sandbox', port: 50000 }))).code, 'settings_unavailable');
});

test('settings:check-port: a held port is in use, said plainly; a free one is free; Google has nothing to check', async (t) => {
  const h = harness(t);
  const held = await holdPort(t);
  await h.call('settings:set-redirect-port', { providerId: 'x', port: held });
  const busy = await h.call('settings:check-port', { providerId: 'x' });
  assert.equal(busy.port, held);
  assert.equal(busy.free, false);
  assert.ok(busy.message.includes(String(held)), busy.message);
  assert.match(busy.message, /in use/);
  assert.doesNotMatch(busy.message, /EADDRINUSE|Error|errno|listen/i, 'plain language, no system error');

  // A port that was free a moment ago.
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen({ port: 0, host: '127.0.0.1' }, resolve));
  const freePort = (probe.address() as AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  await h.call('settings:set-redirect-port', { providerId: 'discord', port: freePort });
  const free = await h.call('settings:check-port', { providerId: 'discord' });
  assert.deepEqual([free.port, free.free], [freePort, true]);
  assert.ok(free.message.includes(String(freePort)));

  const google = await h.call('settings:check-port', { providerId: 'google' });
  assert.equal(google.free, true);
  assert.equal(google.port, 0);
});

test('settings:save-custom then settings:remove-custom', async (t) => {
  const h = harness(t);
  const form = { id: 'acme', displayName: 'Acme', authorizationEndpoint: 'https://acme.example.test/authorize', tokenEndpoint: 'https://acme.example.test/token', clientId: 'acme-client', scopes: ['read'] };
  const saved = await h.call('settings:save-custom', { form, clientSecret: CUSTOM_SECRET });
  assert.deepEqual(saved, { saved: true, providerId: 'acme' });
  const listed = await h.view('acme');
  assert.equal(listed?.source, 'settings');
  assert.equal(h.pushed.at(-1)?.some((p) => p.id === 'acme'), true, 'pushed to the window');

  const settings = await h.call('settings:get', { providerId: 'acme' });
  assert.equal(settings.editable, 'definition');
  assert.equal(settings.client.secretSaved, true);
  assert.equal(settings.definition?.clientId, 'acme-client');
  assert.ok(!('clientSecret' in (settings.definition ?? {})));
  // Its client is edited through the definition, not the credentials form.
  assert.equal((await wireError(h.call('settings:save-credentials', { providerId: 'acme', clientId: 'other' }))).code, 'settings_read_only');

  // Edit, keeping the secret (absent).
  const edited = await h.call('settings:save-custom', { form: { ...form, displayName: 'Acme Edited' }, replaces: 'acme' });
  assert.deepEqual(edited, { saved: true, providerId: 'acme' });
  assert.equal((await h.view('acme'))?.displayName, 'Acme Edited');
  assert.equal((await h.call('settings:get', { providerId: 'acme' })).client.secretSaved, true);

  const invalid = await h.call('settings:save-custom', { form: { ...form, id: 'Bad Id' } });
  assert.equal(invalid.saved, false);
  if (!invalid.saved) assert.ok(invalid.problems.some((p) => p.field === 'id'));

  await h.call('settings:remove-custom', { providerId: 'acme' });
  assert.equal(await h.view('acme'), undefined);
  assert.equal((await wireError(h.call('settings:get', { providerId: 'acme' }))).code, 'provider_unknown');
  assert.equal((await wireError(h.call('settings:remove-custom', { providerId: 'acme' }))).code, 'provider_unknown');
  assertNoSecrets(h.wire, [CUSTOM_SECRET]);
  assert.ok(!readFileSync(storeFilePath(h.dir), 'utf8').includes(CUSTOM_SECRET), 'S20');
});

test('settings:save-custom refuses to edit a built-in; settings:remove-custom refuses built-ins', async (t) => {
  const h = harness(t);
  const form = { id: 'google', displayName: 'Mine', issuer: 'https://accounts.google.com', clientId: 'c' };
  assert.equal((await wireError(h.call('settings:save-custom', { form, replaces: 'google' }))).code, 'provider_not_editable');
  assert.equal((await wireError(h.call('settings:remove-custom', { providerId: 'google' }))).code, 'provider_not_removable');
  assert.ok((await h.view('google')) !== undefined);
});

test('a custom provider with connections cannot be removed or renamed', async (t) => {
  const h = harness(t);
  const form = { id: 'acme', displayName: 'Acme', authorizationEndpoint: 'https://acme.example.test/authorize', tokenEndpoint: 'https://acme.example.test/token', clientId: 'acme-client' };
  await h.call('settings:save-custom', { form });
  h.repository.save(
    { id: 'c-acme', providerId: 'acme', subject: 's', accountLabel: 'ada', connectedAt: 1, updatedAt: 1, issuer: null, requestedScopes: [], reauthorizationReason: null, lastRefresh: null, boundClient: null },
    { accessToken: 'at-acme-secret', tokenType: 'Bearer', expiresAt: null, refreshToken: null, idToken: null, grantedScopes: [] },
  );
  assert.equal((await wireError(h.call('settings:remove-custom', { providerId: 'acme' }))).code, 'provider_has_connections');
  const renamed = await h.call('settings:save-custom', { form: { ...form, id: 'acme-2' }, replaces: 'acme' });
  assert.equal(renamed.saved, false);
  if (!renamed.saved) assert.equal(renamed.problems[0]?.field, 'id');
  assert.ok((await h.view('acme')) !== undefined);
  assertNoSecrets(h.wire, ['at-acme-secret']);
});

test('a stored custom provider that no longer validates can be removed in Settings', async (t) => {
  const dir = tempDataDir(t);
  const store = createFileStore(dir);
  // Saved by an earlier version; its token endpoint is now refused (http on a public host).
  store.set('customProviders', [
    { definition: { id: 'stale', displayName: 'Stale', authorizationEndpoint: 'https://stale.example.test/a', tokenEndpoint: 'http://stale.example.test/t', clientId: 'c' }, secret: null },
  ]);
  const desk = createDesk({ store, cipher: createTestCipher(), opener: null, authWindow: null, logger: silentLogger, proactiveRefresh: false, http: noNetwork });
  t.after(() => desk.close());
  const problems = await desk.handlers['settings:list-problems']();
  assert.ok(problems.some((p) => p.providerId === 'stale'), 'reported');
  // The person follows the problem and removes the provider (or its id stays taken forever).
  await desk.handlers['settings:remove-custom']({ providerId: 'stale' });
  assert.ok(!(await desk.handlers['settings:list-problems']()).some((p) => p.providerId === 'stale'));
});

test('settings:get for the Sandbox rejects with a typed error', async (t) => {
  const h = harness(t);
  const error = await wireError(h.call('settings:get', { providerId: 'sandbox' }));
  assert.equal(error.code, 'settings_unavailable');
  await assert.rejects(h.desk.handlers['settings:get']({ providerId: 'sandbox' }), (e: unknown) => e instanceof OAuthDeskError && e.code === 'settings_unavailable' && e.hint.length > 0);
  assert.equal((await wireError(h.call('settings:check-port', { providerId: 'sandbox' }))).code, 'settings_unavailable');
  assert.equal((await wireError(h.call('settings:save-credentials', { providerId: 'sandbox', clientId: 'x' }))).code, 'settings_unavailable');
  assert.equal((await wireError(h.call('settings:get', { providerId: 'nope' }))).code, 'provider_unknown');
});

test('S20 S29 a full Settings session: no plaintext secret in the store file, none in any answer or pushed view', async (t) => {
  const h = harness(t);
  const secrets = [GOOGLE_SECRET, X_SECRET, CUSTOM_SECRET, 'discord-secret-77', 'health-secret-88'];
  await h.call('settings:save-credentials', { providerId: 'google', clientId: GOOGLE_ID, clientSecret: GOOGLE_SECRET });
  await h.call('settings:save-credentials', { providerId: 'x', clientId: 'x-client', clientSecret: X_SECRET });
  await h.call('settings:save-credentials', { providerId: 'discord', clientId: 'd-client', clientSecret: 'discord-secret-77' });
  await h.call('settings:import-client-file', { providerId: 'google-health', text: clientFile('installed', GOOGLE_ID, 'health-secret-88') });
  await h.call('settings:set-redirect-port', { providerId: 'x', port: 50999 });
  await h.call('settings:save-custom', {
    form: { id: 'acme', displayName: 'Acme', authorizationEndpoint: 'https://acme.example.test/a', tokenEndpoint: 'https://acme.example.test/t', clientId: 'acme-client', clientAuthMethod: 'client_secret_post' },
    clientSecret: CUSTOM_SECRET,
  });
  // Failures carry no secret either.
  await wireError(h.call('settings:save-credentials', { providerId: 'x', clientId: 'has space', clientSecret: X_SECRET }));
  const refused = await h.call('settings:save-custom', { form: { id: 'acme', displayName: 'Dup', issuer: 'https://acme.example.test', clientId: 'c' }, clientSecret: CUSTOM_SECRET });
  assert.equal(refused.saved, false);
  for (const id of ['google', 'google-health', 'x', 'discord', 'acme']) await h.call('settings:get', { providerId: id });
  await h.call('settings:list-problems', undefined);
  await h.call('providers:list', undefined);

  assert.ok(h.wire.length > 10);
  assertNoSecrets(h.wire, secrets);
  const file = readFileSync(storeFilePath(h.dir), 'utf8');
  for (const secret of secrets) {
    assert.ok(!file.includes(secret), `${secret} in clear in the store file`);
    assert.ok(!file.includes(JSON.stringify(secret).slice(1, -1)), `${secret} (JSON-escaped) in the store file`);
  }
  // Everything is still readable through the cipher.
  assert.equal(h.credentials.get('x')?.clientSecret, X_SECRET);
  assert.equal(h.credentials.get('google-health')?.clientSecret, 'health-secret-88');
});
