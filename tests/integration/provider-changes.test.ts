/**
 * A provider's settings change while it has connections or a sign-in running: tokens only ever go
 * back to the token endpoint and client that obtained them, a kept client secret never follows an
 * edited endpoint, a sign-in that outlived its provider stores nothing, and connections whose
 * provider is gone stay visible so they can be disconnected. The authorization server is a
 * scripted HTTP client; the redirect goes through the real loopback receiver.
 */
import { test } from 'node:test';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createDesk } from '../../electron/core/app/desk.ts';
import type { Desk } from '../../electron/core/app/desk-types.ts';
import type { HttpRequest } from '../../electron/core/http/http-client.ts';
import { silentLogger } from '../../electron/core/ports.ts';
import { createProviderCatalog } from '../../electron/core/providers/provider-catalog.ts';
import { createFileStore, storeFilePath } from '../../electron/core/storage/file-store.ts';
import { fakeHttp, json } from '../helpers/fake-http.ts';
import type { FakeHttp } from '../helpers/fake-http.ts';
import { tempDataDir } from '../helpers/temp-dir.ts';
import { createTestCipher } from '../helpers/test-cipher.ts';

const SECRET = 'acme-secret:+/=';
const ORIGINAL = 'https://login.acme.test';
const MOVED = 'https://evil.example.test';

function acmeForm(base: string, extra: Record<string, unknown> = {}) {
  return { id: 'acme', displayName: 'Acme', authorizationEndpoint: `${base}/authorize`, tokenEndpoint: `${base}/token`, revocationEndpoint: `${base}/revoke`, clientId: 'desk', scopes: ['read'], dataUrl: `${base}/me`, ...extra };
}

/** A scripted authorization server at `base`: codes and refresh tokens are accepted, every token is unique. */
function serve(http: FakeHttp, base: string, issued: string[]): void {
  let serial = 0;
  http.route(`${base}/token`, () => {
    serial++;
    const tokens = { access_token: `AT-${base}-${serial}`, refresh_token: `RT-${base}-${serial}` };
    issued.push(tokens.access_token, tokens.refresh_token);
    return json({ ...tokens, token_type: 'Bearer', expires_in: 3600 });
  });
  http.route(`${base}/me`, () => json({ id: 'user-1', name: 'Ada' }));
  http.route(`${base}/revoke`, () => ({ status: 200, headers: {}, body: '' }));
}

function setup(t: TestContext) {
  const dir = tempDataDir(t);
  const store = createFileStore(dir);
  const cipher = createTestCipher();
  const http = fakeHttp();
  const issued: string[] = [];
  serve(http, ORIGINAL, issued);
  serve(http, MOVED, issued);
  const opened: string[] = [];
  const catalog = createProviderCatalog({ store, cipher, http, clock: { now: () => Date.now() }, logger: silentLogger, withoutBuiltIns: true });
  const desk = createDesk({ store, cipher, http, catalog, opener: { open: async (url) => void opened.push(url) }, authWindow: null, logger: silentLogger, proactiveRefresh: false });
  t.after(() => desk.close());
  return { dir, http, issued, opened, desk };
}

/** Answers the pending sign-in's redirect on the real loopback receiver, as the browser would. */
async function redirectBack(authorizationUrl: string): Promise<void> {
  const url = new URL(authorizationUrl);
  const callback = new URL(url.searchParams.get('redirect_uri')!);
  callback.searchParams.set('code', 'CODE-1');
  callback.searchParams.set('state', url.searchParams.get('state')!);
  const response = await fetch(callback);
  await response.text();
}

async function until(desk: Desk, check: (views: Awaited<ReturnType<Desk['handlers']['providers:list']>>) => boolean): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!check(await desk.handlers['providers:list']())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function connectAcme(h: ReturnType<typeof setup>): Promise<string> {
  const pending = await h.desk.handlers['auth:connect']({ providerId: 'acme' });
  await redirectBack(pending.authorizationUrl);
  await until(h.desk, (views) => (views.find((p) => p.id === 'acme')?.connections.length ?? 0) === 1);
  return (await h.desk.handlers['providers:list']()).find((p) => p.id === 'acme')!.connections[0]!.id;
}

