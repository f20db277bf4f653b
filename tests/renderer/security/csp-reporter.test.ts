import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ViolationEventLike } from '../../../renderer/src/security/csp-reporter.ts';
import { installCspReporter, toCspReport } from '../../../renderer/src/security/csp-reporter.ts';
import { PAYLOAD_VALIDATORS } from '../../../electron/shared/ipc-contract.ts';
import type { CspViolationReport } from '../../../electron/shared/ipc-contract.ts';

const WEB_PAGE = 'http://127.0.0.1:43117/#key=Zq3-secret-access-key-of-the-web-host';
const APP_PAGE = 'app://oauth-desk/index.html';

test('S26 a blocked inline script is reported as directive, "inline", the app file and line only', () => {
  const report = toCspReport({ effectiveDirective: 'script-src-elem', blockedURI: 'inline', sourceFile: 'http://127.0.0.1:43117/assets/index-1a2b.js', lineNumber: 12 }, WEB_PAGE);
  assert.deepEqual(report, { directive: 'script-src-elem', blocked: 'inline', source: '/assets/index-1a2b.js', line: 12 });
  assert.deepEqual(toCspReport({ effectiveDirective: 'script-src', blockedURI: 'eval', sourceFile: 'app://oauth-desk/assets/index.js', lineNumber: 3 }, APP_PAGE), {
    directive: 'script-src',
    blocked: 'eval',
    source: '/assets/index.js',
    line: 3,
  });
});

test('S26 S29 a blocked URL is reduced to its scheme; the page address (with the web access key) never leaves', () => {
  const report = toCspReport(
    { effectiveDirective: 'img-src', blockedURI: 'https://evil.example/collect?token=ya29.SECRET', sourceFile: WEB_PAGE, lineNumber: 1 },
    WEB_PAGE,
  );
  assert.deepEqual(report, { directive: 'img-src', blocked: 'https', source: '/', line: 1 });
  assert.equal(toCspReport({ effectiveDirective: 'connect-src', blockedURI: 'data:text/html,<script>x</script>' }, WEB_PAGE).blocked, 'data');
  assert.equal(toCspReport({ effectiveDirective: 'connect-src', blockedURI: 'not a url at all' }, WEB_PAGE).blocked, 'other');
  assert.equal(toCspReport({ effectiveDirective: 'connect-src' }, WEB_PAGE).blocked, 'other');
  assert.ok(!JSON.stringify(report).includes('evil') && !JSON.stringify(report).includes('key'));
});

test('S26 files of other origins, odd paths and odd values are not reported as they are', () => {
  assert.equal(toCspReport({ effectiveDirective: 'script-src', sourceFile: 'https://evil.example/x.js' }, WEB_PAGE).source, '');
  assert.equal(toCspReport({ effectiveDirective: 'script-src', sourceFile: 'http://127.0.0.1:9999/x.js' }, WEB_PAGE).source, '', 'another port');
  assert.equal(toCspReport({ effectiveDirective: 'script-src', sourceFile: 'http://127.0.0.1:43117/a%20b/x.js' }, WEB_PAGE).source, '');
  assert.equal(toCspReport({ effectiveDirective: 'script-src', sourceFile: 'http://127.0.0.1:43117/x.js?token=abc' }, WEB_PAGE).source, '/x.js', 'no query');
  assert.equal(toCspReport({ effectiveDirective: 'script_src!!' }, WEB_PAGE).directive, 'unknown');
  assert.equal(toCspReport({ violatedDirective: "script-src 'self'" }, WEB_PAGE).directive, 'script-src', 'the directive name only, not its sources');
  assert.equal(toCspReport({ violatedDirective: 'style-src-elem' }, WEB_PAGE).directive, 'style-src-elem');
  assert.equal(toCspReport({ effectiveDirective: 'x', lineNumber: -1 }, WEB_PAGE).line, 0);
  assert.equal(toCspReport({ effectiveDirective: 'x', lineNumber: 1.5 }, WEB_PAGE).line, 0);
});

test('S25 S26 every report the window builds passes the main process validator', () => {
  const events: ViolationEventLike[] = [
    { effectiveDirective: 'script-src-attr', blockedURI: 'inline', sourceFile: WEB_PAGE, lineNumber: 0 },
    { effectiveDirective: 'img-src', blockedURI: 'https://a.example/' + 'x'.repeat(5000) },
    { effectiveDirective: 'script-src', blockedURI: 'eval', sourceFile: 'http://127.0.0.1:43117/' + 'seg/'.repeat(20) + 'x.js', lineNumber: 99999999999 },
    { effectiveDirective: '', blockedURI: '', sourceFile: '', lineNumber: Number.NaN },
    {},
  ];
  for (const event of events) {
    const report = toCspReport(event, WEB_PAGE);
    assert.deepEqual(PAYLOAD_VALIDATORS['system:report-csp-violation'](report), report, JSON.stringify(event).slice(0, 80));
  }
});

test('S26 the reporter sends each distinct violation once, at most the page limit, and survives failing sends', async () => {
  let listener: ((event: ViolationEventLike) => void) | null = null;
  const sent: CspViolationReport[] = [];
  let fail = true;
  installCspReporter(
    { addEventListener: (type, l) => (assert.equal(type, 'securitypolicyviolation'), (listener = l)) },
    WEB_PAGE,
    async (report) => {
      sent.push(report);
      if (fail) throw new Error('channel closed');
    },
    3,
  );
  const fire = (line: number) => listener?.({ effectiveDirective: 'script-src-elem', blockedURI: 'inline', sourceFile: WEB_PAGE, lineNumber: line });
  fire(1);
  fire(1);
  fail = false;
  for (let line = 2; line < 10; line++) fire(line);
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(sent.map((r) => r.line), [1, 2, 3]);
});
