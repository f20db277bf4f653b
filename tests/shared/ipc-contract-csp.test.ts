/** S25 S26 payload validation of `system:report-csp-violation`: bounded facts only, never a URL. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IpcPayloadError, PAYLOAD_VALIDATORS } from '../../electron/shared/ipc-contract.ts';

const validate = PAYLOAD_VALIDATORS['system:report-csp-violation'];
const GOOD = { directive: 'script-src-elem', blocked: 'inline', source: '/assets/index-1a2b.js', line: 12 };

test('S26 a CSP report with a directive, a blocked kind, an app path and a line is accepted as it is', () => {
  assert.deepEqual(validate(GOOD), GOOD);
  for (const report of [
    { ...GOOD, blocked: 'eval' },
    { ...GOOD, blocked: 'https' },
    { ...GOOD, blocked: 'wasm-eval' },
    { ...GOOD, source: '' },
    { ...GOOD, source: '/' },
    { ...GOOD, line: 0 },
  ]) {
    assert.deepEqual(validate(report), report);
  }
});

test('S25 S26 S29 a CSP report refuses URLs, queries, traversal, long or odd text and bad lines', () => {
  const bad: Array<[string, unknown]> = [
    ['a blocked URL', { ...GOOD, blocked: 'https://evil.example/?token=abc' }],
    ['a blocked scheme with a colon', { ...GOOD, blocked: 'https:' }],
    ['a capitalised keyword', { ...GOOD, blocked: 'Inline' }],
    ['a long keyword', { ...GOOD, blocked: 'a'.repeat(40) }],
    ['a full source URL', { ...GOOD, source: 'http://127.0.0.1:1234/index.js' }],
    ['a source with the web key', { ...GOOD, source: '/#key=abc' }],
    ['a source with a query', { ...GOOD, source: '/index.js?token=abc' }],
    ['a source with traversal', { ...GOOD, source: '/../etc/passwd' }],
    ['a relative source', { ...GOOD, source: 'index.js' }],
    ['a protocol-relative source', { ...GOOD, source: '//evil.example/x' }],
    ['a very long source', { ...GOOD, source: '/' + 'a'.repeat(300) }],
    ['a deep source', { ...GOOD, source: '/a'.repeat(9) }],
    ['a directive with spaces', { ...GOOD, directive: "script-src 'self'" }],
    ['a long directive', { ...GOOD, directive: 'a'.repeat(41) }],
    ['a negative line', { ...GOOD, line: -1 }],
    ['a fractional line', { ...GOOD, line: 1.5 }],
    ['a huge line', { ...GOOD, line: 1e12 }],
    ['a line as text', { ...GOOD, line: '12' }],
    ['a missing field', { directive: GOOD.directive, blocked: GOOD.blocked, source: GOOD.source }],
    ['an extra field', { ...GOOD, blockedURI: 'https://evil.example/' }],
    ['no payload', undefined],
    ['an array', [GOOD]],
  ];
  for (const [why, payload] of bad) {
    assert.throws(() => validate(payload), IpcPayloadError, why);
  }
});
