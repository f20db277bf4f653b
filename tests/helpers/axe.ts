/**
 * axe-core in the real renderer, under its Content-Security-Policy.
 *
 * The page allows scripts from 'self' only (S26), so `page.addScriptTag({ content })` (an inline
 * <script>) is refused, and so is a <script src> from anywhere else. axe's source is evaluated
 * through the DevTools protocol instead (`page.evaluate` of the source text): the driver's own
 * evaluation is not subject to the page's policy, so the policy stays exactly as the app ships it
 * for everything else (no `bypassCSP`), and a violation axe caused would still be reported.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export type Impact = 'minor' | 'moderate' | 'serious' | 'critical';

/** One rule that failed, with what the report needs to find and fix it. */
export interface AxeFinding {
  readonly id: string;
  readonly impact: Impact | null;
  readonly help: string;
  readonly helpUrl: string;
  /** The failing elements: their CSS selectors and axe's summary of what to fix. */
  readonly nodes: ReadonlyArray<{ readonly target: string; readonly summary: string }>;
}

/** Loads axe into the page once (a reload or navigation needs it again). */
export async function injectAxe(page: Page): Promise<void> {
  if (await page.evaluate(() => typeof (window as { axe?: unknown }).axe === 'object')) return;
  await page.evaluate(AXE_SOURCE);
  if (!(await page.evaluate(() => typeof (window as { axe?: unknown }).axe === 'object'))) throw new Error('axe-core did not load into the page');
}

/**
 * Runs every axe rule on the whole document and answers the violations. CSS transitions are let to
 * finish first, so colours are measured as they end up (a colour-scheme switch animates buttons).
 */
export async function axeViolations(page: Page): Promise<AxeFinding[]> {
  await injectAxe(page);
  await settleAnimations(page);
  return page.evaluate(async () => {
    interface RawNode {
      target: unknown[];
      failureSummary?: string;
    }
    interface RawResult {
      id: string;
      impact?: string | null;
      help: string;
      helpUrl: string;
      nodes: RawNode[];
    }
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: RawResult[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: (v.impact ?? null) as Impact | null,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target.map(String).join(' '), summary: (n.failureSummary ?? '').replace(/\s*\n\s*/g, ' ') })),
    }));
  });
}

/** Only the findings that block people: impact serious or critical. */
export function blocking(findings: readonly AxeFinding[]): AxeFinding[] {
  return findings.filter((f) => f.impact === 'serious' || f.impact === 'critical');
}

/** A readable report: rule id, impact, help and link, then each failing target with what to fix. */
export function formatFindings(where: string, findings: readonly AxeFinding[]): string {
  const lines = [`${where}: ${findings.length} axe violation(s)`];
  for (const f of findings) {
    lines.push(`- ${f.id} (${f.impact ?? 'no impact'}): ${f.help} ${f.helpUrl}`);
    for (const node of f.nodes.slice(0, 8)) lines.push(`    ${node.target} — ${node.summary}`);
    if (f.nodes.length > 8) lines.push(`    … and ${f.nodes.length - 8} more`);
  }
  return lines.join('\n');
}

/** Waits for running CSS transitions and animations (infinite ones, like a loading shimmer, are skipped). */
export async function settleAnimations(page: Page): Promise<void> {
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((a) => a.effect?.getComputedTiming().iterations !== Infinity)
        .map((a) => a.finished.catch(() => undefined)),
    ),
  );
}
