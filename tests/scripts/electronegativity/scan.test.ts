/**
 * The scan runner's choices (scripts/electronegativity/scan.ts): which Node runs Electronegativity
 * and which Electron version it assumes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ScanSetupError, electronVersionToAssume, isScannerNodeVersion, nodeCandidates } from '../../../scripts/electronegativity/scan.ts';

test('S28: Electronegativity runs on Node 20 or 22, never on Node 24 where it crashes', () => {
  assert.ok(isScannerNodeVersion('v20.20.2'));
  assert.ok(isScannerNodeVersion('v22.23.3\n'));
  assert.ok(!isScannerNodeVersion('v24.21.0'));
  assert.ok(!isScannerNodeVersion('v18.20.0'));
  assert.ok(!isScannerNodeVersion('not a version'));
});

test('S28: node is looked for on PATH in order, then in the usual system folders, each once', () => {
  const candidates = nodeCandidates(['/opt/node24/bin', '/usr/bin', '', '/opt/node24/bin'].join(path.delimiter));
  assert.deepEqual(candidates, ['/opt/node24/bin/node', '/usr/bin/node', '/usr/local/bin/node']);
  assert.deepEqual(nodeCandidates(undefined), ['/usr/bin/node', '/usr/local/bin/node']);
});

test('S28: the scan assumes the installed Electron version, else the lowest package.json allows', () => {
  assert.equal(electronVersionToAssume('^45.4.1', '45.6.0'), '45.6.0');
  assert.equal(electronVersionToAssume('^45.4.1', undefined), '45.4.1');
  assert.equal(electronVersionToAssume('~45.2', 'garbage'), '45.2.0');
  assert.throws(() => electronVersionToAssume(undefined, undefined), ScanSetupError);
});
