import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ConfigError, devRendererUrl, parseSandboxTokenTtl, resolveDataDir } from '../../electron/main/data-dir.ts';

const USER_DATA = path.resolve('/home/u/.config/OAuth Desk');

test('OAUTH_DESK_DATA_DIR overrides userData; unset or blank keeps it', () => {
  assert.equal(resolveDataDir({}, USER_DATA), USER_DATA);
  assert.equal(resolveDataDir({ OAUTH_DESK_DATA_DIR: '' }, USER_DATA), USER_DATA);
  assert.equal(resolveDataDir({ OAUTH_DESK_DATA_DIR: '   ' }, USER_DATA), USER_DATA);
  assert.equal(resolveDataDir({ OAUTH_DESK_DATA_DIR: '/tmp/desk-a' }, USER_DATA), path.resolve('/tmp/desk-a'));
});

test('a relative OAUTH_DESK_DATA_DIR is resolved to an absolute path', () => {
  const cwd = path.resolve('/work/run');
  assert.equal(resolveDataDir({ OAUTH_DESK_DATA_DIR: 'data' }, USER_DATA, cwd), path.join(cwd, 'data'));
  assert.equal(resolveDataDir({ OAUTH_DESK_DATA_DIR: '../x/./y' }, USER_DATA, cwd), path.resolve(cwd, '../x/y'));
  const r = resolveDataDir({ OAUTH_DESK_DATA_DIR: 'rel' }, USER_DATA);
  assert.ok(path.isAbsolute(r));
  assert.throws(() => resolveDataDir({ OAUTH_DESK_DATA_DIR: 'a\0b' }, USER_DATA), ConfigError);
});

test('OAUTH_DESK_SANDBOX_TOKEN_TTL is a positive whole number of seconds', () => {
  assert.equal(parseSandboxTokenTtl({}), undefined);
  assert.equal(parseSandboxTokenTtl({ OAUTH_DESK_SANDBOX_TOKEN_TTL: '' }), undefined);
  assert.equal(parseSandboxTokenTtl({ OAUTH_DESK_SANDBOX_TOKEN_TTL: '5' }), 5);
  assert.equal(parseSandboxTokenTtl({ OAUTH_DESK_SANDBOX_TOKEN_TTL: ' 120 ' }), 120);
  for (const bad of ['0', '-5', '1.5', '1e3', 'abc', '0x10', '99999999999', ' ', '31536001']) {
    assert.throws(() => parseSandboxTokenTtl({ OAUTH_DESK_SANDBOX_TOKEN_TTL: bad }), ConfigError, bad);
  }
});

test('ELECTRON_RENDERER_URL is honoured only unpackaged and only on loopback', () => {
  assert.equal(devRendererUrl({ ELECTRON_RENDERER_URL: 'http://localhost:5173' }, false), 'http://localhost:5173/');
  assert.equal(devRendererUrl({ ELECTRON_RENDERER_URL: 'http://localhost:5173' }, true), null);
  assert.equal(devRendererUrl({}, false), null);
  for (const bad of ['https://evil.example/', 'file:///x/index.html', 'http://user:p@localhost:5173/', 'garbage', 'javascript:alert(1)']) {
    assert.equal(devRendererUrl({ ELECTRON_RENDERER_URL: bad }, false), null, bad);
  }
});