const to = (http: FakeHttp, base: string): HttpRequest[] => http.requests.filter((r) => r.url.startsWith(base));

test('a custom provider edited to another token endpoint gets none of the connection\'s tokens: refresh, data and disconnect stop at the binding (provider_changed)', async (t) => {
  const h = setup(t);
  assert.deepEqual(await h.desk.handlers['settings:save-custom']({ form: acmeForm(ORIGINAL, { clientAuthMethod: 'client_secret_basic' }), clientSecret: SECRET }), { saved: true, providerId: 'acme' });
  const connectionId = await connectAcme(h);
  assert.ok((await h.desk.handlers['data:fetch']({ connectionId })).panels[0]?.result.ok, 'connected and working');

  // The secret is given again (a kept secret would not follow the new endpoint: see the next test).
  const edited = await h.desk.handlers['settings:save-custom']({ form: acmeForm(MOVED, { clientAuthMethod: 'client_secret_basic' }), clientSecret: 'new-secret', replaces: 'acme' });
  assert.deepEqual(edited, { saved: true, providerId: 'acme' });

  await assert.rejects(h.desk.handlers['connections:refresh']({ connectionId }), (e: unknown) => (e as { code?: string }).code === 'provider_changed');
  const view = (await h.desk.handlers['providers:list']()).find((p) => p.id === 'acme')!.connections[0]!;
  assert.equal(view.reauthorizationReason?.code, 'provider_changed', 'the card asks for Re-authorize');
  await assert.rejects(h.desk.handlers['data:fetch']({ connectionId }));
  const result = await h.desk.handlers['connections:disconnect']({ connectionId });
  assert.equal(result.revoked, false);
  assert.equal(result.revocationError?.code, 'provider_changed');
  assert.match(result.revocationError?.hint ?? '', /local tokens were removed/);

  const leaked = to(h.http, MOVED).filter((r) => JSON.stringify(r).includes(ORIGINAL));
  assert.deepEqual(to(h.http, MOVED), [], 'not one request reached the edited endpoints');
  assert.deepEqual(leaked, []);
  assert.deepEqual((await h.desk.handlers['providers:list']()).find((p) => p.id === 'acme')!.connections, [], 'wiped locally');
});

test('a kept client secret does not follow an edited token endpoint or client ID: the form must give it again', async (t) => {
  const h = setup(t);
  await h.desk.handlers['settings:save-custom']({ form: acmeForm(ORIGINAL, { clientAuthMethod: 'client_secret_basic' }), clientSecret: SECRET });
  // Same server, other display name: the secret is kept.
  assert.equal((await h.desk.handlers['settings:save-custom']({ form: acmeForm(ORIGINAL, { clientAuthMethod: 'client_secret_basic', displayName: 'Acme Co' }), replaces: 'acme' })).saved, true);
  assert.equal((await h.desk.handlers['settings:get']({ providerId: 'acme' })).client.secretSaved, true);
  // Another token endpoint, secret left empty: refused, nothing changes.
  for (const form of [acmeForm(MOVED, { clientAuthMethod: 'client_secret_basic' }), acmeForm(ORIGINAL, { clientAuthMethod: 'client_secret_basic', clientId: 'other-client' })]) {
    const moved = await h.desk.handlers['settings:save-custom']({ form, replaces: 'acme' });
    assert.equal(moved.saved, false, 'the secret must be entered again for another server or client');
  }
  const settings = await h.desk.handlers['settings:get']({ providerId: 'acme' });
  assert.equal(settings.definition?.tokenEndpoint, `${ORIGINAL}/token`, 'the saved definition is unchanged');
  // Without client authentication there is no secret to carry: the edit goes through, with no secret.
  assert.equal((await h.desk.handlers['settings:save-custom']({ form: acmeForm(MOVED, { clientAuthMethod: 'none' }), replaces: 'acme' })).saved, true);
  const after = await h.desk.handlers['settings:get']({ providerId: 'acme' });
  assert.equal(after.client.secretSaved, false, 'the old secret was dropped, not moved to the new server');
  assert.ok(!readFileSync(storeFilePath(h.dir), 'utf8').includes(SECRET), 'S20');
});

