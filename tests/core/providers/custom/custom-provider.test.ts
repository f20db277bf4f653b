import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCustomProvider, identityFromJson } from '../../../../electron/core/providers/custom/custom-provider.ts';
import type { CustomProviderOptions } from '../../../../electron/core/providers/custom/custom-provider.ts';
import { parseCustomProvider } from '../../../../electron/core/providers/config/custom-provider-schema.ts';
import { ApiError, OAuthDeskError } from '../../../../electron/core/errors.ts';
import type { HttpResponse } from '../../../../electron/core/http/http-client.ts';
import type { DataPanelView } from '../../../../electron/shared/view-types.ts';
import { fakeHttp, json, noNetwork } from '../../../helpers/fake-http.ts';

const ISSUER = 'https://login.acme.example';
const DISCOVERY_URL = `${ISSUER}/.well-known/openid-configuration`;
const RFC8414_URL = 'https://login.acme.example/.well-known/oauth-authorization-server';
// Discovered endpoints live on another origin than the issuer, so the allow-list test can tell them apart.
const METADATA = {
  issuer: ISSUER,
  authorization_endpoint: 'https://auth.acme.example/oauth2/authorize',
  token_endpoint: 'https://api.acme.example/oauth2/token',
  revocation_endpoint: 'https://api.acme.example/oauth2/revoke',
  userinfo_endpoint: 'https://api.acme.example/oauth2/userinfo',
  authorization_response_iss_parameter_supported: true,
};
const SECRET = 'custom-client-secret-7f3a9';

const manual = {
  id: 'acme-manual',
  displayName: 'Acme Manual',
  authorizationEndpoint: 'https://sso.acme.example/authorize',
  tokenEndpoint: 'https://sso.acme.example/token',
  clientId: 'manual-client',
  scopes: ['openid', 'read'],
};
const discovery = { id: 'acme', displayName: 'Acme', issuer: ISSUER, clientId: 'acme-client', scopes: ['openid', 'email'] };

function provider(form: Record<string, unknown>, options: Partial<CustomProviderOptions> = {}) {
  return createCustomProvider(parseCustomProvider(form), { http: noNetwork, source: 'settings', ...options });
}

function discoveryHttp() {
  return fakeHttp({ [DISCOVERY_URL]: () => json(METADATA) });
}

/** Fetch identity / data through the runtime, with an HttpClient that answers `url` with `body`. */
function answering(routes: Record<string, unknown>) {
  const http = fakeHttp(Object.fromEntries(Object.entries(routes).map(([url, body]) => [url, (): HttpResponse => json(body)])));
  return http;
}

test('identityFromJson: "sub" is the subject', () => {
  const identity = identityFromJson({ sub: 'user-1', name: ' Ada ', email: 'ada@example.test', preferred_username: 'ada' }, 'Acme');
  assert.equal(identity.subject, 'user-1');
  assert.equal(identity.name, 'Ada');
  assert.equal(identity.email, 'ada@example.test');
  assert.equal(identity.username, 'ada');
});

test('identityFromJson: "id" when there is no "sub", text or safe integer', () => {
  assert.equal(identityFromJson({ id: 'abc' }, 'Acme').subject, 'abc');
  assert.equal(identityFromJson({ id: 12345 }, 'Acme').subject, '12345');
  assert.equal(identityFromJson({ sub: 'from-sub', id: 'from-id' }, 'Acme').subject, 'from-sub', '"sub" wins over "id"');
  assert.equal(identityFromJson({ sub: '  ', id: 'fallback' }, 'Acme').subject, 'fallback', 'a blank "sub" falls back to "id"');
  assert.equal(identityFromJson({ id: 7, login: 'octo' }, 'Acme').username, 'octo');
});

test('identityFromJson: an object wrapped in {"data": {...}} (like X) is unwrapped', () => {
  const identity = identityFromJson({ data: { id: '2244994945', name: 'X Dev', username: 'xdev' } }, 'Acme');
  assert.equal(identity.subject, '2244994945');
  assert.equal(identity.name, 'X Dev');
  assert.equal(identity.username, 'xdev');
  assert.equal(identityFromJson({ data: { id: 99 } }, 'Acme').subject, '99');
});

test('identityFromJson: a top-level "sub" or "id" wins over a "data" member that is not a wrapper', () => {
  // An account object that happens to have a "data" member: the subject is the account's own.
  assert.equal(identityFromJson({ sub: 'user-1', data: { id: 'settings-7' } }, 'Acme').subject, 'user-1');
  assert.equal(identityFromJson({ id: 'user-2', data: { theme: 'dark' } }, 'Acme').subject, 'user-2');
});

