/**
 * The benchmark suite (scripts/bench): its statistics, its table and its instruments, then every
 * benchmark run end to end in a tiny configuration, each in its own Node process as `npm run bench`
 * runs them, against the real Sandbox, store, got and Chromium. Counts are asserted, never timings.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BENCHMARKS } from '../../scripts/bench/benchmarks.ts';
import { intervalsInCore } from '../../scripts/bench/idle.ts';
import type { BenchResult } from '../../scripts/bench/report.ts';
import { markdownReport, markdownTable, missedGoals, row } from '../../scripts/bench/report.ts';
import { parseArgs, runInChild, UsageError } from '../../scripts/bench/run.ts';
import { median, percentile, ratio, summarize } from '../../scripts/bench/stats.ts';
import { countingTimers, startWakeProbe } from '../../scripts/bench/timer-probe.ts';

test('bench statistics: nearest-rank percentiles and medians of odd and even counts', () => {
  assert.equal(median([5, 1, 3]), 3);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.ok(Number.isNaN(median([])));
  const values = Array.from({ length: 10 }, (_, i) => 10 - i); // 10..1, unsorted on purpose
  assert.equal(percentile(values, 90), 9);
  assert.equal(percentile(values, 100), 10);
  assert.equal(percentile(values, 0), 1);
  assert.equal(percentile([7], 90), 7);
  assert.throws(() => percentile(values, 101), RangeError);
  assert.deepEqual(summarize([3, 1, 2]), { n: 3, min: 1, median: 2, p90: 3, max: 3 });
  assert.equal(ratio(3, 2), '1.50×');
  assert.equal(ratio(3, 0), 'n/a');
});

test('bench table: one line per figure, the benchmark named once, goals marked met or missed, pipes escaped', () => {
  const results: BenchResult[] = [
    { name: 'a', title: '2. Refresh storm', rows: [row('N = 10: refresh requests', '1', '1', true), row('N = 1000: refresh requests', '2', '1', false)], notes: ['counted | by the Sandbox'], details: {} },
    { name: 'b', title: '4. Renderer', rows: [row('JS shipped', '90 KiB | 300 KiB')], notes: [], details: {} },
  ];
  const table = markdownTable(results).split('\n');
  assert.deepEqual(table.slice(0, 2), ['| Benchmark | Figure | Goal | Result |', '| --- | --- | --- | --- |']);
  assert.equal(table[2], '| 2. Refresh storm | N = 10: refresh requests | 1 | 1 ✓ |');
  assert.equal(table[3], '|  | N = 1000: refresh requests | 1 | 2 ✗ (goal missed) |');
  assert.equal(table[4], '| 4. Renderer | JS shipped | — | 90 KiB \\| 300 KiB |');
  assert.deepEqual(missedGoals(results), ['2. Refresh storm: N = 1000: refresh requests (goal 1): 2']);

  const report = markdownReport({ results, facts: { CPU: 'Test CPU, 2 cores', Node: 'v24.0.0' }, mode: 'quick', command: 'npm run bench -- --quick', startedAt: new Date(0), durationMs: 1500, failures: [{ name: 'idle', message: 'it broke' }] });
  assert.match(report, /^# OAuth Desk benchmarks \(quick\)/);
  assert.match(report, /- \*\*CPU\*\*: Test CPU, 2 cores/);
  assert.match(report, /## Goals missed\n\n- 2\. Refresh storm: N = 1000/);
  assert.match(report, /## Benchmarks that failed\n\n- idle: it broke/);
  assert.match(report, /- counted \| by the Sandbox/, 'notes are prose, not table cells');
});

test('bench options: the five benchmarks by default, --only picks some in the given order, --quick shrinks them, mistakes are refused', () => {
  assert.deepEqual(parseArgs([]).benchmarks.map((b) => b.name), ['connect', 'storm', 'scale', 'renderer', 'idle']);
  assert.equal(parseArgs([]).mode, 'full');
  const some = parseArgs(['--only', 'storm,scale', '--quick']);
  assert.deepEqual(some.benchmarks.map((b) => b.name), ['storm', 'scale']);
  assert.equal(some.mode, 'quick');
  assert.deepEqual(parseArgs(['--only=engine']).benchmarks.map((b) => b.name), ['engine']);
  assert.equal(parseArgs(['--no-write']).outDir, null);
  assert.throws(() => parseArgs(['--only', 'storm,nope']), (e: unknown) => e instanceof UsageError && /no benchmark "nope"/.test(e.message));
  assert.throws(() => parseArgs(['--fast']), UsageError);
  assert.throws(() => parseArgs(['--only']), UsageError);
  for (const bench of BENCHMARKS) assert.ok(bench.file.endsWith('.ts'));
});

test('bench instruments: the wake probe counts timer callbacks and pending intervals but not its own wait; the counting seam knows what it holds', async () => {
  const probe = startWakeProbe();
  try {
    const mark = probe.mark();
    await new Promise((resolve) => setTimeout(resolve, 5));
    const interval = setInterval(() => {}, 60_000);
    assert.deepEqual({ total: probe.liveTimers(mark).total, intervals: probe.liveTimers(mark).intervals }, { total: 1, intervals: 1 });
    clearInterval(interval);
    assert.equal(probe.liveTimers(mark).total, 0, 'a cleared timer is no longer pending');
    assert.equal(probe.callbacks().Timeout, 1);
    probe.resetCallbacks();
    await probe.sleep(20);
    assert.equal(probe.callbacks().Timeout ?? 0, 0, "the probe's own wait is not a wake-up");
  } finally {
    probe.stop();
  }

  const timers = countingTimers();
  let fired = 0;
  const a = timers.setTimeout(() => fired++, 1);
  timers.setTimeout(() => fired++, 60_000);
  assert.equal(timers.held(), 2);
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(fired, 1);
  assert.equal(timers.held(), 1);
  timers.clearTimeout(a); // already fired: nothing changes
  assert.deepEqual({ ...timers.stats }, { set: 2, cleared: 0, fired: 1 });
});

test('bench idle: setInterval calls are found in source files, but not in comments', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'oauth-desk-bench-src-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'tokens'));
  writeFileSync(join(dir, 'tokens', 'poller.ts'), 'export const stop = setInterval(() => {}, 1000);\n');
  writeFileSync(join(dir, 'quiet.ts'), '// never setInterval(...)\n/* nor setInterval(x) */\nexport const a = 1;\n');
  assert.deepEqual(intervalsInCore(dir + '/'), [join('tokens', 'poller.ts')]);
  assert.deepEqual(intervalsInCore(), [], 'the core itself polls nothing');
});

