import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ConfigError, defaultDataDir, readWebConfig } from '../../electron/web/web-config.ts';

test('default data folder matches Electron userData for "OAuth Desk"', () => {
  assert.equal(defaultDataDir('linux', {}, '/home/ada'), '/home/ada/.config/OAuth Desk');
  assert.equal(defaultDataDir('linux', { XDG_CONFIG_HOME: '/xdg' }, '/home/ada'), '/xdg/OAuth Desk');
  assert.equal(defaultDataDir('linux', { XDG_CONFIG_HOME: 'relative' }, '/home/ada'), '/home/ada/.config/OAuth Desk');
  assert.equal(defaultDataDir('darwin', {}, '/Users/ada'), '/Users/ada/Library/Application Support/OAuth Desk');
  assert.equal(
    defaultDataDir('win32', { APPDATA: 'C:\\Users\\ada\\AppData\\Roaming' }, 'C:\\Users\\ada'),
    'C:\\Users\\ada\\AppData\\Roaming\\OAuth Desk',
  );
});

test('reads the environment', () => {
  const config = readWebConfig({ OAUTH_DESK_DATA_DIR: '/tmp/desk', OAUTH_DESK_SANDBOX_TOKEN_TTL: '30', OAUTH_DESK_WEB_PORT: '8123' });
  assert.deepEqual(config, { dataDir: path.resolve('/tmp/desk'), sandboxTokenTtlSeconds: 30, port: 8123 });
  const defaults = readWebConfig({ HOME: '/home/ada' });
  assert.equal(defaults.sandboxTokenTtlSeconds, undefined);
  assert.equal(defaults.port, 0);
});

test('rejects invalid numbers with a message naming the variable', () => {
  for (const ttl of ['0', '-5', 'abc', '1.5', '12s', '1e3', ' ', '99999999999999999999']) {
    assert.throws(
      () => readWebConfig({ OAUTH_DESK_SANDBOX_TOKEN_TTL: ttl }),
      (error: unknown) => error instanceof ConfigError && error.message.includes('OAUTH_DESK_SANDBOX_TOKEN_TTL'),
      ttl,
    );
  }
  for (const port of ['0', '65536', 'http', '-1']) {
    assert.throws(
      () => readWebConfig({ OAUTH_DESK_WEB_PORT: port }),
      (error: unknown) => error instanceof ConfigError && error.message.includes('OAUTH_DESK_WEB_PORT'),
      port,
    );
  }
});