test('removing a provider while its sign-in waits for the redirect stores nothing, even when the redirect still arrives', async (t) => {
  const h = setup(t);
  await h.desk.handlers['settings:save-custom']({ form: acmeForm(ORIGINAL) });
  const pending = await h.desk.handlers['auth:connect']({ providerId: 'acme' });
  await h.desk.handlers['settings:remove-custom']({ providerId: 'acme' });
  await redirectBack(pending.authorizationUrl).catch(() => {});
  await new Promise((resolve) => setTimeout(resolve, 50));
  const views = await h.desk.handlers['providers:list']();
  assert.equal(views.some((p) => p.id === 'acme'), false, 'no hidden connection brought the provider back');
  // Adding a provider with the same id later finds no connection waiting for it.
  await h.desk.handlers['settings:save-custom']({ form: acmeForm(MOVED) });
  assert.deepEqual((await h.desk.handlers['providers:list']()).find((p) => p.id === 'acme')?.connections, []);
  assert.equal(to(h.http, MOVED).length, 0);
});

test('a connection whose provider is gone stays visible ("missing") and Disconnect removes its local tokens without sending them anywhere', async (t) => {
  const dir = tempDataDir(t);
  const store = createFileStore(dir);
  const cipher = createTestCipher();
  const http = fakeHttp();
  serve(http, ORIGINAL, []);
  const first = createDesk({ store, cipher, http, opener: { open: async () => {} }, authWindow: null, logger: silentLogger, proactiveRefresh: false,
    catalog: createProviderCatalog({ store, cipher, http, clock: { now: () => Date.now() }, logger: silentLogger, withoutBuiltIns: true }) });
  await first.handlers['settings:save-custom']({ form: acmeForm(ORIGINAL) });
  const pending = await first.handlers['auth:connect']({ providerId: 'acme' });
  await redirectBack(pending.authorizationUrl);
  await until(first, (views) => (views.find((p) => p.id === 'acme')?.connections.length ?? 0) === 1);
  await first.close();
  // The definition no longer validates after an update: the provider is gone, its connection stays.
  const stored = store.get('customProviders') as Array<{ definition: Record<string, unknown> }>;
  store.set('customProviders', [{ ...stored[0], definition: { ...stored[0]!.definition, tokenEndpoint: 'ftp://nowhere' } }]);

  const before = http.requests.length;
  const second = createDesk({ store, cipher, http, opener: null, authWindow: null, logger: silentLogger, proactiveRefresh: false,
    catalog: createProviderCatalog({ store, cipher, http, clock: { now: () => Date.now() }, logger: silentLogger, withoutBuiltIns: true }) });
  t.after(() => second.close());
  const missing = (await second.handlers['providers:list']()).find((p) => p.id === 'acme');
  assert.equal(missing?.source, 'missing');
  assert.equal(missing?.setupProblem?.code, 'provider_missing');
  assert.equal(missing?.connections.length, 1);
  assert.equal(missing?.connections[0]?.nextRefreshAt, null, 'no refresh is planned for it');
  await assert.rejects(second.handlers['data:fetch']({ connectionId: missing!.connections[0]!.id }), (e: unknown) => (e as { code?: string }).code === 'provider_missing');
  const result = await second.handlers['connections:disconnect']({ connectionId: missing!.connections[0]!.id });
  assert.equal(result.revocationError?.code, 'provider_missing');
  assert.equal((await second.handlers['providers:list']()).some((p) => p.id === 'acme'), false, 'gone with its last connection');
  assert.equal(http.requests.length, before, 'nothing was sent anywhere');
  // The broken definition can still be removed from Settings.
  await second.handlers['settings:remove-custom']({ providerId: 'acme' });
  assert.deepEqual(second.handlers['settings:list-problems'] ? await second.handlers['settings:list-problems']() : [], []);
});