const figure = (result: BenchResult, start: string) => {
  const found = result.rows.find((r) => r.figure.startsWith(start));
  assert.ok(found, `${result.name} reports "${start}"`);
  return found;
};

test('bench suite end to end, tiny sizes: one refresh for a storm of requests (S15), one timer for all connections, no wake-ups while idle, a connect timed against got, the renderer measured in Chromium', async () => {
  const [connect, storm, scale, renderer, idle] = await Promise.all(
    (['connect', 'storm', 'scale', 'renderer', 'idle'] as const).map((name) => runInChild(name, 'smoke', { quiet: true })),
  );

  // 1: every run exchanged a fresh code: app and baseline, warm-up included (1 + 2 each).
  assert.equal((connect!.details as { codeExchanges: number }).codeExchanges, 6);
  assert.equal(connect!.rows.length, 5);
  assert.match(figure(connect!, 'Ratio app / baseline').result, /^\d+\.\d\d×$/);

  // 2: N = 3 concurrent data requests on an expired token: the Sandbox saw one refresh request, and all 3 got data.
  assert.equal(figure(storm!, 'N = 3: refresh requests').result, '1');
  assert.match(figure(storm!, 'N = 3: answered with data').result, /^3\/3 in /);
  assert.deepEqual(missedGoals([storm!]), []);

  // 3: 5 stored connections, all listed and planned, one timer in the scheduler and in the whole process.
  assert.equal(figure(scale!, 'Connections listed').result, '5 / 5');
  assert.equal(figure(scale!, 'Timers held by the refresh scheduler').result, '1');
  assert.equal(figure(scale!, 'Timers pending in the whole process').result, '1 (0 repeating)');

  // 4: some JavaScript shipped, the main screen rendered with its provider cards twice.
  const details = renderer!.details as { gzip: number; raw: number; loads: Array<{ cards: number; offLoopback: number }> };
  assert.ok(details.gzip > 0 && details.gzip < details.raw);
  assert.equal(details.loads.length, 2);
  for (const load of details.loads) {
    assert.ok(load.cards >= 1, 'the providers list was painted');
    assert.equal(load.offLoopback, 0, 'the page reached nothing beyond 127.0.0.1');
  }
  assert.match(renderer!.facts?.Chromium ?? '', /^\d+\./);

  // 5: 10 connections, nothing due: nothing woke the process, one timer pending, no interval in the core.
  assert.equal(figure(idle!, 'Wake-ups per minute, 10 connections').result, '0 (none)');
  assert.equal(figure(idle!, 'Scheduled refreshes in the window').result, '0 / 0');
  assert.equal(figure(idle!, 'Timers pending after the open').result, '1 (0)');
  assert.equal(figure(idle!, 'setInterval calls in electron/core').result, '0');
});
