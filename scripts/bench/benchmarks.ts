/** The suite: each benchmark's short name (for --only), its module and its configurations per mode. */
import type { BenchResult } from './report.ts';

export const MODES = ['full', 'quick', 'smoke'] as const;
export type Mode = (typeof MODES)[number];

export interface BenchmarkModule {
  readonly configs: Readonly<Record<Mode, unknown>>;
  run(config: never): Promise<BenchResult>;
}

export interface BenchmarkEntry {
  readonly name: string;
  readonly file: string;
  /** Part of `npm run bench` without --only. */
  readonly inDefaultRun: boolean;
  readonly load: () => Promise<BenchmarkModule>;
}

export const BENCHMARKS: readonly BenchmarkEntry[] = [
  { name: 'connect', file: 'connect-overhead.ts', inDefaultRun: true, load: () => import('./connect-overhead.ts') },
  { name: 'storm', file: 'refresh-storm.ts', inDefaultRun: true, load: () => import('./refresh-storm.ts') },
  { name: 'scale', file: 'scale.ts', inDefaultRun: true, load: () => import('./scale.ts') },
  { name: 'renderer', file: 'renderer.ts', inDefaultRun: true, load: () => import('./renderer.ts') },
  { name: 'idle', file: 'idle.ts', inDefaultRun: true, load: () => import('./idle.ts') },
  // The refresh engine over time (proactive schedule, provider outage): `--only engine` or `npm run bench:refresh`.
  { name: 'engine', file: 'refresh-engine.ts', inDefaultRun: false, load: () => import('./refresh-engine.ts') },
];

export function findBenchmark(name: string): BenchmarkEntry | undefined {
  return BENCHMARKS.find((b) => b.name === name);
}

export function isMode(value: string): value is Mode {
  return (MODES as readonly string[]).includes(value);
}
