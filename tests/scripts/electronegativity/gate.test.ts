/**
 * The S28 gate over Electronegativity's findings (scripts/electronegativity/gate.ts), and the
 * committed justification file it reads.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Finding, Justification, ScanReport } from '../../../scripts/electronegativity/gate.ts';
import {
  GateInputError,
  applyGate,
  covers,
  formatGate,
  parseJustifications,
  parseScanReport,
  unscannedSources,
} from '../../../scripts/electronegativity/gate.ts';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const JUSTIFICATION_FILE = 'security/electronegativity-justifications.json';

/** Shaped like scan-worker.cjs output from a real run. */
const WORKER_OUTPUT = {
  tool: { name: '@doyensec/electronegativity', version: '1.10.3' },
  electronVersion: '45.4.1',
  excludedChecks: ['AvailableSecurityFixesGlobalCheck'],
  checks: { global: 5, atomic: 36 },
  errors: [],
  findings: [
    {
      check: 'CONTEXT_ISOLATION_JS_CHECK',
      severity: 'HIGH',
      confidence: 'FIRM',
      file: 'electron/main/index.ts',
      line: 43,
      column: 70,
      code: 'const createWindow = (options: SecureWindowOptions): BrowserWindow => new BrowserWindow(options);',
      description: 'Review the use of the contextIsolation option',
      manualReview: false,
    },
    {
      check: 'CSP_GLOBAL_CHECK',
      severity: 'LOW',
      confidence: 'FIRM',
      file: 'renderer/index.html',
      line: 5,
      column: 0,
      code: "default-src 'none'; script-src 'self'",
      description: 'One or more CSP directives detected seems to be vulnerable',
      manualReview: true,
    },
  ],
};

function finding(overrides: Partial<Finding> = {}): Finding {
  return {
    check: 'SANDBOX_JS_CHECK',
    severity: 'MEDIUM',
    confidence: 'FIRM',
    file: 'electron/main/index.ts',
    line: 10,
    column: 2,
    code: 'new BrowserWindow(options)',
    description: 'Use sandbox for untrusted origins',
    manualReview: false,
    ...overrides,
  };
}

function report(findings: readonly Finding[], errors: ScanReport['errors'] = []): ScanReport {
  return { tool: { name: 'electronegativity', version: '1.10.3' }, electronVersion: '45.4.1', checks: { global: 5, atomic: 36 }, errors, findings };
}

const REASON = 'Every window gets sandbox: true from the single options factory, which the scanner cannot follow.';
const justify = (overrides: Partial<Justification> = {}): Justification => ({ check: 'SANDBOX_JS_CHECK', file: 'electron/main/index.ts', justification: REASON, ...overrides });

test('S28: the scan output is read with severity and confidence', () => {
  const parsed = parseScanReport(WORKER_OUTPUT);
  assert.equal(parsed.findings.length, 2);
  assert.equal(parsed.findings[0]?.severity, 'HIGH');
  assert.equal(parsed.findings[0]?.file, 'electron/main/index.ts');
  assert.equal(parsed.findings[1]?.manualReview, true);
  assert.equal(parsed.tool.version, '1.10.3');
  assert.throws(() => parseScanReport({ issues: [] }), GateInputError);
  assert.throws(() => parseScanReport({ ...WORKER_OUTPUT, findings: [{ ...WORKER_OUTPUT.findings[0], severity: 'SEVERE' }] }), /SEVERE/);
  assert.throws(() => parseScanReport({ ...WORKER_OUTPUT, findings: [{ ...WORKER_OUTPUT.findings[0], check: '' }] }), /check/);
});

test('S28: an unjustified HIGH or MEDIUM finding fails the scan; LOW ones are only reported', () => {
  const high = finding({ check: 'CONTEXT_ISOLATION_JS_CHECK', severity: 'HIGH' });
  const medium = finding();
  const low = finding({ check: 'CSP_GLOBAL_CHECK', severity: 'LOW', file: 'renderer/index.html' });
  const info = finding({ check: 'X_CHECK', severity: 'INFORMATIONAL' });
  const result = applyGate(report([high, medium, low, info]), []);
  assert.deepEqual(result.blocking, [high, medium]);
  assert.deepEqual(result.advisory, [low, info]);
  assert.equal(result.passed, false);
  assert.equal(applyGate(report([low, info]), []).passed, true);
  assert.equal(applyGate(report([]), []).passed, true);
});

