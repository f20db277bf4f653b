import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseGoogleClientSecret } from '../../../../electron/core/providers/config/google-client-secret.ts';
import { ProviderConfigError } from '../../../../electron/core/providers/config/provider-config-error.ts';

// The shape Google Cloud console downloads (invented values).
const SECRET = 'GOCSPX-z/tZ9VwFZqApmIQ+ZH1I5pLk/uB4ud:X2/8bL+wfFTt1rFw=';
const installed = {
  installed: {
    client_id: '123456789012-abcdefghijklmnopqrstuvwxyz012345.apps.googleusercontent.com',
    project_id: 'oauth-desk-demo',
    auth_uri: 'https://accounts.google.com/o/oauth2/auth',
    token_uri: 'https://oauth2.googleapis.com/token',
    auth_provider_x509_cert_url: 'https://www.googleapis.com/oauth2/v1/certs',
    client_secret: SECRET,
    redirect_uris: ['http://localhost'],
  },
};
const web = {
  web: {
    client_id: '123456789012-web.apps.googleusercontent.com',
    project_id: 'oauth-desk-demo',
    auth_uri: 'https://accounts.google.com/o/oauth2/auth',
    token_uri: 'https://oauth2.googleapis.com/token',
    client_secret: SECRET,
    redirect_uris: ['https://app.example/callback'],
    javascript_origins: ['https://app.example'],
  },
};

function failure(text: string, file?: string): ProviderConfigError {
  try {
    parseGoogleClientSecret(text, file);
  } catch (error) {
    assert.ok(error instanceof ProviderConfigError, String(error));
    assert.ok(!error.message.includes(SECRET) && !error.hint.includes(SECRET), error.message);
    assert.ok(!error.message.includes('ZH1I5pLk') && !error.hint.includes('ZH1I5pLk'), error.message);
    return error;
  }
  assert.fail('expected a ProviderConfigError');
}

test('a Desktop app ("installed") client: id, secret preserved exactly, project, no warning', () => {
  const parsed = parseGoogleClientSecret(JSON.stringify(installed, null, 2), 'client_secret_123.json');
  assert.deepEqual(parsed, {
    clientId: installed.installed.client_id,
    clientSecret: SECRET,
    kind: 'installed',
    projectId: 'oauth-desk-demo',
    warnings: [],
  });
  assert.ok(Object.isFrozen(parsed));
  // Without project_id, and with a byte order mark.
  const { project_id: _unused, ...noProject } = installed.installed;
  assert.equal(parseGoogleClientSecret('\ufeff' + JSON.stringify({ installed: noProject })).projectId, null);
});

test('a "web" client loads with a warning that desktop apps should use a Desktop app client', () => {
  const parsed = parseGoogleClientSecret(JSON.stringify(web));
  assert.equal(parsed.kind, 'web');
  assert.equal(parsed.clientSecret, SECRET);
  assert.equal(parsed.warnings.length, 1);
  assert.equal(parsed.warnings[0]!.code, 'google_web_client');
  assert.match(parsed.warnings[0]!.message, /"Web application" client/);
  assert.match(parsed.warnings[0]!.hint, /"Desktop app" client/);
  assert.match(parsed.warnings[0]!.hint, /loopback/);
});

test('an unusual client id loads with a warning', () => {
  const parsed = parseGoogleClientSecret(JSON.stringify({ installed: { ...installed.installed, client_id: 'not-google' } }));
  assert.deepEqual(
    parsed.warnings.map((w) => w.code),
    ['google_client_id_unusual'],
  );
});

test('not JSON: says so with the position, never quoting the text', () => {
  const text = `{"installed": {"client_secret": "${SECRET}" "client_id": "x"}}`;
  const e = failure(text, '/tmp/client_secret.json');
  assert.equal(e.code, 'google_client_secret_not_json');
  assert.equal(e.message, 'The Google client file /tmp/client_secret.json is not JSON: expected "," or "}" after a property value (line 1, column 91).');
  assert.equal(e.line, 1);
  assert.equal(e.column, 91);
  assert.match(e.hint, /Download JSON/);
  assert.equal(failure('').code, 'google_client_secret_not_json');
  assert.equal(failure('').message, 'The Google client file is not JSON: the file is empty (line 1, column 1).');
});

test('what is wrong with the content is named', () => {
  const cases: Array<[unknown, string | null, RegExp]> = [
    [[installed], null, /holds a list, not the object/],
    [{}, null, /has neither "installed" \(a Desktop app client\) nor "web"/],
    [{ client_id: 'x', client_secret: SECRET }, null, /has neither "installed"/],
    [{ ...installed, ...web }, null, /has both "installed" and "web"/],
    [{ installed: 'x' }, 'installed', /has "installed" as a text, not an object/],
    [{ installed: { client_secret: SECRET } }, 'installed.client_id', /has no "client_id" in "installed"/],
    [{ installed: { client_id: 5, client_secret: SECRET } }, 'installed.client_id', /"client_id" that is a number/],
    [{ installed: { client_id: '  ', client_secret: SECRET } }, 'installed.client_id', /empty "client_id"/],
    [{ installed: { client_id: 'a b', client_secret: SECRET } }, 'installed.client_id', /spaces or line breaks/],
    [{ web: { client_id: 'x.apps.googleusercontent.com' } }, 'web.client_secret', /has no "client_secret" in "web"/],
    [{ installed: { client_id: 'x', client_secret: '' } }, 'installed.client_secret', /empty "client_secret"/],
    [{ installed: { client_id: 'x', client_secret: 42 } }, 'installed.client_secret', /"client_secret" that is a number/],
    [{ installed: { client_id: 'x', client_secret: SECRET + '\n' + SECRET } }, 'installed.client_secret', /line break/],
    [{ installed: { ...installed.installed, project_id: 7 } }, 'installed.project_id', /"project_id" that is a number/],
    [{ type: 'service_account', private_key: '-----BEGIN PRIVATE KEY-----\nMII', client_id: '1' }, 'type', /service account key, not an OAuth client/],
    [{ type: 'authorized_user', client_id: 'x', client_secret: SECRET, refresh_token: '1//r' }, 'type', /gcloud application default credentials/],
  ];
  for (const [content, field, pattern] of cases) {
    const e = failure(JSON.stringify(content), 'cs.json');
    assert.equal(e.code, 'google_client_secret_invalid');
    assert.equal(e.field, field, JSON.stringify(content));
    assert.equal(e.file, 'cs.json');
    assert.equal(e.providerId, 'google');
    assert.ok(e.message.startsWith('The Google client file cs.json '), e.message);
    assert.match(e.message, pattern);
    assert.ok(!e.message.includes('PRIVATE KEY') && !e.message.includes('1//r'));
  }
  assert.match(failure(JSON.stringify({ installed: { client_id: 'x' } })).hint, /token endpoint needs the secret/);
});
