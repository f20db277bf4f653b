import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BUILT_IN_PROVIDER_IDS,
  CUSTOM_PROVIDER_FIELDS,
  RESERVED_AUTH_PARAMS,
  checkCustomProvider,
  SECRET_AUTH_PARAMS,
  parseCustomProvider,
  serializeCustomProvider,
  suggestField,
  validateProviderUrl,
} from '../../../../electron/core/providers/config/custom-provider-schema.ts';
import type { CustomProviderDefinition } from '../../../../electron/core/providers/config/custom-provider-schema.ts';
import { ProviderConfigError } from '../../../../electron/core/providers/config/provider-config-error.ts';
import { OAuthDeskError } from '../../../../electron/core/errors.ts';
import { buildAuthorizationUrl } from '../../../../electron/core/oauth/authorization-request.ts';
import { basicAuthorizationHeader } from '../../../../electron/core/oauth/client-auth.ts';

// The S13 vector's secret: ':', '+', '/', '=' must survive untouched.
const SECRET = 'z/tZ9VwFZqApmIQ+ZH1I5pLk/uB4ud:X2/8bL+wfFTt1rFw=';

const minimal = { id: 'acme', displayName: 'Acme SSO', issuer: 'https://login.acme.example', clientId: 'acme-client' };

function errorsOf(input: unknown, context = {}): ProviderConfigError[] {
  const check = checkCustomProvider(input, context);
  assert.equal(check.definition, null, 'expected the definition to be rejected');
  assert.ok(check.errors.length > 0);
  for (const e of check.errors) assert.ok(e instanceof ProviderConfigError && e instanceof OAuthDeskError);
  return [...check.errors];
}

function onlyError(input: unknown, context = {}): ProviderConfigError {
  const errors = errorsOf(input, context);
  assert.equal(errors.length, 1, errors.map((e) => e.message).join('\n'));
  return errors[0]!;
}

function thrown(fn: () => unknown): ProviderConfigError {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof ProviderConfigError, String(error));
    return error;
  }
  assert.fail('expected a ProviderConfigError');
}

test('a minimal discovery provider gets every default, frozen', () => {
  const d = parseCustomProvider(minimal);
  assert.deepEqual(d, {
    id: 'acme',
    displayName: 'Acme SSO',
    endpoints: { kind: 'discovery', issuer: 'https://login.acme.example' },
    revocationEndpoint: null,
    userinfoEndpoint: null,
    client: { clientId: 'acme-client', clientSecret: null, authMethod: 'none' },
    scopes: [],
    pkce: 'S256',
    pkceMethod: 'S256',
    authMode: 'system-browser',
    redirectPort: 0,
    redirectPath: '/callback',
    extraAuthParams: {},
    dataUrl: null,
  });
  assert.ok(Object.isFrozen(d));
  assert.ok(Object.isFrozen(d.endpoints));
  assert.ok(Object.isFrozen(d.client));
  assert.ok(Object.isFrozen(d.scopes));
  assert.ok(Object.isFrozen(d.extraAuthParams));
  assert.throws(() => (d.scopes as string[]).push('x'), TypeError);
});