test('S28: a justification covers only its check in its file, and only lines containing its code when it names one', () => {
  const target = finding();
  assert.ok(covers(justify(), target));
  assert.ok(!covers(justify({ check: 'CONTEXT_ISOLATION_JS_CHECK' }), target));
  assert.ok(!covers(justify({ file: 'electron/main/auth-window.ts' }), target));
  assert.ok(covers(justify({ code: 'new BrowserWindow(' }), target));
  assert.ok(!covers(justify({ code: 'new BrowserView(' }), target));

  const elsewhere = finding({ file: 'electron/main/other.ts' });
  const result = applyGate(report([target, elsewhere]), [justify()]);
  assert.deepEqual(result.justified.map((j) => j.finding), [target]);
  assert.deepEqual(result.blocking, [elsewhere]);
  assert.equal(result.passed, false);
  assert.equal(applyGate(report([target]), [justify()]).passed, true);
});

test('S28: a justification that matches no finding any more fails the scan as stale', () => {
  const stale = justify({ file: 'electron/main/removed.ts' });
  const result = applyGate(report([finding()]), [justify(), stale]);
  assert.deepEqual(result.stale, [stale]);
  assert.equal(result.blocking.length, 0);
  assert.equal(result.passed, false);
  assert.match(formatGate(report([finding()]), result, JUSTIFICATION_FILE), /Stale justifications[\s\S]*electron\/main\/removed\.ts[\s\S]*remove them/);
});

test('S28: a source file the scanner could not parse fails the scan (it was not scanned); a tolerable error does not', () => {
  const broken = applyGate(report([], [{ file: 'electron/main/new.ts', message: 'Unexpected token', tolerable: false }]), []);
  assert.equal(broken.passed, false);
  assert.equal(broken.unparsed.length, 1);
  assert.match(formatGate(report([]), broken, JUSTIFICATION_FILE), /could not parse[\s\S]*electron\/main\/new\.ts/);
  assert.equal(applyGate(report([], [{ file: 'a.ts', message: 'recovered', tolerable: true }]), []).passed, true);
});

test('S28: the report names each blocking finding and says what to do', () => {
  const blocking = finding({ check: 'NODE_INTEGRATION_JS_CHECK', severity: 'HIGH', file: 'electron/main/window-options.ts', line: 7, column: 4 });
  const text = formatGate(report([blocking]), applyGate(report([blocking]), []), JUSTIFICATION_FILE);
  assert.match(text, /HIGH\/FIRM NODE_INTEGRATION_JS_CHECK at electron\/main\/window-options\.ts:7:4/);
  assert.match(text, /What to do: fix the code, or[\s\S]*security\/electronegativity-justifications\.json/);
  assert.match(text, /FAILED/);
  assert.match(formatGate(report([]), applyGate(report([]), []), JUSTIFICATION_FILE), /passed/);
});

test('S28: justifications must name a check ID and a file and explain themselves', () => {
  const ok = parseJustifications({ justifications: [justify(), justify({ code: 'new BrowserWindow(' })] });
  assert.equal(ok.length, 2);
  assert.equal(ok[1]?.code, 'new BrowserWindow(');
  assert.throws(() => parseJustifications({}), /no "justifications" list/);
  assert.throws(() => parseJustifications({ justifications: [{ check: 'SANDBOX_JS_CHECK', file: 'x.ts' }] }), /"justification"/);
  assert.throws(() => parseJustifications({ justifications: [justify({ justification: 'false positive' })] }), /too short/);
  assert.throws(() => parseJustifications({ justifications: [justify({ check: 'sandbox' })] }), /not a check ID/);
  assert.throws(() => parseJustifications({ justifications: [{ ...justify(), line: 12 }] }), /unknown keys: line/);
  assert.throws(() => parseJustifications({ justifications: [justify({ code: '' })] }), /"code"/);
  try {
    parseJustifications({ justifications: [{}] }, JUSTIFICATION_FILE);
    assert.fail('expected an error');
  } catch (error) {
    assert.ok(error instanceof GateInputError);
    assert.match(error.hint, /"check"[\s\S]*"file"[\s\S]*"justification"/);
  }
});

test('S28: sources the scanner skips because of their extension are listed', () => {
  assert.deepEqual(
    unscannedSources(['electron/main/index.ts', 'renderer/src/App.tsx', 'renderer/index.html', 'electron/x.mts', 'electron/y.cjs', 'renderer/src/app.css', 'renderer/icon.svg']),
    ['electron/x.mts', 'electron/y.cjs'],
  );
});

test('S28: every committed justification is well formed and points at a line that exists', () => {
  const justifications = parseJustifications(JSON.parse(readFileSync(path.join(ROOT, JUSTIFICATION_FILE), 'utf8')), JUSTIFICATION_FILE);
  assert.ok(justifications.length > 0);
  for (const entry of justifications) {
    assert.ok(/^(?:electron|renderer)\//.test(entry.file), `${entry.file} is in a scanned folder`);
    assert.ok(existsSync(path.join(ROOT, entry.file)), `${entry.file} exists`);
    if (entry.code !== undefined) {
      assert.ok(readFileSync(path.join(ROOT, entry.file), 'utf8').includes(entry.code), `${entry.file} still contains "${entry.code}" (${entry.check})`);
    }
  }
});
