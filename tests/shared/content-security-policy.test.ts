import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { RENDERER_CSP, RENDERER_CSP_META } from '../../electron/shared/content-security-policy.ts';

const INDEX_HTML = path.resolve(import.meta.dirname, '../../renderer/index.html');

test('S26 the CSP is strict: no unsafe-inline, no unsafe-eval, nothing but self', () => {
  assert.equal(
    RENDERER_CSP,
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: https:; connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  );
  assert.doesNotMatch(RENDERER_CSP, /unsafe-|\*/);
});

test('the meta variant is the header policy without frame-ancestors (ignored, and logged as an error, in a meta tag)', () => {
  assert.equal(RENDERER_CSP, `${RENDERER_CSP_META}; frame-ancestors 'none'`);
  assert.doesNotMatch(RENDERER_CSP_META, /frame-ancestors/);
});

test('renderer/index.html carries exactly RENDERER_CSP_META in its one CSP meta tag', () => {
  const html = readFileSync(INDEX_HTML, 'utf8');
  const tags = [...html.matchAll(/<meta\b[^>]*>/gi)].map((m) => m[0]).filter((tag) => /http-equiv\s*=\s*"Content-Security-Policy"/i.test(tag));
  assert.equal(tags.length, 1, 'exactly one CSP meta tag');
  const content = /\bcontent\s*=\s*"([^"]*)"/i.exec(tags[0]!)?.[1];
  assert.equal(content, RENDERER_CSP_META);
});