test('a full manual provider is normalized (trimmed, deduplicated scopes) and keeps its values', () => {
  const d = parseCustomProvider({
    id: 'my_idp-2',
    displayName: '  Corp IdP ',
    authorizationEndpoint: ' https://idp.corp.example/oauth2/authorize?tenant=a ',
    tokenEndpoint: 'https://idp.corp.example/oauth2/token',
    revocationEndpoint: 'https://idp.corp.example/oauth2/revoke',
    userinfoEndpoint: 'http://127.0.0.1:8080/userinfo',
    clientId: ' client 1 ',
    clientSecret: SECRET,
    clientAuthMethod: 'client_secret_post',
    scopes: ['openid', 'email', 'openid', 'https://api.corp.example/read'],
    pkce: 'plain',
    authMode: 'app-window',
    redirectPort: 53682,
    redirectPath: '/oauth/cb/',
    extraAuthParams: { prompt: 'consent', access_type: 'offline', audience: '' },
    dataUrl: 'https://api.corp.example/me',
  });
  assert.deepEqual(d.endpoints, {
    kind: 'manual',
    authorizationEndpoint: 'https://idp.corp.example/oauth2/authorize?tenant=a',
    tokenEndpoint: 'https://idp.corp.example/oauth2/token',
  });
  assert.equal(d.displayName, 'Corp IdP');
  assert.equal(d.revocationEndpoint, 'https://idp.corp.example/oauth2/revoke');
  assert.equal(d.userinfoEndpoint, 'http://127.0.0.1:8080/userinfo');
  assert.deepEqual(d.client, { clientId: 'client 1', clientSecret: SECRET, authMethod: 'client_secret_post' });
  assert.deepEqual(d.scopes, ['openid', 'email', 'https://api.corp.example/read']);
  assert.equal(d.pkce, 'plain');
  assert.equal(d.pkceMethod, 'plain');
  assert.equal(d.authMode, 'app-window');
  assert.equal(d.redirectPort, 53682);
  assert.equal(d.redirectPath, '/oauth/cb/');
  assert.deepEqual(d.extraAuthParams, { prompt: 'consent', access_type: 'offline', audience: '' });
  assert.equal(d.dataUrl, 'https://api.corp.example/me');
});

test('secrets with ":", "+", "/" and "=" are preserved exactly and give the S13 Basic header', () => {
  for (const secret of [SECRET, 'a:b', '+/+/==', '=x=', 'with inner space']) {
    const d = parseCustomProvider({ ...minimal, clientSecret: secret });
    assert.equal(d.client.clientSecret, secret);
  }
  const d = parseCustomProvider({ ...minimal, clientId: '1PpG/Q 1', clientSecret: SECRET });
  assert.equal(
    basicAuthorizationHeader(d.client.clientId, d.client.clientSecret!),
    'Basic MVBwRyUyRlErMTp6JTJGdFo5VndGWnFBcG1JUSUyQlpIMUk1cExrJTJGdUI0dWQlM0FYMiUyRjhiTCUyQndmRlR0MXJGdyUzRA==',
  );
});

test('clientAuthMethod: defaults follow the secret; "none" with a secret and a method without one are errors', () => {
  assert.equal(parseCustomProvider(minimal).client.authMethod, 'none');
  assert.equal(parseCustomProvider({ ...minimal, clientSecret: SECRET }).client.authMethod, 'client_secret_basic');
  assert.equal(parseCustomProvider({ ...minimal, clientSecret: SECRET, clientAuthMethod: 'client_secret_post' }).client.authMethod, 'client_secret_post');
  // A blank or null secret is no secret.
  assert.equal(parseCustomProvider({ ...minimal, clientSecret: '   ' }).client.clientSecret, null);
  assert.equal(parseCustomProvider({ ...minimal, clientSecret: null, clientAuthMethod: 'none' }).client.clientSecret, null);

  const none = onlyError({ ...minimal, clientSecret: SECRET, clientAuthMethod: 'none' });
  assert.equal(none.field, 'clientAuthMethod');
  assert.match(none.message, /"clientAuthMethod" is "none", but a client secret is set/);
  assert.match(none.hint, /client_secret_basic/);

  for (const method of ['client_secret_post', 'client_secret_basic']) {
    const e = onlyError({ ...minimal, clientAuthMethod: method });
    assert.equal(e.field, 'clientAuthMethod');
    assert.match(e.message, /needs a client secret/);
  }
  const unknown = onlyError({ ...minimal, clientAuthMethod: 'private_key_jwt' });
  assert.match(unknown.message, /"private_key_jwt" is not one of "none", "client_secret_post", "client_secret_basic"/);
  const near = onlyError({ ...minimal, clientSecret: SECRET, clientAuthMethod: 'client-secret-basic' });
  assert.match(near.hint, /Did you mean "client_secret_basic"\?/);
  assert.equal(onlyError({ ...minimal, clientAuthMethod: 3 }).field, 'clientAuthMethod');
});

