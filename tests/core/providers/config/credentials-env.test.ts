import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CREDENTIAL_ENV_VARIABLES, credentialsFromEnv, readCredentialsEnv } from '../../../../electron/core/providers/config/credentials-env.ts';
import { ProviderConfigError } from '../../../../electron/core/providers/config/provider-config-error.ts';

const SECRET = 'z/tZ9VwFZqApmIQ+ZH1I5pLk/uB4ud:X2/8bL+wfFTt1rFw=';

test('nothing set: no credentials, no errors', () => {
  assert.deepEqual(credentialsFromEnv({}), {});
  assert.deepEqual(readCredentialsEnv({ PATH: '/bin' }), { credentials: {}, errors: [] });
});

test('each provider reads its own pair; values trimmed; secrets with ":", "+", "/", "=" preserved', () => {
  const creds = credentialsFromEnv({
    OAUTH_DESK_GOOGLE_CLIENT_ID: ' 1234-abc.apps.googleusercontent.com\n',
    OAUTH_DESK_GOOGLE_CLIENT_SECRET: `  ${SECRET}  `,
    OAUTH_DESK_X_CLIENT_ID: 'x-id',
    OAUTH_DESK_DISCORD_CLIENT_ID: '80351110224678912',
    OAUTH_DESK_DISCORD_CLIENT_SECRET: 'd+/=:',
  });
  assert.deepEqual(creds, {
    google: {
      clientId: '1234-abc.apps.googleusercontent.com',
      clientSecret: SECRET,
      variables: { clientId: 'OAUTH_DESK_GOOGLE_CLIENT_ID', clientSecret: 'OAUTH_DESK_GOOGLE_CLIENT_SECRET' },
    },
    x: { clientId: 'x-id', clientSecret: null, variables: { clientId: 'OAUTH_DESK_X_CLIENT_ID', clientSecret: null } },
    discord: {
      clientId: '80351110224678912',
      clientSecret: 'd+/=:',
      variables: { clientId: 'OAUTH_DESK_DISCORD_CLIENT_ID', clientSecret: 'OAUTH_DESK_DISCORD_CLIENT_SECRET' },
    },
    'google-health': {
      clientId: '1234-abc.apps.googleusercontent.com',
      clientSecret: SECRET,
      variables: { clientId: 'OAUTH_DESK_GOOGLE_CLIENT_ID', clientSecret: 'OAUTH_DESK_GOOGLE_CLIENT_SECRET' },
    },
  });
  assert.ok(Object.isFrozen(creds.google));
});

test('empty strings count as unset', () => {
  assert.deepEqual(credentialsFromEnv({ OAUTH_DESK_X_CLIENT_ID: '', OAUTH_DESK_X_CLIENT_SECRET: '' }), {});
  assert.deepEqual(credentialsFromEnv({ OAUTH_DESK_X_CLIENT_ID: '  ', OAUTH_DESK_X_CLIENT_SECRET: ' ' }), {});
  assert.equal(credentialsFromEnv({ OAUTH_DESK_X_CLIENT_ID: 'id', OAUTH_DESK_X_CLIENT_SECRET: '' }).x!.clientSecret, null);
});

test('Google Health shares Google\'s client unless its own id is set', () => {
  const shared = credentialsFromEnv({ OAUTH_DESK_GOOGLE_CLIENT_ID: 'g', OAUTH_DESK_GOOGLE_CLIENT_SECRET: 'gs' });
  assert.deepEqual(shared['google-health'], shared.google);
  const own = credentialsFromEnv({
    OAUTH_DESK_GOOGLE_CLIENT_ID: 'g',
    OAUTH_DESK_GOOGLE_CLIENT_SECRET: 'gs',
    OAUTH_DESK_GOOGLE_HEALTH_CLIENT_ID: 'h',
  });
  // Its own client does not borrow Google's secret.
  assert.deepEqual(own['google-health'], { clientId: 'h', clientSecret: null, variables: { clientId: 'OAUTH_DESK_GOOGLE_HEALTH_CLIENT_ID', clientSecret: null } });
  const ownPair = credentialsFromEnv({ OAUTH_DESK_GOOGLE_HEALTH_CLIENT_ID: 'h', OAUTH_DESK_GOOGLE_HEALTH_CLIENT_SECRET: 'hs' });
  assert.deepEqual(Object.keys(ownPair), ['google-health']);
  assert.equal(ownPair['google-health']!.clientSecret, 'hs');
  // An empty Google Health id still means "share Google's".
  assert.equal(credentialsFromEnv({ OAUTH_DESK_GOOGLE_CLIENT_ID: 'g', OAUTH_DESK_GOOGLE_HEALTH_CLIENT_ID: '' })['google-health']!.clientId, 'g');
});

