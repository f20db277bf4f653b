/**
 * Custom providers against a real OpenID Connect server: the Sandbox's oidc-provider
 * (electron/core/sandbox/sandbox-server.ts) started by the test with extra confidential clients
 * (client_secret_basic), driven through its login and consent pages by the scripted browser. The
 * providers come from a providers.json in the temporary data folder (loaded by openProviderCatalog
 * with an empty environment) or from Settings (`settings:save-custom`).
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { TestContext } from 'node:test';
import { randomBytes } from 'node:crypto';
import { openProviderCatalog } from '../../../electron/core/providers/open-provider-catalog.ts';
import type { SandboxServer } from '../../../electron/core/sandbox/sandbox-server.ts';
import { startSandboxServer } from '../../../electron/core/sandbox/sandbox-server.ts';
import { findPanel } from '../../../electron/shared/data-panels.ts';
import type { ConnectionView } from '../../../electron/shared/view-types.ts';
import type { ProviderDesk } from '../../helpers/provider-desk.ts';
import { leakedSecrets, providerDesk, rendererVisibleText, requestsTo } from '../../helpers/provider-desk.ts';
import { completeAuthorization } from '../../helpers/scripted-browser.ts';

/** security.md S13's vector: both parts are form-urlencoded, joined with ':' and Base64-encoded. */
const S13_CLIENT_ID = '1PpG/Q 1';
const S13_CLIENT_SECRET = 'z/tZ9VwFZqApmIQ+ZH1I5pLk/uB4ud:X2/8bL+wfFTt1rFw=';
const S13_AUTHORIZATION = 'Basic MVBwRyUyRlErMTp6JTJGdFo5VndGWnFBcG1JUSUyQlpIMUk1cExrJTJGdUI0dWQlM0FYMiUyRjhiTCUyQndmRlR0MXJGdyUzRA==';

interface Client {
  readonly id: string;
  readonly secret: string;
}

/** A real oidc-provider with confidential clients using client_secret_basic. */
async function oidcServer(t: TestContext, clients: readonly Client[]): Promise<SandboxServer> {
  const server = await startSandboxServer({
    extraClients: clients.map((c) => ({
      client_id: c.id,
      client_secret: c.secret,
      token_endpoint_auth_method: 'client_secret_basic',
      application_type: 'native',
      redirect_uris: ['http://127.0.0.1/callback'],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
    })),
  });
  t.after(() => server.close());
  return server;
}

/** A desk whose catalog reads `<data folder>/providers.json` (written first) with an empty environment. */
async function fileDesk(t: TestContext, file: unknown): Promise<ProviderDesk & { readonly providersFile: string }> {
  let providersFile = '';
  const h = await providerDesk(t, {
    catalog: (deps) => {
      providersFile = join(deps.dataDir, 'providers.json');
      writeFileSync(providersFile, JSON.stringify(file, null, 2), { mode: 0o600 });
      return openProviderCatalog({ store: deps.store, cipher: deps.cipher, http: deps.http, clock: deps.clock, logger: deps.logger, env: {}, dataDir: deps.dataDir });
    },
  });
  return Object.assign(h, { providersFile });
}

/** A desk with no providers file (Settings adds custom providers). */
function settingsDesk(t: TestContext): Promise<ProviderDesk> {
  return providerDesk(t, {
    catalog: (deps) => openProviderCatalog({ store: deps.store, cipher: deps.cipher, http: deps.http, clock: deps.clock, logger: deps.logger, env: {}, dataDir: deps.dataDir }),
  });
}

const scriptedLogin = (url: string, redirectUri: string) => completeAuthorization(url, redirectUri, { login: 'ada' });

async function connectCustom(h: ProviderDesk, providerId: string): Promise<ConnectionView> {
  const { view, callbackStatus } = await h.signIn(providerId, { browse: scriptedLogin });
  assert.equal(callbackStatus, 200);
  assert.equal(view.lastError, null, `connected without an error (${view.lastError?.code}: ${view.lastError?.message})`);
  assert.equal(view.connections.length, 1);
  return view.connections[0]!;
}

