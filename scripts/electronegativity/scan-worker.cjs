'use strict';
/**
 * Runs Electronegativity through its JavaScript API and writes what it found as JSON. Started by
 * scan.ts with Node 20 or 22 (Electronegativity 1.10.3 crashes on Node 24), hence plain CommonJS.
 *
 *   node scan-worker.cjs <electronegativity package folder> <folder to scan> <electron version> <output.json>
 *
 * The JSON keeps what the CLI's CSV/SARIF outputs drop or mangle: severity and confidence (SARIF has
 * neither), the files the scanner could not parse, and how many checks ran.
 */
const { writeFileSync } = require('node:fs');
const path = require('node:path');

// Needs the internet (it downloads Electron's release list); everything else is offline.
const EXCLUDED_CHECKS = ['AvailableSecurityFixesGlobalCheck'];

async function main() {
  const [packageDir, input, electronVersion, output] = process.argv.slice(2);
  if (!packageDir || !input || !electronVersion || !output) {
    throw new Error('usage: scan-worker.cjs <electronegativity folder> <folder to scan> <electron version> <output.json>');
  }
  const run = require(packageDir);
  const tool = require(path.join(packageDir, 'package.json'));
  const result = await run({
    input,
    output: undefined,
    isSarif: false,
    customScan: [],
    excludeFromScan: EXCLUDED_CHECKS,
    severitySet: undefined,
    confidenceSet: undefined,
    isRelative: true,
    isVerbose: false,
    electronUpgrade: undefined,
    electronVersionOverride: electronVersion,
    parserPlugins: [],
  });
  const report = {
    tool: { name: tool.name, version: tool.version },
    electronVersion,
    excludedChecks: EXCLUDED_CHECKS,
    checks: { global: result.globalChecks, atomic: result.atomicChecks },
    errors: result.errors.map((error) => ({
      file: path.relative(input, error.file).split(path.sep).join('/'),
      message: String(error.message),
      tolerable: Boolean(error.tolerable),
    })),
    findings: result.issues.map((issue) => ({
      check: issue.id,
      severity: issue.severity && issue.severity.name,
      confidence: issue.confidence && issue.confidence.name,
      file: String(issue.file).split(path.sep).join('/'),
      line: issue.location ? issue.location.line : 0,
      column: issue.location ? issue.location.column : 0,
      code: issue.sample == null ? '' : String(issue.sample),
      description: issue.description,
      manualReview: Boolean(issue.manualReview),
    })),
  };
  writeFileSync(output, `${JSON.stringify(report, null, 2)}\n`);
}

main().then(
  // Exit at once: the scanner's translation download may still be waiting for a DNS answer offline.
  () => process.exit(0),
  (error) => {
    process.stderr.write(`Electronegativity failed: ${error && error.stack ? error.stack : error}\n`);
    process.exit(2);
  },
);
