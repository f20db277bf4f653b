/**
 * Runs one benchmark in this process and prints its result as one line, `BENCH_RESULT <json>`, on
 * stdout; progress and errors go to stderr. The runner starts one such process per benchmark
 * (node --expose-gc scripts/bench/worker.ts <name> <mode>), so timers, sockets and memory of one
 * benchmark never reach another's figures.
 */
import { findBenchmark, isMode } from './benchmarks.ts';

export const RESULT_PREFIX = 'BENCH_RESULT ';

async function main(): Promise<void> {
  const [name = '', mode = 'full'] = process.argv.slice(2);
  const entry = findBenchmark(name);
  if (entry === undefined) throw new Error(`There is no benchmark "${name}".`);
  if (!isMode(mode)) throw new Error(`Unknown mode "${mode}": use full, quick or smoke.`);
  const bench = await entry.load();
  const result = await bench.run(bench.configs[mode] as never);
  process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(result)}\n`);
}

if (import.meta.main) {
  main().then(
    // Exit at once: a library's idle keep-alive socket must not hold the process open.
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}