async function discovered(server: SandboxServer): Promise<{ token_endpoint: string; userinfo_endpoint: string; revocation_endpoint: string }> {
  return (await (await fetch(`${server.issuer}/.well-known/openid-configuration`)).json()) as { token_endpoint: string; userinfo_endpoint: string; revocation_endpoint: string };
}

async function userinfo(endpoint: string, accessToken: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(endpoint, { headers: { authorization: `Bearer ${accessToken}` } });
  return { status: response.status, body: response.status === 200 ? await response.json() : null };
}

async function refreshDirectly(tokenEndpoint: string, refreshToken: string, authorization: string): Promise<{ status: number; error: unknown }> {
  const response = await fetch(tokenEndpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization },
    body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken }).toString(),
  });
  return { status: response.status, error: ((await response.json()) as { error?: unknown }).error };
}

test('S13 a custom provider from the providers file (discovery, client_secret_basic, a secret with ":", "+", "/" and "=") connects, shows its userinfo JSON, refreshes and disconnects with revocation confirmed', async (t) => {
  const server = await oidcServer(t, [{ id: S13_CLIENT_ID, secret: S13_CLIENT_SECRET }]);
  const meta = await discovered(server);
  const h = await fileDesk(t, {
    providers: [
      {
        id: 'acme',
        displayName: 'Acme SSO',
        issuer: server.issuer,
        clientId: S13_CLIENT_ID,
        clientSecret: S13_CLIENT_SECRET,
        clientAuthMethod: 'client_secret_basic',
        scopes: ['openid', 'profile', 'email', 'offline_access'],
      },
    ],
  });
  assert.deepEqual(await h.desk.handlers['settings:list-problems'](), []);
  const view = await h.view('acme');
  assert.equal(view.source, 'providers-file');
  assert.equal(view.setupProblem, null);
  const settings = await h.desk.handlers['settings:get']({ providerId: 'acme' });
  assert.equal(settings.file, h.providersFile);
  assert.equal(settings.client.secretSaved, true);

  const c = await connectCustom(h, 'acme');
  assert.ok(h.http.requests.some((r) => r.url === `${server.issuer}/.well-known/openid-configuration`), 'endpoints came from discovery');
  const exchanges = requestsTo(h.http, meta.token_endpoint, 'authorization_code');
  assert.equal(exchanges.length, 1);
  assert.equal(exchanges[0]!.headers.authorization, S13_AUTHORIZATION, 'S13 form-urlencoded, then Base64');
  assert.equal(exchanges[0]!.form?.client_secret, undefined);
  assert.equal(exchanges[0]!.status, 200);

  // The same credentials Base64-encoded without the form-encoding step: oidc-provider refuses the client.
  const raw = `Basic ${Buffer.from(`${S13_CLIENT_ID}:${S13_CLIENT_SECRET}`).toString('base64')}`;
  assert.deepEqual(await refreshDirectly(meta.token_endpoint, 'not-a-token', raw), { status: 401, error: 'invalid_client' });
  assert.deepEqual(await refreshDirectly(meta.token_endpoint, 'not-a-token', S13_AUTHORIZATION), { status: 400, error: 'invalid_grant' }, 'the right encoding authenticates');

  const first = h.repository().secrets(c.id);
  const claims = await userinfo(meta.userinfo_endpoint, first.accessToken);
  assert.equal(claims.status, 200);
  assert.equal(c.accountLabel, (claims.body as { email: string }).email);
  const data = await h.desk.handlers['data:fetch']({ connectionId: c.id });
  assert.deepEqual(data.panels.map((p) => [p.kind, p.title]), [['json', 'Userinfo']]);
  const json = findPanel(data.panels, 'json')?.result;
  assert.ok(json?.ok, `the JSON panel loaded (${json && !json.ok ? json.error.code : ''})`);
  assert.deepEqual(json.value.value, claims.body, 'the panel shows the claims');
  assert.equal(json.value.source, meta.userinfo_endpoint);

  const refreshed = await h.desk.handlers['connections:refresh']({ connectionId: c.id });
  assert.equal(refreshed.lastRefresh?.error, null);
  const second = h.repository().secrets(c.id);
  assert.ok(second.refreshToken !== null && second.refreshToken !== first.refreshToken, 'the rotated refresh token is stored');
  assert.notEqual(second.accessToken, first.accessToken);
  assert.deepEqual(requestsTo(h.http, meta.token_endpoint, 'refresh_token').map((r) => [r.headers.authorization, r.status]), [[S13_AUTHORIZATION, 200]]);
  assert.equal((await userinfo(meta.userinfo_endpoint, second.accessToken)).status, 200);

  const bye = await h.desk.handlers['connections:disconnect']({ connectionId: c.id });
  assert.deepEqual(bye, { revoked: true, revocationError: null });
  const revokes = requestsTo(h.http, meta.revocation_endpoint);
  assert.ok(revokes.length >= 1 && revokes.every((r) => r.headers.authorization === S13_AUTHORIZATION && r.status === 200));
  assert.equal(revokes[0]!.form?.token, second.refreshToken, 'the refresh token first');
  assert.equal((await userinfo(meta.userinfo_endpoint, second.accessToken)).status, 401, 'revocation confirmed: the access token is dead');
  assert.deepEqual(await refreshDirectly(meta.token_endpoint, second.refreshToken, S13_AUTHORIZATION), { status: 400, error: 'invalid_grant' }, 'revocation confirmed: the refresh token is dead');
  assert.deepEqual((await h.view('acme')).connections, []);

  // S29: no client secret or token the server issued reached the views, settings, logs or store file.
  const secrets = [S13_CLIENT_SECRET, ...[first, second].flatMap((s) => [s.accessToken, s.refreshToken, s.idToken]).filter((s): s is string => s !== null)];
  assert.deepEqual(leakedSecrets({ ...(await rendererVisibleText(h)), 'data:fetch result': JSON.stringify(data) }, secrets), []);
});