test('a secret without an id is an error naming the variable, never the secret', () => {
  for (const [providerId, vars] of Object.entries(CREDENTIAL_ENV_VARIABLES)) {
    const env = { [vars.clientSecret]: SECRET };
    const e = (() => {
      try {
        credentialsFromEnv(env);
      } catch (error) {
        return error;
      }
      return assert.fail('expected an error');
    })();
    assert.ok(e instanceof ProviderConfigError);
    assert.equal(e.code, 'credentials_env_invalid');
    assert.equal(e.field, vars.clientSecret);
    assert.equal(e.providerId, providerId);
    assert.equal(e.message, `${vars.clientSecret} is set, but ${vars.clientId} is not.`);
    assert.match(e.hint, new RegExp(`Set ${vars.clientId}`));
    assert.ok(!e.message.includes(SECRET) && !e.hint.includes(SECRET));
  }
  // Google Health's lone secret is an error even though Google's client would otherwise be shared.
  const { credentials, errors } = readCredentialsEnv({
    OAUTH_DESK_GOOGLE_CLIENT_ID: 'g',
    OAUTH_DESK_GOOGLE_HEALTH_CLIENT_SECRET: SECRET,
  });
  assert.deepEqual(Object.keys(credentials), ['google']);
  assert.deepEqual(
    errors.map((e) => e.field),
    ['OAUTH_DESK_GOOGLE_HEALTH_CLIENT_SECRET'],
  );
});

test('one bad variable does not hide the others in readCredentialsEnv', () => {
  const { credentials, errors } = readCredentialsEnv({
    OAUTH_DESK_X_CLIENT_SECRET: SECRET,
    OAUTH_DESK_DISCORD_CLIENT_ID: 'd',
    OAUTH_DESK_GOOGLE_CLIENT_ID: '"g"',
  });
  assert.deepEqual(Object.keys(credentials), ['discord']);
  assert.deepEqual(
    errors.map((e) => e.field),
    ['OAUTH_DESK_GOOGLE_CLIENT_ID', 'OAUTH_DESK_X_CLIENT_SECRET'],
  );
});

test('malformed values: quotes kept by env-file tools, line breaks, spaces in an id; the value is never echoed', () => {
  const cases: Array<[Record<string, string>, string, RegExp]> = [
    [{ OAUTH_DESK_X_CLIENT_ID: 'id', OAUTH_DESK_X_CLIENT_SECRET: `"${SECRET}"` }, 'OAUTH_DESK_X_CLIENT_SECRET', /wrapped in quotes/],
    [{ OAUTH_DESK_X_CLIENT_ID: 'id', OAUTH_DESK_X_CLIENT_SECRET: `'${SECRET}'` }, 'OAUTH_DESK_X_CLIENT_SECRET', /wrapped in quotes/],
    [{ OAUTH_DESK_X_CLIENT_ID: 'id', OAUTH_DESK_X_CLIENT_SECRET: `${SECRET}\n${SECRET}` }, 'OAUTH_DESK_X_CLIENT_SECRET', /line break/],
    [{ OAUTH_DESK_X_CLIENT_ID: 'id one', OAUTH_DESK_X_CLIENT_SECRET: SECRET }, 'OAUTH_DESK_X_CLIENT_ID', /contains a space/],
    [{ OAUTH_DESK_X_CLIENT_ID: "'id'" }, 'OAUTH_DESK_X_CLIENT_ID', /wrapped in quotes/],
  ];
  for (const [env, variable, pattern] of cases) {
    const { errors } = readCredentialsEnv(env);
    assert.equal(errors.length, 1, JSON.stringify(env));
    const e = errors[0]!;
    assert.equal(e.field, variable);
    assert.match(e.message, pattern);
    assert.ok(e.message.startsWith(variable));
    assert.ok(!e.message.includes(SECRET) && !e.hint.includes(SECRET));
    assert.ok(!e.message.includes('ZH1I5pLk') && !e.hint.includes('ZH1I5pLk'));
  }
  // A secret that merely contains a quote is fine.
  assert.equal(credentialsFromEnv({ OAUTH_DESK_X_CLIENT_ID: 'id', OAUTH_DESK_X_CLIENT_SECRET: 'a"b' }).x!.clientSecret, 'a"b');
  assert.equal(credentialsFromEnv({ OAUTH_DESK_X_CLIENT_ID: 'id', OAUTH_DESK_X_CLIENT_SECRET: '"' }).x!.clientSecret, '"');
});
