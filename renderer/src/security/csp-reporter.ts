/**
 * Reports the Content-Security-Policy violations of this window to OAuth Desk, which logs them
 * (S26). Only a few bounded facts leave the page: the directive, what kind of thing was blocked
 * (`inline`, `eval` or the blocked URL's scheme), the path of the app's own file and the line. Never
 * the blocked URL or the page address (the web host's page address carries its access key).
 */
import type { CspViolationReport } from '../../../electron/shared/ipc-contract.ts';

/** The fields of a `SecurityPolicyViolationEvent` the reporter reads. */
export interface ViolationEventLike {
  readonly effectiveDirective?: string;
  readonly violatedDirective?: string;
  readonly blockedURI?: string;
  readonly sourceFile?: string;
  readonly lineNumber?: number;
}

export interface ViolationSource {
  addEventListener(type: 'securitypolicyviolation', listener: (event: ViolationEventLike) => void): void;
}

/** A page that keeps violating its policy is reported this many times at most (distinct reports). */
export const MAX_CSP_REPORTS_PER_PAGE = 20;

const DIRECTIVE = /^[a-z][a-z-]{0,39}$/;
const KEYWORD = /^[a-z][a-z0-9+.-]{0,31}$/;
const SEGMENT = /^[A-Za-z0-9_~-][A-Za-z0-9._~-]{0,99}$/;

/** `scheme://host` of an absolute URL with a host (works for `app://oauth-desk` too); null otherwise. */
function schemeAndHost(raw: string): string | null {
  try {
    const url = new URL(raw);
    return url.host === '' ? null : `${url.protocol}//${url.host}`.toLowerCase();
  } catch {
    return null;
  }
}

/** `inline`, `eval`, `wasm-eval`… as the browser names them, or the scheme of a blocked URL. */
function blockedKind(blockedUri: string | undefined): string {
  if (blockedUri === undefined || blockedUri === '') return 'other';
  if (KEYWORD.test(blockedUri)) return blockedUri;
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]{0,31}):/.exec(blockedUri)?.[1]?.toLowerCase();
  return scheme !== undefined && KEYWORD.test(scheme) ? scheme : 'other';
}

/** The path of the app's own file; '' for another origin, an unknown file or an unusual path. */
function appPath(sourceFile: string | undefined, pageUrl: string): string {
  if (sourceFile === undefined || sourceFile === '') return '';
  const page = schemeAndHost(pageUrl);
  if (page === null || schemeAndHost(sourceFile) !== page) return '';
  const path = new URL(sourceFile).pathname;
  if (path === '/') return path;
  const segments = path.split('/').slice(1);
  if (segments.length > 8) return '';
  const last = segments.at(-1) === '' ? segments.slice(0, -1) : segments;
  return last.every((segment) => SEGMENT.test(segment)) ? path : '';
}

export function toCspReport(event: ViolationEventLike, pageUrl: string): CspViolationReport {
  const directive = (event.effectiveDirective || event.violatedDirective || '').toLowerCase().split(' ')[0] ?? '';
  const line = event.lineNumber;
  return {
    directive: DIRECTIVE.test(directive) ? directive : 'unknown',
    blocked: blockedKind(event.blockedURI),
    source: appPath(event.sourceFile, pageUrl),
    line: typeof line === 'number' && Number.isInteger(line) && line >= 0 && line <= 10_000_000 ? line : 0,
  };
}

/**
 * Listens for violations and sends each distinct report once, up to `maxReports` per page. `send`
 * failures are ignored: reporting must never disturb the window.
 */
export function installCspReporter(
  source: ViolationSource,
  pageUrl: string,
  send: (report: CspViolationReport) => Promise<unknown>,
  maxReports = MAX_CSP_REPORTS_PER_PAGE,
): void {
  const seen = new Set<string>();
  source.addEventListener('securitypolicyviolation', (event) => {
    if (seen.size >= maxReports) return;
    const report = toCspReport(event, pageUrl);
    const key = JSON.stringify(report);
    if (seen.has(key)) return;
    seen.add(key);
    Promise.resolve()
      .then(() => send(report))
      .catch(() => {});
  });
}