test('id: identifier rules, length, built-in ids and taken ids', () => {
  for (const ok of ['a', 'acme', 'acme-sso', 'my_idp2', 'a'.repeat(64)]) assert.equal(parseCustomProvider({ ...minimal, id: ok }).id, ok);
  assert.equal(parseCustomProvider({ ...minimal, id: ' acme ' }).id, 'acme');

  const missing = onlyError({ ...minimal, id: undefined }, { index: 2 });
  assert.equal(missing.field, 'id');
  assert.equal(missing.providerId, null);
  assert.equal(missing.providerIndex, 2);
  assert.match(missing.message, /^Provider #3: "id" is missing/);
  assert.match(missing.hint, /lowercase letters, digits/);

  const upper = onlyError({ ...minimal, id: 'Acme SSO' });
  assert.match(upper.message, /"Acme SSO" is not a valid id/);
  assert.match(upper.hint, /e\.g\. "acme-sso"\.$/);
  assert.match(onlyError({ ...minimal, id: 'My IdP' }).hint, /e\.g\. "my-idp"\.$/);
  for (const bad of ['1acme', '-acme', 'acme.sso', 'acmé', '', 'a'.repeat(65), 42]) {
    assert.equal(onlyError({ ...minimal, id: bad }).field, 'id', String(bad));
  }

  for (const builtIn of BUILT_IN_PROVIDER_IDS) {
    const e = onlyError({ ...minimal, id: builtIn });
    assert.equal(e.field, 'id');
    assert.match(e.message, /is the id of a built-in provider/);
    assert.match(e.hint, new RegExp(`"${builtIn}-custom"`));
  }
  assert.deepEqual([...BUILT_IN_PROVIDER_IDS], ['sandbox', 'google', 'x', 'discord', 'google-health']);

  const taken = onlyError(minimal, { takenIds: ['acme'] });
  assert.equal(taken.code, 'provider_config_duplicate_id');
  assert.match(taken.message, /"acme" is already used by another provider/);
  const takenMap = onlyError(minimal, { takenIds: new Map([['acme', 'provider #1']]) });
  assert.match(takenMap.message, /already used by provider #1/);
  assert.equal(parseCustomProvider(minimal, { takenIds: new Set(['other']) }).id, 'acme');
});

test('messages name the file, the provider (id, else index) and the field; hints say what is valid', () => {
  const withFile = onlyError({ ...minimal, redirectPort: 80 }, { file: '/home/ada/providers.json', index: 1 });
  assert.equal(withFile.file, '/home/ada/providers.json');
  assert.equal(withFile.providerId, 'acme');
  assert.equal(withFile.providerIndex, 1);
  assert.equal(withFile.field, 'redirectPort');
  assert.equal(withFile.code, 'provider_config_invalid');
  assert.equal(withFile.message, 'In /home/ada/providers.json, provider "acme" (#2): "redirectPort" 80 is not 0 or a port from 1024 to 65535.');
  assert.match(withFile.hint, /Use 0 to take any free port/);
  assert.deepEqual(withFile.toInfo(), { code: withFile.code, message: withFile.message, hint: withFile.hint });

  const settings = onlyError({ ...minimal, redirectPort: 80 });
  assert.equal(settings.message, 'Provider "acme": "redirectPort" 80 is not 0 or a port from 1024 to 65535.');
  assert.equal(settings.file, null);

  const noId = onlyError({ ...minimal, id: 'Bad!' });
  assert.equal(noId.message.startsWith('Custom provider: "id"'), true);

  const notObject = onlyError(['acme'], { file: 'p.json', index: 0 });
  assert.equal(notObject.field, null);
  assert.match(notObject.message, /^In p\.json, provider #1 must be an object .*got a list\.$/);
});

test('every problem of one provider is reported, in field order', () => {
  const errors = errorsOf({ id: 'acme', displayName: '', issuer: 'ftp://x', clientId: '', scopes: 'openid email', pkce: 'none', colour: 'red' });
  assert.deepEqual(
    errors.map((e) => e.field),
    ['colour', 'displayName', 'issuer', 'clientId', 'scopes', 'pkce'],
  );
  assert.throws(() => parseCustomProvider({ ...minimal, colour: 'red', pkce: 'x' }), (e: unknown) => e instanceof ProviderConfigError && e.field === 'colour');
});

test('unknown fields are errors, with a suggestion for typos and other tools\' names', () => {
  const cases: Array<[string, string]> = [
    ['clientsecret', 'clientSecret'],
    ['client_secret', 'clientSecret'],
    ['scope', 'scopes'],
    ['redirectPth', 'redirectPath'],
    ['token_uri', 'tokenEndpoint'],
    ['authorizeUrl', 'authorizationEndpoint'],
    ['name', 'displayName'],
    ['token_endpoint_auth_method', 'clientAuthMethod'],
  ];
  for (const [typo, meant] of cases) {
    const e = onlyError({ ...minimal, [typo]: 'value' });
    assert.equal(e.code, 'provider_config_unknown_field');
    assert.equal(e.field, typo);
    assert.match(e.message, new RegExp(`"${typo}" is not a known field`));
    assert.ok(e.hint.includes(`Did you mean "${meant}"?`), `${typo}: ${e.hint}`);
  }
  assert.equal(suggestField('zzzzzzzzzz'), null);
  const e = onlyError({ ...minimal, __proto__x: 1 });
  assert.match(e.hint, /Known fields: id, displayName/);
  // A "__proto__" key from JSON is an own property like any other and is refused too.
  assert.equal(onlyError(JSON.parse('{"id":"acme","displayName":"A","issuer":"https://a.example","clientId":"c","__proto__":{"x":1}}')).field, '__proto__');
  assert.equal(CUSTOM_PROVIDER_FIELDS.length, 17);
});

test('displayName and clientId are required, non-empty, single-line', () => {
  for (const [field, value] of [
    ['displayName', undefined],
    ['displayName', ' '],
    ['displayName', 'a\nb'],
    ['displayName', 'x'.repeat(81)],
    ['displayName', 7],
    ['clientId', undefined],
    ['clientId', ''],
    ['clientId', 'id\u0000'],
    ['clientId', ['a']],
  ] as Array<[string, unknown]>) {
    const e = onlyError({ ...minimal, [field]: value });
    assert.equal(e.field, field, `${field}=${JSON.stringify(value)}`);
  }
  assert.match(onlyError({ ...minimal, clientId: 12 }).message, /"clientId" must be the client id; got a number\./);
});

test('issuer or manual endpoints: exactly one way, each URL https or loopback http', () => {
  const both = onlyError({ ...minimal, authorizationEndpoint: 'https://a.example/auth', tokenEndpoint: 'https://a.example/token' });
  assert.equal(both.field, 'issuer');
  assert.match(both.message, /both set/);
  const neither = onlyError({ id: 'acme', displayName: 'A', clientId: 'c' });
  assert.equal(neither.field, 'issuer');
  assert.match(neither.hint, /"authorizationEndpoint" and "tokenEndpoint"/);
  const halfManual = onlyError({ id: 'acme', displayName: 'A', clientId: 'c', authorizationEndpoint: 'https://a.example/auth' });
  assert.equal(halfManual.field, 'tokenEndpoint');
  assert.match(halfManual.message, /"tokenEndpoint" is missing/);

  // Discovery with overrides of the optional endpoints.
  const d = parseCustomProvider({ ...minimal, revocationEndpoint: 'https://login.acme.example/revoke', userinfoEndpoint: null });
  assert.equal(d.revocationEndpoint, 'https://login.acme.example/revoke');
  assert.equal(d.userinfoEndpoint, null);

  for (const ok of [
    'https://login.example.com',
    'https://login.example.com/',
    'https://login.example.com/tenant/v2.0',
    'http://127.0.0.1:4000',
    'http://localhost:4000/realms/dev',
    'http://[::1]:4000',
    'HTTPS://Login.Example.com',
  ]) {
    assert.equal(parseCustomProvider({ ...minimal, issuer: ok }).endpoints.kind, 'discovery', ok);
  }
  // The issuer is kept verbatim: discovery compares it character for character.
  const noSlash = parseCustomProvider({ ...minimal, issuer: 'https://accounts.google.com' }).endpoints;
  assert.deepEqual(noSlash, { kind: 'discovery', issuer: 'https://accounts.google.com' });

  const bad: Array<[unknown, RegExp]> = [
    ['http://login.example.com', /uses http on a host that is not this computer/],
    ['http://127.0.0.2', /uses http on a host that is not this computer/],
    ['http://localhost.evil.example', /uses http on a host that is not this computer/],
    ['ftp://login.example.com', /is not an https URL/],
    ['javascript:alert(1)', /is not an https URL/],
    ['login.example.com', /is not a full URL/],
    ['https://login.example.com#x', /must not have a fragment/],
    ['https://login.example.com?tenant=1', /must not have a query/],
    ['https://login.example.com/.well-known/openid-configuration', /discovery document's address, not the issuer/],
    [42, /must be a URL; got a number/],
  ];
  for (const [issuer, pattern] of bad) {
    const e = onlyError({ ...minimal, issuer });
    assert.equal(e.field, 'issuer', String(issuer));
    assert.match(e.message, pattern, String(issuer));
  }
  const wellKnown = onlyError({ ...minimal, issuer: 'https://login.example.com/.well-known/openid-configuration' });
  assert.match(wellKnown.hint, /"https:\/\/login\.example\.com"/);

  // Manual endpoints may carry a query, not a fragment; same http rule.
  const manual = { id: 'acme', displayName: 'A', clientId: 'c', authorizationEndpoint: 'https://a.example/auth?x=1' };
  assert.equal(onlyError({ ...manual, tokenEndpoint: 'https://a.example/token#f' }).field, 'tokenEndpoint');
  assert.equal(onlyError({ ...manual, tokenEndpoint: 'http://a.example/token' }).field, 'tokenEndpoint');
  for (const field of ['revocationEndpoint', 'userinfoEndpoint', 'dataUrl']) {
    assert.equal(onlyError({ ...minimal, [field]: 'http://api.example/x' }).field, field);
    assert.equal(onlyError({ ...minimal, [field]: true }).field, field);
  }
});

test('URLs with a user name or password are refused without echoing them', () => {
  const e = onlyError({ ...minimal, issuer: 'https://ada:hunter2@login.example.com' });
  assert.match(e.message, /must not contain a user name or password/);
  assert.ok(!e.message.includes('hunter2') && !e.hint.includes('hunter2'));
  const bad = validateProviderUrl('https://u:p@x.example');
  assert.equal(bad.ok, false);
  assert.match(bad.ok ? '' : bad.problem, /user name or password/);
  assert.deepEqual(validateProviderUrl(' https://x.example/a '), { ok: true, url: 'https://x.example/a' });
  assert.equal(validateProviderUrl('https://x.example/?q', { issuer: true }).ok, false);
  assert.equal(validateProviderUrl('https://x.example/?q').ok, true);
});

test('scopes: a list of RFC 6749 scope tokens', () => {
  assert.deepEqual(parseCustomProvider({ ...minimal, scopes: [] }).scopes, []);
  assert.deepEqual(parseCustomProvider({ ...minimal, scopes: null }).scopes, []);
  assert.deepEqual(parseCustomProvider({ ...minimal, scopes: ['openid', ' email ', 'a!#$%&()*+,-./:;<=>?@[]^_`{|}~'] }).scopes, [
    'openid',
    'email',
    'a!#$%&()*+,-./:;<=>?@[]^_`{|}~',
  ]);
  const oneText = onlyError({ ...minimal, scopes: 'openid email profile' });
  assert.match(oneText.message, /must be a list, not one text/);
  assert.match(oneText.hint, /\["openid","email","profile"\]/);
  const spaced = onlyError({ ...minimal, scopes: ['openid email'] });
  assert.match(spaced.message, /item 1 "openid email" contains a space/);
  for (const bad of [['a"b'], ['a\\b'], ['é'], [''], ['ok', 3], [{}]]) {
    const e = onlyError({ ...minimal, scopes: bad });
    assert.equal(e.field, 'scopes', JSON.stringify(bad));
    assert.match(e.message, /item \d/);
  }
  assert.equal(onlyError({ ...minimal, scopes: { openid: true } }).field, 'scopes');
});

test('pkce: S256 by default; plain and off only when chosen', () => {
  assert.equal(parseCustomProvider(minimal).pkceMethod, 'S256');
  assert.equal(parseCustomProvider({ ...minimal, pkce: 'S256' }).pkceMethod, 'S256');
  const plain = parseCustomProvider({ ...minimal, pkce: 'plain' });
  assert.equal(plain.pkce, 'plain');
  assert.equal(plain.pkceMethod, 'plain');
  const off = parseCustomProvider({ ...minimal, pkce: 'off' });
  assert.equal(off.pkce, 'off');
  assert.equal(off.pkceMethod, null);
  assert.match(onlyError({ ...minimal, pkce: 's256' }).hint, /Did you mean "S256"\?/);
  assert.equal(onlyError({ ...minimal, pkce: false }).field, 'pkce');
  assert.equal(onlyError({ ...minimal, pkce: 'none' }).field, 'pkce');
});

test('authMode: system-browser by default, or app-window', () => {
  assert.equal(parseCustomProvider(minimal).authMode, 'system-browser');
  assert.equal(parseCustomProvider({ ...minimal, authMode: 'app-window' }).authMode, 'app-window');
  const e = onlyError({ ...minimal, authMode: 'embedded' });
  assert.equal(e.field, 'authMode');
  assert.match(e.hint, /"system-browser", "app-window"/);
});

test('redirectPort: 0 or 1024-65535, a JSON number', () => {
  for (const ok of [0, 1024, 53682, 65535]) assert.equal(parseCustomProvider({ ...minimal, redirectPort: ok }).redirectPort, ok);
  for (const bad of [1, 80, 1023, 65536, -1, 8080.5, Number.NaN]) assert.equal(onlyError({ ...minimal, redirectPort: bad }).field, 'redirectPort', String(bad));
  const quoted = onlyError({ ...minimal, redirectPort: '8080' });
  assert.match(quoted.message, /must be a number; got a text/);
  assert.match(quoted.hint, /Write it without quotes: 8080/);
});

test('redirectPath: starts with "/", no query, fragment, spaces or dot segments; default /callback', () => {
  assert.equal(parseCustomProvider({ ...minimal, redirectPath: '' }).redirectPath, '/callback');
  for (const ok of ['/', '/callback', '/oauth2/callback/', '/a-b_c~d.e', '/cb%20x', "/a:b@c!$&'()*+,;="]) {
    assert.equal(parseCustomProvider({ ...minimal, redirectPath: ok }).redirectPath, ok);
  }
  const cases: Array<[unknown, RegExp]> = [
    ['callback', /does not start with "\/"/],
    ['http://127.0.0.1:8080/callback', /is a whole URL, not a path/],
    ['/cb?x=1', /has a query or fragment/],
    ['/cb#x', /has a query or fragment/],
    ['/call back', /characters a browser would change/],
    ['/café', /characters a browser would change/],
    ['/cb%zz', /characters a browser would change/],
    ['/a/../cb', /"\." or "\.\." segment/],
    ['/./cb', /"\." or "\.\." segment/],
    [3, /must be a text; got a number/],
  ];
  for (const [path, pattern] of cases) {
    const e = onlyError({ ...minimal, redirectPath: path });
    assert.equal(e.field, 'redirectPath');
    assert.match(e.message, pattern, String(path));
  }
});

test('extraAuthParams: texts only, never a core parameter (the RESERVED list of authorization-request.ts)', () => {
  // S11: also response_mode (the loopback receiver takes a query only) and request objects, which could override the rest.
  assert.deepEqual([...RESERVED_AUTH_PARAMS], ['response_type', 'client_id', 'redirect_uri', 'scope', 'state', 'code_challenge', 'code_challenge_method', 'response_mode', 'request', 'request_uri']);
  for (const reserved of [...RESERVED_AUTH_PARAMS, 'Client_ID']) {
    const e = onlyError({ ...minimal, extraAuthParams: { [reserved]: 'x' } });
    assert.equal(e.field, 'extraAuthParams');
    assert.match(e.message, new RegExp(`sets "${reserved}", which the app sets itself`));
    // The same list is what buildAuthorizationUrl refuses.
    if (reserved === reserved.toLowerCase()) {
      assert.throws(() =>
        buildAuthorizationUrl({
          authorizationEndpoint: 'https://a.example/auth',
          clientId: 'c',
          redirectUri: 'http://127.0.0.1:1/cb',
          scopes: [],
          state: 's',
          codeVerifier: 'v'.repeat(43),
          pkceMethod: null,
          extraParams: { [reserved]: 'x' },
        }),
      );
    }
  }
  for (const secretParam of [...SECRET_AUTH_PARAMS, 'Client_Secret']) {
    const e = onlyError({ ...minimal, extraAuthParams: { [secretParam]: SECRET } });
    assert.match(e.message, /would put a secret in the authorization URL/);
  }
  assert.match(onlyError({ ...minimal, extraAuthParams: { client_secret: SECRET } }).hint, /put the secret in "clientSecret"/);
  const numeric = onlyError({ ...minimal, extraAuthParams: { max_age: 0 } });
  assert.match(numeric.message, /"max_age" must be a text; got a number/);
  assert.match(numeric.hint, /Write it in quotes: "0"/);
  assert.equal(onlyError({ ...minimal, extraAuthParams: ['prompt=consent'] }).field, 'extraAuthParams');
  assert.equal(onlyError({ ...minimal, extraAuthParams: { 'bad name': 'x' } }).field, 'extraAuthParams');
  assert.equal(onlyError({ ...minimal, extraAuthParams: { prompt: 'a\nb' } }).field, 'extraAuthParams');
  // A JSON "__proto__" key stays a plain parameter and does not change the object's prototype.
  const d = parseCustomProvider({ ...minimal, extraAuthParams: JSON.parse('{"__proto__": "x", "prompt": "consent"}') });
  assert.equal(Object.getPrototypeOf(d.extraAuthParams), Object.prototype);
  assert.deepEqual(Object.keys(d.extraAuthParams), ['__proto__', 'prompt']);
});

test('secrets never appear in any error message or hint', () => {
  const inputs: unknown[] = [
    { ...minimal, clientSecret: SECRET, clientAuthMethod: 'none' },
    { ...minimal, clientSecret: SECRET, clientAuthMethod: 'nope' },
    { ...minimal, clientSecret: SECRET + '\n' + SECRET },
    { ...minimal, clientSecret: SECRET.repeat(40) },
    { ...minimal, clientSecret: SECRET, id: 'BAD', displayName: '', issuer: 'nope', scopes: 'x', redirectPort: 1, extra: SECRET },
    { ...minimal, extraAuthParams: { client_secret: SECRET } },
    { ...minimal, extraAuthParams: { token: SECRET + '\u0007' } },
    { ...minimal, clientSecret: SECRET, redirectPath: 'cb', pkce: 'x', authMode: 'x' },
    { ...minimal, issuer: `https://client:${SECRET}@login.example.com` },
  ];
  for (const input of inputs) {
    for (const e of errorsOf(input)) {
      assert.ok(!e.message.includes(SECRET) && !e.hint.includes(SECRET), e.message);
      assert.ok(!e.message.includes('ZH1I5pLk') && !e.hint.includes('ZH1I5pLk'), e.message);
    }
  }
});

test('serializeCustomProvider round-trips, and leaves the secret out unless asked', () => {
  const defs: CustomProviderDefinition[] = [
    parseCustomProvider(minimal),
    parseCustomProvider({
      id: 'corp',
      displayName: 'Corp',
      authorizationEndpoint: 'https://c.example/a',
      tokenEndpoint: 'https://c.example/t',
      revocationEndpoint: 'https://c.example/r',
      clientId: 'id',
      clientSecret: SECRET,
      scopes: ['a', 'b'],
      pkce: 'off',
      redirectPort: 4000,
      redirectPath: '/x',
      extraAuthParams: { prompt: 'consent' },
      dataUrl: 'https://c.example/me',
    }),
  ];
  for (const d of defs) {
    const json = JSON.parse(JSON.stringify(serializeCustomProvider(d, { includeClientSecret: true })));
    assert.deepEqual(parseCustomProvider(json), d);
  }
  const withoutSecret = serializeCustomProvider(defs[1]!, { includeClientSecret: false });
  assert.equal('clientSecret' in withoutSecret, false);
  assert.ok(!JSON.stringify(withoutSecret).includes(SECRET));
});