test('an invalid providers file (one bad provider, one good): the good one is offered, and settings:list-problems names the file, the provider and the field', async (t) => {
  const badSecret = `bad-${randomBytes(12).toString('base64url')}`;
  const h = await fileDesk(t, {
    providers: [
      { id: 'broken', displayName: 'Broken', issuer: 'https://login.broken.example', clientId: 'broken-client', clientSecret: badSecret, clientAuthMethod: 'client_secret_jwt' },
      { id: 'acme', displayName: 'Acme SSO', issuer: 'https://login.acme.example', clientId: 'acme-client', scopes: ['openid'] },
    ],
  });
  const views = await h.desk.handlers['providers:list']();
  const acme = views.find((p) => p.id === 'acme');
  assert.ok(acme, 'the good provider is offered');
  assert.equal(acme.source, 'providers-file');
  assert.equal(acme.setupProblem, null);
  assert.equal(views.some((p) => p.id === 'broken'), false, 'the bad one is not');

  const problems = await h.desk.handlers['settings:list-problems']();
  const problem = problems.find((p) => p.providerId === 'broken');
  assert.ok(problem, `a problem names the provider: ${JSON.stringify(problems)}`);
  assert.equal(problem.file, h.providersFile);
  assert.equal(problem.field, 'clientAuthMethod');
  assert.ok(problem.message.includes(h.providersFile) && problem.message.includes('broken'), problem.message);
  assert.ok(problem.hint.length > 0);
  assert.equal(problems.some((p) => p.providerId === 'acme'), false);
  assert.deepEqual(leakedSecrets(await rendererVisibleText(h), [badSecret]), [], 'S29 the bad provider\'s secret is in no message');
});