test('identityFromJson: no usable "sub" or "id" is ApiError profile_invalid naming the provider', () => {
  for (const body of [{}, { name: 'no id' }, { id: 1.5 }, { id: Number.MAX_SAFE_INTEGER + 10 }, { id: '' }, { id: true }, { data: {} }, [], null, 'text', 42]) {
    assert.throws(
      () => identityFromJson(body, 'Acme Corp'),
      (e: unknown) => e instanceof ApiError && e.code === 'profile_invalid' && e.message.includes('Acme Corp') && e.hint.length > 0,
      JSON.stringify(body),
    );
  }
});

test('manual endpoints: runtime issuer null, the manual endpoints, and no prompt parameters (even with openid)', async () => {
  const profile = provider(manual);
  const runtime = await profile.prepare();
  assert.equal(runtime.server.issuer, null);
  assert.equal(runtime.server.issParameterSupported, false);
  assert.equal(runtime.server.authorizationEndpoint, manual.authorizationEndpoint);
  assert.equal(runtime.server.tokenEndpoint, manual.tokenEndpoint);
  assert.equal(runtime.reconsentParams, undefined);
  assert.equal(runtime.accountChooserParams, undefined);
  assert.equal(profile.accountChooser, false);
  assert.deepEqual([...profile.authorizationOrigins()], ['https://sso.acme.example']);
  assert.equal(runtime.revocationEndpoint, null);
  assert.deepEqual([...runtime.server.scopes], manual.scopes);
});

test('manual endpoints never trigger discovery', async () => {
  const http = fakeHttp();
  await createCustomProvider(parseCustomProvider(manual), { http, source: 'settings' }).prepare();
  assert.equal(http.requests.length, 0);
});

test('discovery: metadata is fetched once and cached across prepare() calls', async () => {
  const http = discoveryHttp();
  const profile = createCustomProvider(parseCustomProvider(discovery), { http, source: 'settings' });
  assert.equal(http.requests.length, 0, 'nothing is fetched before first use');
  const [a, b] = await Promise.all([profile.prepare(), profile.prepare()]);
  const c = await profile.prepare();
  assert.equal(http.count(DISCOVERY_URL), 1);
  assert.equal(http.requests.length, 1);
  for (const runtime of [a, b, c]) {
    assert.equal(runtime.server.issuer, ISSUER);
    assert.equal(runtime.server.issParameterSupported, true);
    assert.equal(runtime.server.authorizationEndpoint, METADATA.authorization_endpoint);
    assert.equal(runtime.server.tokenEndpoint, METADATA.token_endpoint);
    assert.equal(runtime.revocationEndpoint, METADATA.revocation_endpoint);
  }
});

test('discovery with openid: prompt=consent to re-consent and prompt=login for another account', async () => {
  const profile = createCustomProvider(parseCustomProvider(discovery), { http: discoveryHttp(), source: 'settings' });
  assert.equal(profile.accountChooser, true);
  const runtime = await profile.prepare();
  assert.equal(runtime.reconsentParams?.prompt, 'consent');
  assert.equal(runtime.accountChooserParams?.prompt, 'login');

  const plain = createCustomProvider(parseCustomProvider({ ...discovery, scopes: ['read'] }), { http: discoveryHttp(), source: 'settings' });
  assert.equal(plain.accountChooser, false);
  assert.equal((await plain.prepare()).reconsentParams, undefined, 'plain OAuth 2.0 gets no OpenID prompt values');
});

test('a failed discovery is retried on the next prepare()', async () => {
  const http = fakeHttp({
    [DISCOVERY_URL]: () => ({ status: 503, headers: {}, body: 'down' }),
    [RFC8414_URL]: () => ({ status: 503, headers: {}, body: 'down' }),
  });
  const profile = createCustomProvider(parseCustomProvider(discovery), { http, source: 'settings' });
  await assert.rejects(profile.prepare(), (e: unknown) => e instanceof OAuthDeskError && e.code === 'discovery_failed');
  assert.deepEqual([...profile.authorizationOrigins()], [], 'no origin from a failed discovery');
  const failedRequests = http.requests.length;

  http.route(DISCOVERY_URL, () => json(METADATA));
  const runtime = await profile.prepare();
  assert.equal(runtime.server.authorizationEndpoint, METADATA.authorization_endpoint);
  assert.equal(http.requests.length, failedRequests + 1, 'tried again');
  await profile.prepare();
  assert.equal(http.requests.length, failedRequests + 1, 'and cached once it worked');
});

