/**
 * `npm run bench`: runs the benchmarks, each in its own Node process (node --expose-gc
 * scripts/bench/worker.ts <name> <mode>), prints a Markdown table (benchmark, figure, goal, result)
 * with the machine's facts, and writes it to bench-results/latest.md (raw figures in latest.json).
 *
 *   npm run bench                          all five, full size (a few minutes)
 *   npm run bench -- --quick               smaller runs and shorter windows, for a quick look
 *   npm run bench -- --only storm,scale    some of them (connect, storm, scale, renderer, idle, engine)
 *
 * Exits 1 when a benchmark failed to run; missed goals are reported, not fatal.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchmarkEntry, Mode } from './benchmarks.ts';
import { BENCHMARKS, findBenchmark, isMode } from './benchmarks.ts';
import { loadAverage, machineFacts } from './machine.ts';
import type { BenchResult } from './report.ts';
import { markdownReport, missedGoals } from './report.ts';
import { RESULT_PREFIX } from './worker.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const WORKER = fileURLToPath(new URL('./worker.ts', import.meta.url));

export interface RunOptions {
  readonly mode: Mode;
  readonly benchmarks: readonly BenchmarkEntry[];
  /** Where latest.md and latest.json go; null: nowhere. */
  readonly outDir: string | null;
}

export class UsageError extends Error {}

/** Reads --quick, --smoke, --only a,b and --out <dir> (default bench-results). */
export function parseArgs(argv: readonly string[]): RunOptions {
  let mode: Mode = 'full';
  let only: string[] | null = null;
  let outDir: string | null = join(ROOT, 'bench-results');
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new UsageError(`${flag} needs a value.`);
      return v;
    };
    switch (flag) {
      case '--quick':
        mode = 'quick';
        break;
      case '--smoke':
        mode = 'smoke';
        break;
      case '--mode': {
        const m = value();
        if (!isMode(m)) throw new UsageError(`Unknown mode "${m}": use full, quick or smoke.`);
        mode = m;
        break;
      }
      case '--only':
        only = value().split(',').map((s) => s.trim()).filter((s) => s !== '');
        break;
      case '--out':
        outDir = value();
        break;
      case '--no-write':
        outDir = null;
        break;
      default:
        throw new UsageError(`Unknown option "${arg}". Options: --quick, --only ${BENCHMARKS.map((b) => b.name).join(',')}, --out <dir>, --no-write.`);
    }
  }
  const benchmarks =
    only === null
      ? BENCHMARKS.filter((b) => b.inDefaultRun)
      : only.map((name) => {
          const found = findBenchmark(name);
          if (found === undefined) throw new UsageError(`There is no benchmark "${name}". Choose from: ${BENCHMARKS.map((b) => b.name).join(', ')}.`);
          return found;
        });
  return { mode, benchmarks, outDir };
}

/** Runs one benchmark in a fresh Node process; its progress and errors go to this process's stderr. */
export function runInChild(name: string, mode: Mode, options: { readonly quiet?: boolean } = {}): Promise<BenchResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', WORKER, name, mode], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
      if (!options.quiet) process.stderr.write(d);
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      const line = stdout.split('\n').find((l) => l.startsWith(RESULT_PREFIX));
      if (code === 0 && line !== undefined) {
        resolve(JSON.parse(line.slice(RESULT_PREFIX.length)) as BenchResult);
        return;
      }
      const why = stderr.split('\n').find((l) => l.startsWith('benchmark failed:')) ?? stderr.trim().split('\n').pop() ?? '';
      reject(new Error(`${name} exited with ${code ?? signal}${why ? `: ${why.replace(/^benchmark failed: /, '')}` : ''}`));
    });
  });
}

async function main(): Promise<number> {
  let options: RunOptions;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`bench: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  const startedAt = new Date();
  const loadAtStart = loadAverage();
  const t0 = performance.now();
  const results: BenchResult[] = [];
  const failures: Array<{ name: string; message: string }> = [];
  for (const bench of options.benchmarks) {
    process.stderr.write(`bench: ${bench.name} (${options.mode})…\n`);
    const b0 = performance.now();
    try {
      results.push(await runInChild(bench.name, options.mode));
      process.stderr.write(`bench: ${bench.name} done in ${Math.round((performance.now() - b0) / 1000)} s\n`);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      failures.push({ name: bench.name, message });
      process.stderr.write(`bench: ${message}\n`);
    }
  }
  const facts = machineFacts();
  for (const result of results) Object.assign(facts, result.facts ?? {});
  facts['Load average (1 min) at start / end'] = `${loadAtStart} / ${loadAverage()}`;
  const args = process.argv.slice(2);
  const report = markdownReport({
    results,
    facts,
    mode: options.mode,
    command: `npm run bench${args.length > 0 ? ` -- ${args.join(' ')}` : ''}`,
    startedAt,
    durationMs: performance.now() - t0,
    failures,
  });
  process.stdout.write(`\n${report}`);
  if (options.outDir !== null) {
    mkdirSync(options.outDir, { recursive: true });
    writeFileSync(join(options.outDir, 'latest.md'), report);
    writeFileSync(join(options.outDir, 'latest.json'), JSON.stringify({ startedAt: startedAt.toISOString(), mode: options.mode, facts, results, failures }, null, 2) + '\n');
    process.stderr.write(`bench: wrote ${join(options.outDir, 'latest.md')}\n`);
  }
  const missed = missedGoals(results);
  if (missed.length > 0) process.stderr.write(`bench: ${missed.length} goal(s) missed (see the table)\n`);
  return failures.length > 0 ? 1 : 0;
}

if (import.meta.main) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