test('S20 S29 a custom provider saved in Settings appears with source "settings"; its secret is not in the store file in clear and never comes back from settings:get', async (t) => {
  const h = await settingsDesk(t);
  const secret = `se:tt+ings/${randomBytes(16).toString('base64')}=`;
  const saved = await h.desk.handlers['settings:save-custom']({
    form: { id: 'beta', displayName: 'Beta SSO', issuer: 'https://login.beta.example', clientId: 'beta-client', clientAuthMethod: 'client_secret_basic', scopes: ['openid', 'email'] },
    clientSecret: secret,
  });
  assert.deepEqual(saved, { saved: true, providerId: 'beta' });
  const beta = await h.view('beta');
  assert.equal(beta.source, 'settings');
  assert.equal(beta.displayName, 'Beta SSO');
  assert.ok(h.changes.some((views) => views.some((p) => p.id === 'beta')), 'the window was told');

  const store = h.storeText();
  assert.ok(store.includes('beta-client'), 'the definition is in the store file');
  assert.equal(store.includes(secret), false, 'the secret is not in clear');
  const settings = await h.desk.handlers['settings:get']({ providerId: 'beta' });
  assert.equal(settings.client.secretSaved, true);
  assert.equal(settings.editable, 'definition');
  assert.equal(settings.definition?.clientId, 'beta-client');
  assert.deepEqual(leakedSecrets(await rendererVisibleText(h), [secret]), []);
});

test('settings:save-custom with bad fields returns {saved:false, problems:[{field}]} and saves nothing', async (t) => {
  const h = await settingsDesk(t);
  const before = (await h.desk.handlers['providers:list']()).map((p) => p.id);
  const secret = `bad-save-${randomBytes(12).toString('base64url')}`;
  const result = await h.desk.handlers['settings:save-custom']({
    form: { id: 'gamma', displayName: 'Gamma', issuer: 'http://login.gamma.example', clientId: 'gamma-client', clientAuthMethod: 'client_secret_post', redirectPort: 80 },
    clientSecret: secret,
  });
  assert.equal(result.saved, false);
  assert.ok(!result.saved);
  const fields = result.problems.map((p) => p.field);
  assert.ok(fields.includes('issuer'), `the issuer is named: ${JSON.stringify(fields)}`);
  assert.ok(fields.includes('redirectPort'), `the port is named: ${JSON.stringify(fields)}`);
  assert.ok(result.problems.every((p) => p.message !== '' && p.hint !== ''));
  assert.deepEqual((await h.desk.handlers['providers:list']()).map((p) => p.id), before);
  assert.equal(h.storeText().includes('gamma'), false, 'nothing was written');
  assert.equal(JSON.stringify(result).includes(secret), false, 'S29 the secret is not echoed');
});

test('settings:remove-custom is refused while the custom provider has a connection, and works once it is disconnected', async (t) => {
  const client: Client = { id: 'settings-client', secret: `re:mo+ve/${randomBytes(12).toString('base64')}=` };
  const server = await oidcServer(t, [client]);
  const h = await settingsDesk(t);
  const saved = await h.desk.handlers['settings:save-custom']({
    form: { id: 'delta', displayName: 'Delta SSO', issuer: server.issuer, clientId: client.id, clientAuthMethod: 'client_secret_basic', scopes: ['openid', 'email', 'offline_access'] },
    clientSecret: client.secret,
  });
  assert.deepEqual(saved, { saved: true, providerId: 'delta' });
  const c = await connectCustom(h, 'delta');
  await assert.rejects(h.desk.handlers['settings:remove-custom']({ providerId: 'delta' }), (e: unknown) => (e as { code?: string }).code === 'provider_has_connections');
  assert.equal((await h.view('delta')).connections.length, 1, 'still there, with its connection');

  const { accessToken, refreshToken } = h.repository().secrets(c.id);
  assert.equal((await h.desk.handlers['connections:disconnect']({ connectionId: c.id })).revoked, true);
  await h.desk.handlers['settings:remove-custom']({ providerId: 'delta' });
  assert.equal((await h.desk.handlers['providers:list']()).some((p) => p.id === 'delta'), false);
  assert.equal(h.storeText().includes(client.id), false, 'its definition left the store');
  const secrets = [client.secret, accessToken, ...(refreshToken === null ? [] : [refreshToken])];
  assert.deepEqual(leakedSecrets(await rendererVisibleText(h), secrets), []);
});
