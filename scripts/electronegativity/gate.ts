/**
 * The S28 gate over an Electronegativity scan (pure functions; scan.ts does the I/O).
 *
 * A finding blocks when it is HIGH or MEDIUM and no justification covers it. A justification names
 * the check, the file and, optionally, a piece of the flagged line (`code`), and explains in words
 * why the finding is not a vulnerability here. A justification that covers no finding any more is
 * stale and also blocks, so the file only ever lists findings that exist. A source file the scanner
 * could not parse blocks too: it was not scanned.
 */

export const SEVERITIES = ['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH'] as const;
export type Severity = (typeof SEVERITIES)[number];
export const CONFIDENCES = ['TENTATIVE', 'FIRM', 'CERTAIN'] as const;
export type Confidence = (typeof CONFIDENCES)[number];

/** Severities that fail the build unless justified (S28). */
export const BLOCKING_SEVERITIES: readonly Severity[] = ['HIGH', 'MEDIUM'];

/** Extensions Electronegativity 1.10.3 reads; other sources in the scanned folders go unscanned. */
export const SCANNED_EXTENSIONS = ['.js', '.jsx', '.ts', '.tsx', '.html', '.htm', '.json'] as const;
const SOURCE_EXTENSIONS = /\.(?:[cm]?[jt]sx?|html?)$/;

export interface Finding {
  readonly check: string;
  readonly severity: Severity;
  readonly confidence: Confidence;
  /** Relative to the scanned root, '/' separators ('electron/main/index.ts'); 'N/A' for some global checks. */
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** The flagged line, trimmed. */
  readonly code: string;
  readonly description: string;
  readonly manualReview: boolean;
}

export interface ScanError {
  readonly file: string;
  readonly message: string;
  /** The scanner's own word: a tolerable error still produced a syntax tree. */
  readonly tolerable: boolean;
}

export interface ScanReport {
  readonly tool: { readonly name: string; readonly version: string };
  readonly electronVersion: string;
  readonly checks: { readonly global: number; readonly atomic: number };
  readonly errors: readonly ScanError[];
  readonly findings: readonly Finding[];
}

export interface Justification {
  readonly check: string;
  readonly file: string;
  /** When set, only findings whose flagged line contains this text are covered. */
  readonly code?: string;
  readonly justification: string;
}

export interface JustifiedFinding {
  readonly finding: Finding;
  readonly justification: Justification;
}

export interface GateResult {
  readonly blocking: readonly Finding[];
  readonly justified: readonly JustifiedFinding[];
  /** LOW and INFORMATIONAL findings without a justification: reported, never blocking. */
  readonly advisory: readonly Finding[];
  readonly stale: readonly Justification[];
  readonly unparsed: readonly ScanError[];
  readonly passed: boolean;
}

/** Justifications shorter than this are not explanations. */
export const MIN_JUSTIFICATION_LENGTH = 40;

