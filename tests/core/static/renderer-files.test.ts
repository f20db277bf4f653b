import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { FALLBACK_CONTENT_TYPE, contentTypeFor, knownContentType, resolveRendererFile } from '../../../electron/core/static/renderer-files.ts';

const ROOT = path.resolve('/srv/app/out/renderer');

test('S26 resolveRendererFile maps raw paths into the renderer folder', () => {
  assert.equal(resolveRendererFile(ROOT, '/index.html'), path.join(ROOT, 'index.html'));
  assert.equal(resolveRendererFile(ROOT, '/'), path.join(ROOT, 'index.html'));
  assert.equal(resolveRendererFile(ROOT, '/assets/index-BEcW1LB6.js'), path.join(ROOT, 'assets', 'index-BEcW1LB6.js'));
  assert.equal(resolveRendererFile(ROOT, '/assets/font%20x.woff2'), null, 'spaces are not in built names');
  assert.equal(resolveRendererFile(ROOT, '/assets/%41.js'), path.join(ROOT, 'assets', 'A.js'));
});

test('S26 resolveRendererFile rejects traversal in every spelling', () => {
  const attacks = [
    '/../index.html',
    '/../../etc/passwd',
    '/assets/../../../etc/passwd',
    '/..',
    '/.',
    '/./index.html',
    '/%2e%2e/etc/passwd',
    '/%2E%2E/etc/passwd',
    '/.%2e/etc/passwd',
    '/%2e./etc/passwd',
    '/%252e%252e/etc/passwd',
    '/assets%2f..%2f..%2fetc%2fpasswd',
    '/assets%2F..%2F..%2Fetc%2Fpasswd',
    '/..%5c..%5cwindows%5cwin.ini',
    '/..\\..\\windows\\win.ini',
    '/assets\\..\\..\\x',
    '//etc/passwd',
    '/assets//x.js',
    '/C:/Windows/win.ini',
    '/C:%5CWindows%5Cwin.ini',
    '/%00index.html',
    '/index.html%00.js',
    '/.env',
    '/.vite/manifest.json',
    '/assets/.hidden',
    '/%c0%ae%c0%ae/etc/passwd',
    '/%E2%80%AE',
    '/%',
    '/%zz',
    '/ index.html',
    '/\u2025/etc',
    '/%E0%A4%A',
    '/index.html?x=1',
    '/index.html#x',
    '/assets/',
  ];
  for (const p of attacks) assert.equal(resolveRendererFile(ROOT, p), null, p);
});

test('S26 resolveRendererFile needs an absolute root and a path starting with /', () => {
  assert.equal(resolveRendererFile('relative/dir', '/index.html'), null, 'the renderer dir must be absolute');
  for (const p of ['', 'index.html', 'assets/a.js', '%2findex.html']) assert.equal(resolveRendererFile(ROOT, p), null, p);
});

test('S26 every resolved path stays inside the renderer folder (fuzz)', () => {
  const pieces = ['..', '.', '%2e', '%2E', '%2f', '%5c', '\\', '/', 'a', 'assets', '%00', ':', 'C:', '%25', '~', 'index.html'];
  let seed = 7;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  for (let i = 0; i < 5000; i++) {
    let p = '';
    const len = 1 + rand(6);
    for (let j = 0; j < len; j++) p += pieces[rand(pieces.length)];
    const resolved = resolveRendererFile(ROOT, '/' + p);
    if (resolved !== null) assert.ok(resolved.startsWith(ROOT + path.sep), p);
  }
});

test('content types: known extensions (any case), octet-stream otherwise', () => {
  assert.equal(contentTypeFor('/r/index.html'), 'text/html; charset=utf-8');
  assert.equal(contentTypeFor('/r/assets/a.js'), 'text/javascript; charset=utf-8');
  assert.equal(contentTypeFor('/r/assets/A.CSS'), 'text/css; charset=utf-8');
  assert.equal(contentTypeFor('/r/icon.svg'), 'image/svg+xml');
  assert.equal(contentTypeFor('/r/assets/f.woff2'), 'font/woff2');
  assert.equal(contentTypeFor('/r/assets/a.js.map'), 'application/json; charset=utf-8');
  assert.equal(knownContentType('/r/assets/blob.bin'), null);
  assert.equal(knownContentType('/r/assets/noext'), null);
  assert.equal(contentTypeFor('/r/assets/blob.bin'), FALLBACK_CONTENT_TYPE);
  assert.equal(FALLBACK_CONTENT_TYPE, 'application/octet-stream');
});