test('a discovery that fails with a network error is retried too', async () => {
  let fail = true;
  const http = fakeHttp({
    [DISCOVERY_URL]: () => {
      if (fail) throw new Error('ECONNRESET');
      return json(METADATA);
    },
  });
  const profile = createCustomProvider(parseCustomProvider(discovery), { http, source: 'settings' });
  await assert.rejects(profile.prepare());
  fail = false;
  assert.equal((await profile.prepare()).server.issuer, ISSUER);
});

test('S12 the discovered authorization origin is added to authorizationOrigins() only after discovery', async () => {
  const profile = createCustomProvider(parseCustomProvider(discovery), { http: discoveryHttp(), source: 'settings' });
  assert.deepEqual([...profile.authorizationOrigins()], []);
  await profile.prepare();
  assert.deepEqual([...profile.authorizationOrigins()], [new URL(METADATA.authorization_endpoint).origin]);
  assert.ok(!profile.authorizationOrigins().includes(new URL(METADATA.token_endpoint).origin), 'only the authorization origin');
});

test('a userinfo endpoint in the definition beats the discovered one (identity and data)', async () => {
  const override = 'https://people.acme.example/me';
  const http = fakeHttp({
    [DISCOVERY_URL]: () => json(METADATA),
    [override]: () => json({ sub: 'from-override', email: 'o@example.test' }),
    [METADATA.userinfo_endpoint]: () => json({ sub: 'from-discovered' }),
  });
  const profile = createCustomProvider(parseCustomProvider({ ...discovery, userinfoEndpoint: override }), { http, source: 'settings' });
  const runtime = await profile.prepare();
  const identity = await runtime.fetchIdentity(http, 'access-token-1');
  assert.equal(identity.subject, 'from-override');
  const panels = await runtime.fetchData(http, 'access-token-1');
  assert.equal(panels[0]?.title, 'Userinfo');
  assert.equal(http.count(METADATA.userinfo_endpoint), 0);
  assert.equal(http.count(override), 2);
});

test('the discovered userinfo endpoint identifies the account and is the default data URL (panel "Userinfo")', async () => {
  const http = fakeHttp({ [DISCOVERY_URL]: () => json(METADATA), [METADATA.userinfo_endpoint]: () => json({ sub: 'u-1', name: 'Ada' }) });
  const runtime = await createCustomProvider(parseCustomProvider(discovery), { http, source: 'settings' }).prepare();
  assert.equal((await runtime.fetchIdentity(http, 'at')).subject, 'u-1');
  const panels = await runtime.fetchData(http, 'at');
  assert.equal(panels.length, 1);
  const panel = panels[0] as Extract<DataPanelView, { kind: 'json' }>;
  assert.equal(panel.kind, 'json');
  assert.equal(panel.title, 'Userinfo');
  assert.equal(panel.result.ok, true);
  // S18 the token goes in the header, never in the URL.
  for (const request of http.requests) assert.ok(!request.url.includes('at='));
  assert.equal(http.requests.find((r) => r.url === METADATA.userinfo_endpoint)?.headers?.authorization, 'Bearer at');
});

test('a data URL that is not the userinfo endpoint gives a json panel titled "Data"', async () => {
  const dataUrl = 'https://api.acme.example/v1/things';
  const http = fakeHttp({ [DISCOVERY_URL]: () => json(METADATA), [dataUrl]: () => json({ things: [1, 2] }) });
  const runtime = await createCustomProvider(parseCustomProvider({ ...discovery, dataUrl }), { http, source: 'settings' }).prepare();
  const [panel] = await runtime.fetchData(http, 'at');
  assert.equal(panel?.kind, 'json');
  assert.equal(panel?.title, 'Data');
  assert.equal(panel?.result.ok, true);
  assert.equal(http.count(dataUrl), 1);
});

test('a data URL equal to the userinfo endpoint is titled "Userinfo"', async () => {
  const userinfo = 'https://sso.acme.example/me';
  const http = answering({ [userinfo]: { sub: 'x' } });
  const runtime = await createCustomProvider(parseCustomProvider({ ...manual, userinfoEndpoint: userinfo, dataUrl: userinfo }), { http, source: 'settings' }).prepare();
  assert.equal((await runtime.fetchData(http, 'at'))[0]?.title, 'Userinfo');
});

test('without userinfo, the identity comes from the data URL ("sub" or "id")', async () => {
  const dataUrl = 'https://sso.acme.example/api/me';
  const http = answering({ [dataUrl]: { data: { id: 31337, username: 'leet' } } });
  const runtime = await createCustomProvider(parseCustomProvider({ ...manual, dataUrl }), { http, source: 'settings' }).prepare();
  const identity = await runtime.fetchIdentity(http, 'at');
  assert.equal(identity.subject, '31337');
  assert.equal(identity.username, 'leet');
});