export class GateInputError extends Error {
  readonly hint: string;
  constructor(message: string, hint: string) {
    super(message);
    this.name = 'GateInputError';
    this.hint = hint;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function requireString(record: Record<string, unknown>, key: string, where: string, hint: string): string {
  const value = record[key];
  if (typeof value !== 'string' || value.trim() === '') {
    throw new GateInputError(`${where}: "${key}" must be a non-empty string.`, hint);
  }
  return value;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], where: string, hint: string): T {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw new GateInputError(`${where}: ${JSON.stringify(value)} is not one of ${allowed.join(', ')}.`, hint);
}

const REPORT_HINT = 'The scan output is written by scripts/electronegativity/scan-worker.cjs; run `npm run scan:electron` again, and check the Electronegativity version in .ci/electronegativity/package.json.';

/** Validates the worker's JSON output. */
export function parseScanReport(input: unknown): ScanReport {
  if (!isRecord(input) || !Array.isArray(input['findings']) || !Array.isArray(input['errors'])) {
    throw new GateInputError('The Electronegativity scan output has no "findings" and "errors" lists.', REPORT_HINT);
  }
  const tool = isRecord(input['tool']) ? input['tool'] : {};
  const checks = isRecord(input['checks']) ? input['checks'] : {};
  const findings = input['findings'].map((raw, index): Finding => {
    const where = `finding ${index + 1}`;
    if (!isRecord(raw)) throw new GateInputError(`${where} is not an object.`, REPORT_HINT);
    return {
      check: requireString(raw, 'check', where, REPORT_HINT),
      severity: oneOf(raw['severity'], SEVERITIES, `${where} severity`, REPORT_HINT),
      confidence: oneOf(raw['confidence'], CONFIDENCES, `${where} confidence`, REPORT_HINT),
      file: requireString(raw, 'file', where, REPORT_HINT),
      line: typeof raw['line'] === 'number' ? raw['line'] : 0,
      column: typeof raw['column'] === 'number' ? raw['column'] : 0,
      code: typeof raw['code'] === 'string' ? raw['code'] : '',
      description: typeof raw['description'] === 'string' ? raw['description'] : '',
      manualReview: raw['manualReview'] === true,
    };
  });
  const errors = input['errors'].map((raw, index): ScanError => {
    if (!isRecord(raw)) throw new GateInputError(`scan error ${index + 1} is not an object.`, REPORT_HINT);
    return { file: String(raw['file'] ?? ''), message: String(raw['message'] ?? ''), tolerable: raw['tolerable'] === true };
  });
  return {
    tool: { name: String(tool['name'] ?? 'electronegativity'), version: String(tool['version'] ?? '?') },
    electronVersion: String(input['electronVersion'] ?? '?'),
    checks: { global: Number(checks['global'] ?? 0), atomic: Number(checks['atomic'] ?? 0) },
    errors,
    findings,
  };
}

/** Validates the justification file (`{ "justifications": [ {check, file, code?, justification} ] }`). */
export function parseJustifications(input: unknown, fileName = 'the justification file'): Justification[] {
  const hint = `Each entry of "justifications" in ${fileName} needs "check" (an Electronegativity check ID such as CONTEXT_ISOLATION_JS_CHECK), "file" (relative to the repository, e.g. electron/main/index.ts), optionally "code" (text of the flagged line) and "justification" (at least ${MIN_JUSTIFICATION_LENGTH} characters saying why it is not a vulnerability).`;
  if (!isRecord(input) || !Array.isArray(input['justifications'])) {
    throw new GateInputError(`${fileName} has no "justifications" list.`, hint);
  }
  return input['justifications'].map((raw, index): Justification => {
    const where = `${fileName}, justification ${index + 1}`;
    if (!isRecord(raw)) throw new GateInputError(`${where} is not an object.`, hint);
    const known = new Set(['check', 'file', 'code', 'justification']);
    const unknown = Object.keys(raw).filter((key) => !known.has(key));
    if (unknown.length > 0) throw new GateInputError(`${where} has unknown keys: ${unknown.join(', ')}.`, hint);
    const check = requireString(raw, 'check', where, hint);
    if (!/^[A-Z0-9_]+$/.test(check)) throw new GateInputError(`${where}: "${check}" is not a check ID.`, hint);
    const file = requireString(raw, 'file', where, hint);
    const justification = requireString(raw, 'justification', where, hint).trim();
    if (justification.length < MIN_JUSTIFICATION_LENGTH) {
      throw new GateInputError(`${where}: the justification is too short to explain anything.`, hint);
    }
    if (raw['code'] !== undefined) {
      const code = requireString(raw, 'code', where, hint);
      return { check, file, code, justification };
    }
    return { check, file, justification };
  });
}

export function covers(justification: Justification, finding: Finding): boolean {
  return (
    justification.check === finding.check &&
    justification.file === finding.file &&
    (justification.code === undefined || finding.code.includes(justification.code))
  );
}

export function applyGate(report: ScanReport, justifications: readonly Justification[]): GateResult {
  const blocking: Finding[] = [];
  const justified: JustifiedFinding[] = [];
  const advisory: Finding[] = [];
  const used = new Set<Justification>();
  for (const finding of report.findings) {
    const justification = justifications.find((candidate) => covers(candidate, finding));
    if (justification !== undefined) {
      used.add(justification);
      justified.push({ finding, justification });
    } else if (BLOCKING_SEVERITIES.includes(finding.severity)) {
      blocking.push(finding);
    } else {
      advisory.push(finding);
    }
  }
  const stale = justifications.filter((justification) => !used.has(justification));
  const unparsed = report.errors.filter((error) => !error.tolerable);
  return { blocking, justified, advisory, stale, unparsed, passed: blocking.length === 0 && stale.length === 0 && unparsed.length === 0 };
}

/** Source files in the scanned folders that the scanner skips because of their extension. */
export function unscannedSources(files: readonly string[]): string[] {
  return files.filter((file) => SOURCE_EXTENSIONS.test(file) && !SCANNED_EXTENSIONS.some((ext) => file.endsWith(ext)));
}

function describe(finding: Finding): string {
  const where = finding.file === 'N/A' ? '(whole app)' : `${finding.file}:${finding.line}:${finding.column}`;
  return `${finding.severity}/${finding.confidence} ${finding.check} at ${where}${finding.manualReview ? ' (review)' : ''}\n      ${finding.description}${finding.code === '' ? '' : `\n      > ${finding.code.slice(0, 160)}`}`;
}

/** A plain-text report of the gate, for the terminal and the CI log. */
export function formatGate(report: ScanReport, result: GateResult, justificationFile: string): string {
  const lines: string[] = [
    `Electronegativity ${report.tool.version} (Electron ${report.electronVersion}, ${report.checks.global} global and ${report.checks.atomic} file checks): ${report.findings.length} finding(s).`,
  ];
  if (result.justified.length > 0) {
    lines.push(`Justified in ${justificationFile} (${result.justified.length}):`);
    for (const { finding } of result.justified) lines.push(`  ok  ${describe(finding)}`);
  }
  if (result.advisory.length > 0) {
    lines.push(`Low-severity, not blocking (${result.advisory.length}):`);
    for (const finding of result.advisory) lines.push(`  --  ${describe(finding)}`);
  }
  if (result.blocking.length > 0) {
    lines.push(`Unjustified HIGH/MEDIUM findings (${result.blocking.length}):`);
    for (const finding of result.blocking) lines.push(`  XX  ${describe(finding)}`);
    lines.push(
      `  What to do: fix the code, or, if the finding is not a vulnerability here, add an entry to ${justificationFile} naming the check, the file and why (a reviewer will read it).`,
    );
  }
  if (result.stale.length > 0) {
    lines.push(`Stale justifications that match no finding (${result.stale.length}):`);
    for (const stale of result.stale) lines.push(`  XX  ${stale.check} in ${stale.file}${stale.code === undefined ? '' : ` ("${stale.code}")`}`);
    lines.push(`  What to do: remove them from ${justificationFile}, or correct the file or code they name if the finding moved.`);
  }
  if (result.unparsed.length > 0) {
    lines.push(`Files the scanner could not parse, so were not scanned (${result.unparsed.length}):`);
    for (const error of result.unparsed) lines.push(`  XX  ${error.file}: ${error.message}`);
    lines.push('  What to do: Electronegativity 1.10.3 parses TypeScript with TypeScript 4.2; write the construct it trips on another way.');
  }
  lines.push(result.passed ? 'S28 security scan passed.' : 'S28 security scan FAILED.');
  return lines.join('\n');
}
