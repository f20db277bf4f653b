/**
 * Logs the Content-Security-Policy violations the window reports (S26) as warnings, with only the
 * validated report fields (directive, what was blocked, the app file and line). A hostile page can
 * trigger violations at will, so at most `perMinute` reports are written per minute; the rest are
 * counted and summed up in one line when the next minute starts.
 */
import type { CspViolationReport } from '../../shared/ipc-contract.ts';
import type { Clock, Logger } from '../ports.ts';

export const CSP_REPORTS_PER_MINUTE = 20;
const MINUTE_MS = 60_000;

export const CSP_VIOLATION_MESSAGE = 'the window blocked content its Content-Security-Policy forbids';

export interface CspViolationLog {
  report(report: CspViolationReport): void;
}

export function createCspViolationLog(logger: Logger, clock: Clock, perMinute = CSP_REPORTS_PER_MINUTE): CspViolationLog {
  let windowStart = Number.NEGATIVE_INFINITY;
  let written = 0;
  let dropped = 0;
  return {
    report({ directive, blocked, source, line }) {
      const now = clock.now();
      if (now - windowStart >= MINUTE_MS || now < windowStart) {
        if (dropped > 0) logger.warn('Content-Security-Policy reports were dropped (too many in a minute)', { dropped });
        windowStart = now;
        written = 0;
        dropped = 0;
      }
      if (written >= perMinute) {
        dropped++;
        return;
      }
      written++;
      logger.warn(CSP_VIOLATION_MESSAGE, { directive, blocked, source, line });
    },
  };
}