test('no data URL and no userinfo: the panel result is the error data_url_missing, and identity is unavailable', async () => {
  const http = fakeHttp();
  const runtime = await createCustomProvider(parseCustomProvider(manual), { http, source: 'settings' }).prepare();
  const panels = await runtime.fetchData(http, 'at');
  assert.equal(panels.length, 1);
  const panel = panels[0]!;
  assert.equal(panel.kind, 'json');
  assert.equal(panel.title, 'Data');
  assert.equal(panel.result.ok, false);
  if (!panel.result.ok) {
    assert.equal(panel.result.error.code, 'data_url_missing');
    assert.ok(panel.result.error.hint.length > 0);
  }
  await assert.rejects(runtime.fetchIdentity(http, 'at'), (e: unknown) => e instanceof ApiError && e.code === 'profile_unavailable');
  assert.equal(http.requests.length, 0);
});

test('discovery without a userinfo endpoint and no data URL: data_url_missing too', async () => {
  const { userinfo_endpoint: _u, ...withoutUserinfo } = METADATA;
  const http = fakeHttp({ [DISCOVERY_URL]: () => json(withoutUserinfo) });
  const runtime = await createCustomProvider(parseCustomProvider(discovery), { http, source: 'settings' }).prepare();
  const [panel] = await runtime.fetchData(http, 'at');
  assert.equal(panel?.result.ok, false);
  if (panel && !panel.result.ok) assert.equal(panel.result.error.code, 'data_url_missing');
});

test('runtime carries the definition: client, PKCE, redirect, extra parameters; a revocation override beats discovery', async () => {
  const form = {
    ...discovery,
    clientSecret: SECRET,
    clientAuthMethod: 'client_secret_post',
    pkce: 'plain',
    redirectPort: 54321,
    redirectPath: '/cb',
    extraAuthParams: { audience: 'api' },
    revocationEndpoint: 'https://other.acme.example/revoke',
  };
  const runtime = await createCustomProvider(parseCustomProvider(form), { http: discoveryHttp(), source: 'settings' }).prepare();
  assert.deepEqual(runtime.server.client, { clientId: 'acme-client', clientSecret: SECRET, authMethod: 'client_secret_post' });
  assert.equal(runtime.server.pkceMethod, 'plain');
  assert.equal(runtime.server.redirectPort, 54321);
  assert.equal(runtime.server.redirectPath, '/cb');
  assert.deepEqual({ ...runtime.server.extraAuthParams }, { audience: 'api' });
  assert.equal(runtime.revocationEndpoint, 'https://other.acme.example/revoke');
});

test('S29 settings() of a providers-file provider: editable "none", the file named, no client secret', () => {
  const file = '/home/ada/.config/oauth-desk/providers.json';
  const profile = provider({ ...manual, clientSecret: SECRET }, { source: 'providers-file', file });
  const facts = profile.settings?.();
  assert.ok(facts);
  assert.equal(facts.editable, 'none');
  assert.equal(facts.file, file);
  assert.equal(facts.source, 'providers-file');
  assert.equal(facts.client.source, 'providers-file');
  assert.equal(facts.client.secretSaved, true);
  assert.equal(facts.client.clientId, 'manual-client');
  assert.equal(facts.client.environmentVariables, null);
  assert.ok(facts.definition !== null);
  assert.ok(!('clientSecret' in (facts.definition as object)));
  assert.ok(!JSON.stringify(facts).includes(SECRET));
  assert.equal(profile.source, 'providers-file');
});

test('S29 settings() of a Settings provider: editable "definition", no file, no client secret', () => {
  const profile = provider({ ...discovery, clientSecret: SECRET, redirectPort: 50505 });
  const facts = profile.settings?.();
  assert.ok(facts);
  assert.equal(facts.editable, 'definition');
  assert.equal(facts.file, null);
  assert.equal(facts.source, 'settings');
  assert.equal(facts.client.source, 'settings');
  assert.equal(facts.client.secretSaved, true);
  assert.equal(facts.client.secretRequired, true);
  assert.equal(facts.definition?.id, discovery.id);
  assert.equal(facts.definition?.issuer, ISSUER);
  assert.ok(!JSON.stringify(facts).includes(SECRET));
  // The definition's fixed port is shown exactly, but Settings changes it through the definition.
  assert.equal(facts.redirect.uri, 'http://127.0.0.1:50505/callback');
  assert.equal(facts.redirect.mustRegister, true);
  assert.equal(facts.redirect.portConfigurable, false);
});

test('a public custom client reports no secret saved and none required', () => {
  const facts = provider(manual).settings?.();
  assert.equal(facts?.client.secretSaved, false);
  assert.equal(facts?.client.secretRequired, false);
  assert.equal(facts?.redirect.fixedPort, null);
});
