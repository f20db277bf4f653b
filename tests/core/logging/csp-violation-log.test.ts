import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CSP_VIOLATION_MESSAGE, createCspViolationLog } from '../../../electron/core/logging/csp-violation-log.ts';
import type { Logger } from '../../../electron/core/ports.ts';

function recorder() {
  const lines: Array<{ level: string; message: string; fields: unknown }> = [];
  const log = (level: string) => (message: string, fields?: unknown) => void lines.push({ level, message, fields });
  const logger: Logger = { info: log('info'), warn: log('warn'), error: log('error') };
  return { lines, logger };
}

const REPORT = { directive: 'script-src-elem', blocked: 'inline', source: '/index.html', line: 7 };

test('S26 a reported CSP violation is logged as a warning with exactly the report fields', () => {
  const { lines, logger } = recorder();
  createCspViolationLog(logger, { now: () => 0 }).report(REPORT);
  assert.deepEqual(lines, [{ level: 'warn', message: CSP_VIOLATION_MESSAGE, fields: REPORT }]);
});

test('S26 a page flooding CSP reports fills the log with at most the limit per minute, then one summary line', () => {
  const { lines, logger } = recorder();
  let now = 1_000;
  const log = createCspViolationLog(logger, { now: () => now }, 5);
  for (let i = 0; i < 1000; i++) log.report({ ...REPORT, line: i });
  assert.equal(lines.length, 5);
  now += 59_999;
  log.report(REPORT);
  assert.equal(lines.length, 5, 'still the same minute');
  now += 1;
  log.report({ ...REPORT, line: 5000 });
  assert.deepEqual(lines.slice(5), [
    { level: 'warn', message: 'Content-Security-Policy reports were dropped (too many in a minute)', fields: { dropped: 996 } },
    { level: 'warn', message: CSP_VIOLATION_MESSAGE, fields: { ...REPORT, line: 5000 } },
  ]);
});

test('S26 a clock that goes back starts a new minute instead of silencing reports', () => {
  const { lines, logger } = recorder();
  let now = 100_000;
  const log = createCspViolationLog(logger, { now: () => now }, 1);
  log.report(REPORT);
  log.report(REPORT);
  now = 0;
  log.report(REPORT);
  assert.equal(lines.filter((l) => l.message === CSP_VIOLATION_MESSAGE).length, 2);
});
