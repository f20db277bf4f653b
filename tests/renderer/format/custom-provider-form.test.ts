/** The custom provider form's pure conversions: inputs ⇄ CustomProviderForm, secret payload, problem placement. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CustomProviderForm, FieldProblem } from '../../../electron/shared/settings-types.ts';
import {
  EMPTY_FORM_STATE,
  defaultClientAuthMethod,
  formStateFromDefinition,
  formatExtraParams,
  optionalText,
  parseExtraParams,
  parseFixedPort,
  problemsFor,
  saveCustomRequest,
  secretPayload,
  shownFields,
  splitScopes,
  toCustomProviderForm,
  unplacedProblems,
} from '../../../renderer/src/format/custom-provider-form.ts';
import type { CustomProviderFormState } from '../../../renderer/src/format/custom-provider-form.ts';

function state(over: Partial<CustomProviderFormState> = {}): CustomProviderFormState {
  return { ...EMPTY_FORM_STATE, id: 'acme', displayName: 'Acme', clientId: 'client-1', ...over };
}

function formOf(s: CustomProviderFormState): CustomProviderForm {
  const converted = toCustomProviderForm(s);
  assert.ok(converted.ok, `expected no problems, got ${JSON.stringify(converted)}`);
  return converted.form;
}

test('scopes: split on any whitespace, blanks dropped, order kept', () => {
  assert.deepEqual(splitScopes('openid  email\nprofile\t offline_access '), ['openid', 'email', 'profile', 'offline_access']);
  assert.deepEqual(splitScopes('   '), []);
  assert.deepEqual(splitScopes(''), []);
  assert.deepEqual(splitScopes('https://www.googleapis.com/auth/gmail.readonly'), ['https://www.googleapis.com/auth/gmail.readonly']);
});

test('optional text: trimmed, blank is absent', () => {
  assert.equal(optionalText('  https://a.example  '), 'https://a.example');
  assert.equal(optionalText(' \t '), undefined);
  assert.equal(optionalText(''), undefined);
});

test('extra parameters: name=value lines, blank lines skipped, "=" allowed in the value, both sides trimmed', () => {
  const parsed = parseExtraParams('prompt=consent\n\n  access_type = offline \r\nresource=https://api.example/?a=b');
  assert.ok(parsed.ok);
  assert.deepEqual(parsed.params, { prompt: 'consent', access_type: 'offline', resource: 'https://api.example/?a=b' });
  const empty = parseExtraParams('\n  \n');
  assert.ok(empty.ok);
  assert.deepEqual(empty.params, {});
  const blankValue = parseExtraParams('hd=');
  assert.ok(blankValue.ok);
  assert.deepEqual(blankValue.params, { hd: '' });
});

test('extra parameters: a line without "=" or without a name, and a repeated name, are problems naming the line (not echoing it)', () => {
  const parsed = parseExtraParams('prompt=consent\nsupersecretvalue\n=orphan\nprompt=login');
  assert.equal(parsed.ok, false);
  assert.ok(!parsed.ok);
  assert.deepEqual(
    parsed.problems.map((p) => p.field),
    ['extraAuthParams', 'extraAuthParams', 'extraAuthParams'],
  );
  assert.match(parsed.problems[0]!.message, /Line 2 has no "="/);
  assert.match(parsed.problems[1]!.message, /Line 3 has no parameter name/);
  assert.match(parsed.problems[2]!.message, /"prompt" is given more than once \(line 4\)/);
  for (const problem of parsed.problems) {
    assert.doesNotMatch(problem.message + problem.hint, /supersecretvalue|orphan/);
    assert.notEqual(problem.hint, '');
  }
});

test('extra parameters: "__proto__" stays a plain entry', () => {
  const parsed = parseExtraParams('__proto__=x');
  assert.ok(parsed.ok);
  assert.deepEqual(Object.keys(parsed.params), ['__proto__']);
  assert.equal(Object.getPrototypeOf(parsed.params), Object.prototype);
});

test('extra parameters format back into lines that parse to the same map', () => {
  const params = { prompt: 'consent', access_type: 'offline' };
  assert.equal(formatExtraParams(params), 'prompt=consent\naccess_type=offline');
  assert.equal(formatExtraParams(undefined), '');
  const again = parseExtraParams(formatExtraParams(params));
  assert.ok(again.ok);
  assert.deepEqual(again.params, params);
});

test('empty optional inputs are sent as absent fields, never as empty strings', () => {
  const form = formOf(state({ redirectPort: '', pkce: 'S256', authMode: 'system-browser' }));
  assert.deepEqual(form, { id: 'acme', displayName: 'Acme', clientId: 'client-1', pkce: 'S256', authMode: 'system-browser' });
  for (const value of Object.values(form)) assert.notEqual(value, '');
});

test('required fields are sent even when empty, so the schema names them', () => {
  const form = formOf({ ...EMPTY_FORM_STATE });
  assert.equal(form.id, '');
  assert.equal(form.displayName, '');
  assert.equal(form.clientId, '');
});

test('a full discovery form: trimmed texts, scopes as a list, port as a number, extra parameters as a map', () => {
  const form = formOf(
    state({
      id: ' acme-sso ',
      displayName: ' Acme SSO ',
      issuer: ' https://login.acme.example ',
      revocationEndpoint: 'https://login.acme.example/revoke',
      userinfoEndpoint: ' ',
      clientAuthMethod: 'client_secret_post',
      scopes: 'openid email',
      pkce: 'plain',
      authMode: 'app-window',
      redirectPort: '53682',
      redirectPath: ' /cb ',
      extraAuthParams: 'prompt=consent',
      dataUrl: 'https://api.acme.example/me',
    }),
  );
  assert.deepEqual(form, {
    id: 'acme-sso',
    displayName: 'Acme SSO',
    clientId: 'client-1',
    issuer: 'https://login.acme.example',
    revocationEndpoint: 'https://login.acme.example/revoke',
    clientAuthMethod: 'client_secret_post',
    scopes: ['openid', 'email'],
    pkce: 'plain',
    authMode: 'app-window',
    redirectPort: 53682,
    redirectPath: '/cb',
    extraAuthParams: { prompt: 'consent' },
    dataUrl: 'https://api.acme.example/me',
  });
});

test('only the chosen endpoint mode is sent, whatever the other inputs still hold', () => {
  const typed = { issuer: 'https://login.example', authorizationEndpoint: 'https://a.example/auth', tokenEndpoint: 'https://a.example/token' };
  const discovery = formOf(state({ ...typed, endpointMode: 'discovery' }));
  assert.equal(discovery.issuer, 'https://login.example');
  assert.equal('authorizationEndpoint' in discovery, false);
  assert.equal('tokenEndpoint' in discovery, false);
  const manual = formOf(state({ ...typed, endpointMode: 'manual' }));
  assert.equal('issuer' in manual, false);
  assert.equal(manual.authorizationEndpoint, 'https://a.example/auth');
  assert.equal(manual.tokenEndpoint, 'https://a.example/token');
});

test('the client authentication method is left out when "default", so the main process derives it', () => {
  assert.equal('clientAuthMethod' in formOf(state({ clientAuthMethod: '' })), false);
  assert.equal(formOf(state({ clientAuthMethod: 'none' })).clientAuthMethod, 'none');
  assert.equal(defaultClientAuthMethod(false), 'none');
  assert.equal(defaultClientAuthMethod(true), 'client_secret_basic');
});

test('redirect port: 0 is sent as 0 (any free port); text that is not a whole number is a problem for that field', () => {
  assert.equal(formOf(state({ redirectPort: '0' })).redirectPort, 0);
  assert.equal(formOf(state({ redirectPort: ' 8080 ' })).redirectPort, 8080);
  for (const bad of ['abc', '-1', '80.5', '1e3']) {
    const converted = toCustomProviderForm(state({ redirectPort: bad }));
    assert.equal(converted.ok, false, bad);
    assert.ok(!converted.ok);
    assert.deepEqual(
      converted.problems.map((p) => p.field),
      ['redirectPort'],
      bad,
    );
  }
});

test('all local problems are reported at once', () => {
  const converted = toCustomProviderForm(state({ redirectPort: 'x', extraAuthParams: 'nope' }));
  assert.ok(!converted.ok);
  assert.deepEqual(converted.problems.map((p) => p.field).sort(), ['extraAuthParams', 'redirectPort']);
});

const DISCOVERY_DEFINITION: CustomProviderForm = {
  id: 'acme',
  displayName: 'Acme',
  issuer: 'https://login.acme.example',
  authorizationEndpoint: null,
  tokenEndpoint: null,
  revocationEndpoint: null,
  userinfoEndpoint: 'https://login.acme.example/userinfo',
  clientId: 'client-1',
  clientAuthMethod: 'client_secret_basic',
  scopes: ['openid', 'email'],
  pkce: 'S256',
  authMode: 'system-browser',
  redirectPort: 0,
  redirectPath: '/callback',
  extraAuthParams: { prompt: 'consent' },
  dataUrl: null,
};

test('a saved definition fills the inputs, and converts back to the same form', () => {
  const filled = formStateFromDefinition(DISCOVERY_DEFINITION, true);
  assert.equal(filled.endpointMode, 'discovery');
  assert.equal(filled.issuer, 'https://login.acme.example');
  assert.equal(filled.scopes, 'openid email');
  assert.equal(filled.redirectPort, '0');
  assert.equal(filled.extraAuthParams, 'prompt=consent');
  assert.equal(filled.dataUrl, '');
  assert.deepEqual(formOf(filled), {
    id: 'acme',
    displayName: 'Acme',
    issuer: 'https://login.acme.example',
    userinfoEndpoint: 'https://login.acme.example/userinfo',
    clientId: 'client-1',
    scopes: ['openid', 'email'],
    pkce: 'S256',
    authMode: 'system-browser',
    redirectPort: 0,
    redirectPath: '/callback',
    extraAuthParams: { prompt: 'consent' },
  });
});

test('a definition with manual endpoints opens in manual mode', () => {
  const manual = formStateFromDefinition(
    { ...DISCOVERY_DEFINITION, issuer: undefined, authorizationEndpoint: 'https://a.example/auth', tokenEndpoint: 'https://a.example/token' },
    false,
  );
  assert.equal(manual.endpointMode, 'manual');
  assert.equal(manual.authorizationEndpoint, 'https://a.example/auth');
  assert.equal(manual.issuer, '');
});

test('a saved authentication method equal to the default for the saved secret shows as "default"; another one is kept', () => {
  assert.equal(formStateFromDefinition({ ...DISCOVERY_DEFINITION, clientAuthMethod: 'client_secret_basic' }, true).clientAuthMethod, '');
  assert.equal(formStateFromDefinition({ ...DISCOVERY_DEFINITION, clientAuthMethod: 'none' }, false).clientAuthMethod, '');
  assert.equal(formStateFromDefinition({ ...DISCOVERY_DEFINITION, clientAuthMethod: 'client_secret_post' }, true).clientAuthMethod, 'client_secret_post');
  assert.equal(formStateFromDefinition({ ...DISCOVERY_DEFINITION, clientAuthMethod: 'none' }, true).clientAuthMethod, 'none');
});

test('secret payload: a new secret (trimmed), null to remove the saved one, absent to keep it', () => {
  assert.deepEqual(secretPayload({ value: ' s3cret ', remove: false }), { clientSecret: 's3cret' });
  assert.deepEqual(secretPayload({ value: '   ', remove: false }), {});
  assert.deepEqual(secretPayload({ value: '', remove: true }), { clientSecret: null });
  assert.deepEqual(secretPayload({ value: 'typed', remove: true }), { clientSecret: null }, 'remove wins over a typed value');
});

test('the save request carries the form, the secret choice and the replaced id', () => {
  const built = saveCustomRequest(state({ issuer: 'https://login.example' }), { value: 'x', remove: false }, 'old-id');
  assert.ok(built.ok);
  assert.deepEqual(built.request, {
    form: { id: 'acme', displayName: 'Acme', clientId: 'client-1', issuer: 'https://login.example', pkce: 'S256', authMode: 'system-browser', redirectPort: 0 },
    clientSecret: 'x',
    replaces: 'old-id',
  });
  const added = saveCustomRequest(state(), { value: '', remove: false }, undefined);
  assert.ok(added.ok);
  assert.equal('replaces' in added.request, false);
  assert.equal('clientSecret' in added.request, false);
  const refused = saveCustomRequest(state({ extraAuthParams: 'bad' }), { value: '', remove: false }, undefined);
  assert.equal(refused.ok, false);
});

test('problems are looked up by field; those of hidden fields and of the whole form are unplaced', () => {
  const problems: FieldProblem[] = [
    { field: 'id', message: 'id bad', hint: 'h' },
    { field: 'issuer', message: 'issuer missing', hint: 'h' },
    { field: null, message: 'whole form', hint: 'h' },
    { field: 'id', message: 'id taken', hint: 'h' },
    { field: 'somethingElse', message: 'unknown field', hint: 'h' },
  ];
  assert.deepEqual(
    problemsFor(problems, 'id').map((p) => p.message),
    ['id bad', 'id taken'],
  );
  assert.deepEqual(problemsFor(problems, 'clientId'), []);
  assert.deepEqual(
    unplacedProblems(problems, shownFields({ endpointMode: 'discovery' })).map((p) => p.message),
    ['whole form', 'unknown field'],
  );
  assert.deepEqual(
    unplacedProblems(problems, shownFields({ endpointMode: 'manual' })).map((p) => p.message),
    ['issuer missing', 'whole form', 'unknown field'],
    'in manual mode the issuer input is not shown',
  );
  assert.ok(shownFields({ endpointMode: 'manual' }).includes('tokenEndpoint'));
  assert.ok(shownFields({ endpointMode: 'discovery' }).includes('clientSecret'));
});

test('a fixed redirect port is a whole number from 1024 to 65535', () => {
  assert.deepEqual(parseFixedPort(' 53682 '), { ok: true, port: 53682 });
  assert.deepEqual(parseFixedPort('1024'), { ok: true, port: 1024 });
  assert.deepEqual(parseFixedPort('65535'), { ok: true, port: 65535 });
  for (const bad of ['', '0', '80', '1023', '65536', 'abc', '5368.2', '-2000']) {
    const parsed = parseFixedPort(bad);
    assert.equal(parsed.ok, false, bad);
    assert.ok(!parsed.ok);
    assert.equal(parsed.problem.field, 'redirectPort');
  }
});
