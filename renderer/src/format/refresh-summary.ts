import type { RefreshAllResult } from '../../../electron/shared/view-types.ts';

function connections(n: number): string {
  return n === 1 ? '1 connection' : `${n} connections`;
}

/**
 * One sentence for what "Refresh all" did, e.g. "Refreshed 2 connections." or
 * "Refreshed 1 connection. 1 could not be refreshed: ada@example.org — The refresh token was revoked."
 * Several failures are joined with semicolons. Each failed connection's card shows the hint.
 */
export function refreshAllSummary(result: RefreshAllResult): string {
  const parts: string[] = [];
  if (result.refreshed > 0 || result.failed.length === 0) {
    parts.push(result.refreshed === 0 ? 'No connection can be refreshed.' : `Refreshed ${connections(result.refreshed)}.`);
  }
  if (result.failed.length > 0) {
    const reasons = result.failed.map((f) => `${f.accountLabel} — ${f.error.message.replace(/[.\s]+$/u, '')}`).join('; ');
    parts.push(`${result.failed.length} could not be refreshed: ${reasons}.`);
  }
  return parts.join(' ');
}
