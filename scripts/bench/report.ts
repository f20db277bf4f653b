/** What a benchmark reports, and the Markdown the runner prints and writes to bench-results/latest.md. */

/** One line of the table: what was measured, what it should be, what it was. */
export interface BenchRow {
  readonly figure: string;
  /** '—' when the figure is informative only. */
  readonly goal: string;
  readonly result: string;
  /** Whether the goal was met; null for figures without a goal. */
  readonly met: boolean | null;
}

export interface BenchResult {
  /** The short name used by --only (e.g. "storm"). */
  readonly name: string;
  /** The table's first column (e.g. "2. Refresh storm"). */
  readonly title: string;
  readonly rows: readonly BenchRow[];
  /** Sentences printed under the table: how it was measured, what to know about a figure. */
  readonly notes: readonly string[];
  /** Raw figures for bench-results/latest.json. */
  readonly details: Readonly<Record<string, unknown>>;
  /** Facts this benchmark learned about the machine (e.g. the Chromium version). */
  readonly facts?: Readonly<Record<string, string>>;
}

export const NO_GOAL = '—';

export function row(figure: string, result: string, goal: string = NO_GOAL, met: boolean | null = null): BenchRow {
  return { figure, goal, result, met };
}

/** A cell's text with the characters that would break a Markdown table escaped. */
export function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function resultCell(r: BenchRow): string {
  if (r.met === null) return cell(r.result);
  return `${cell(r.result)} ${r.met ? '✓' : '✗ (goal missed)'}`;
}

/** The Markdown table: Benchmark | Figure | Goal | Result, the benchmark's name only on its first row. */
export function markdownTable(results: readonly BenchResult[]): string {
  const lines = ['| Benchmark | Figure | Goal | Result |', '| --- | --- | --- | --- |'];
  for (const result of results) {
    result.rows.forEach((r, i) => {
      lines.push(`| ${i === 0 ? cell(result.title) : ''} | ${cell(r.figure)} | ${cell(r.goal)} | ${resultCell(r)} |`);
    });
  }
  return lines.join('\n');
}

/** "- **CPU**: AMD EPYC (2 cores)" lines. */
export function factsList(facts: Readonly<Record<string, string>>): string {
  return Object.entries(facts)
    .map(([name, value]) => `- **${name}**: ${value}`)
    .join('\n');
}

/** Every goal that was missed, as "2. Refresh storm: refresh requests, N = 1000 (goal 1): 2". */
export function missedGoals(results: readonly BenchResult[]): string[] {
  return results.flatMap((result) =>
    result.rows.filter((r) => r.met === false).map((r) => `${result.title}: ${r.figure} (goal ${r.goal}): ${r.result}`),
  );
}

export interface ReportInput {
  readonly results: readonly BenchResult[];
  readonly facts: Readonly<Record<string, string>>;
  /** "full", "quick" or "smoke". */
  readonly mode: string;
  readonly command: string;
  readonly startedAt: Date;
  readonly durationMs: number;
  /** Benchmarks that failed to run, with their error messages. */
  readonly failures: ReadonlyArray<{ readonly name: string; readonly message: string }>;
}

/** The whole report: heading, machine facts, table, notes per benchmark, failures. */
export function markdownReport(input: ReportInput): string {
  const parts = [
    `# OAuth Desk benchmarks (${input.mode})`,
    '',
    `Run on ${input.startedAt.toISOString()} with \`${input.command}\`, ${Math.round(input.durationMs / 1000)} s.`,
    '',
    factsList(input.facts),
    '',
    markdownTable(input.results),
  ];
  const noted = input.results.filter((r) => r.notes.length > 0);
  if (noted.length > 0) {
    parts.push('', '## Notes');
    for (const result of noted) {
      parts.push('', `**${result.title}**`, '', ...result.notes.map((n) => `- ${n}`));
    }
  }
  const missed = missedGoals(input.results);
  if (missed.length > 0) parts.push('', '## Goals missed', '', ...missed.map((m) => `- ${m}`));
  if (input.failures.length > 0) {
    parts.push('', '## Benchmarks that failed', '', ...input.failures.map((f) => `- ${f.name}: ${f.message}`));
  }
  return parts.join('\n') + '\n';
}
