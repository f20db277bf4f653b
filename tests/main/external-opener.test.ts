import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createExternalOpener, isAllowedExternalUrl, parseSecureOrLoopbackUrl } from '../../electron/main/external-opener.ts';
import { toErrorInfo } from '../../electron/core/errors.ts';
import { recordingLogger } from './fakes.ts';

const ALLOWED = ['https://accounts.example.com', 'http://127.0.0.1:53123'];

test('S12 allowed: https and literal-127.0.0.1 http URLs of known authorization servers', () => {
  for (const url of [
    'https://accounts.example.com/authorize?response_type=code&state=abc',
    'https://accounts.example.com:443/authorize',
    'https://ACCOUNTS.example.com/authorize',
    'http://127.0.0.1:53123/auth?client_id=x',
    'http://127.0.0.1:53123',
  ]) {
    assert.equal(isAllowedExternalUrl(url, ALLOWED), true, url);
  }
});

test('S12 rejected: dangerous schemes', () => {
  for (const url of [
    'javascript:alert(1)',
    'JAVASCRIPT:alert(1)',
    'file:///etc/passwd',
    'file://accounts.example.com/x',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox',
    'ftp://accounts.example.com/',
    'ms-msdt:/id',
    'smb://accounts.example.com/share',
    'about:blank',
    'chrome://settings',
    'app://oauth-desk/index.html',
  ]) {
    assert.equal(isAllowedExternalUrl(url, ALLOWED), false, url);
  }
});

test('S12 rejected: credentials, lookalikes and other hosts', () => {
  for (const url of [
    'https://user:pass@accounts.example.com/',
    'https://user@accounts.example.com/',
    'https://@accounts.example.com/',
    'https://accounts.example.com@evil.example/',
    'https://accounts.example.com.evil.example/',
    'https://evil.example/https://accounts.example.com',
    'https://accounts.example.com./authorize',
    'https://accounts-example.com/',
    'https://accounts.exаmple.com/', // Cyrillic "а"
    'https://accounts.example.com:8443/',
    'https://evil.example\\@accounts.example.com/',
    'https:\\\\accounts.example.com/',
    'https:accounts.example.com/',
    'https:/accounts.example.com/',
    ' https://accounts.example.com/',
    'https://accounts.example.com/\n',
    'https://accounts.exa\tmple.com/',
    'http://accounts.example.com/',
  ]) {
    assert.equal(isAllowedExternalUrl(url, ALLOWED), false, JSON.stringify(url));
  }
});

test('S12 loopback http only on the literal 127.0.0.1 and the known port', () => {
  for (const url of [
    'http://localhost:53123/',
    'http://LOCALHOST:53123/',
    'http://127.1:53123/',
    'http://0x7f.0.0.1:53123/',
    'http://2130706433:53123/',
    'http://[::1]:53123/',
    'http://0.0.0.0:53123/',
    'http://127.0.0.2:53123/',
    'http://127.0.0.1:53124/',
    'http://127.0.0.1.nip.io:53123/',
    'http://127.0.0.1@evil.example/',
  ]) {
    assert.equal(isAllowedExternalUrl(url, ALLOWED), false, url);
  }
  assert.equal(isAllowedExternalUrl('http://127.0.0.1:53123/x', ['http://localhost:53123']), false, 'allow-list entries obey the same rules');
});

test('S12 nothing is allowed with an empty allow-list; non-strings and huge URLs are refused', () => {
  assert.equal(isAllowedExternalUrl('https://accounts.example.com/', []), false);
  assert.equal(isAllowedExternalUrl(undefined, ALLOWED), false);
  assert.equal(isAllowedExternalUrl({ toString: () => 'https://accounts.example.com/' }, ALLOWED), false);
  assert.equal(isAllowedExternalUrl('https://accounts.example.com/?' + 'a'.repeat(9000), ALLOWED), false);
  assert.equal(parseSecureOrLoopbackUrl(''), null);
});

test('S12 the opener opens only allowed URLs, in normalized form, and asks for the allow-list each time', async () => {
  const opened: string[] = [];
  let origins: string[] = [];
  const logger = recordingLogger();
  const opener = createExternalOpener({ openExternal: async (u) => void opened.push(u), allowedOrigins: () => origins, logger });

  await assert.rejects(opener.open('https://accounts.example.com/authorize'), (e: unknown) => toErrorInfo(e).code === 'external_url_blocked');
  origins = ['https://accounts.example.com'];
  await opener.open('https://ACCOUNTS.example.com:443/authorize?x=1');
  assert.deepEqual(opened, ['https://accounts.example.com/authorize?x=1']);

  await assert.rejects(opener.open('javascript:alert(document.cookie)'));
  await assert.rejects(opener.open('https://evil.example/?secret=abc'));
  assert.equal(opened.length, 1);
  const logged = JSON.stringify(logger.entries);
  assert.ok(!logged.includes('evil.example') && !logged.includes('secret=abc'), 'blocked URLs are not logged');
});

test('S12 a failing allow-list source blocks instead of allowing', async () => {
  const opener = createExternalOpener({
    openExternal: async () => assert.fail('must not open'),
    allowedOrigins: () => {
      throw new Error('boom');
    },
  });
  await assert.rejects(opener.open('https://accounts.example.com/'), (e: unknown) => toErrorInfo(e).code === 'external_url_blocked');
});
