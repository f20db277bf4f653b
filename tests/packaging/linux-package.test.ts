/**
 * Packaging smoke test: electron-builder packs an unpacked Linux build of a copy of the project
 * (see pack-linux-dir.ts: offline, stub Electron with a fuse wire, planted files), then the test reads
 * what it produced: the app.asar listing, the packed dependencies, the executable's fuse wire (S27)
 * and the desktop entry the deb package would install. Needs the build output (`npm test` builds first).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { extractFile } from '@electron/asar';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { FuseState } from '@electron/fuses/dist/constants.js';
import semver from 'semver';
import { APP_URI_SCHEME } from '../../electron/core/scheme/app-scheme.ts';
import { PLANTED, ROOT, SHIPPED_FUSES, packLinuxDir } from './pack-linux-dir.ts';
import type { PackedLinuxApp } from './pack-linux-dir.ts';

interface PackageJson {
  readonly name?: string;
  readonly version?: string;
  readonly dependencies?: Record<string, string>;
  readonly optionalDependencies?: Record<string, string>;
  readonly peerDependencies?: Record<string, string>;
  readonly peerDependenciesMeta?: Record<string, { readonly optional?: boolean }>;
}
interface LockEntry {
  readonly dev?: boolean;
}

let packed: PackedLinuxApp;
let cleanup: (() => Promise<void>) | undefined;

before(async () => {
  ({ packed, cleanup } = await packLinuxDir());
});
after(async () => {
  await cleanup?.();
});

const rootPackage = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as PackageJson & {
  readonly desktopName?: string;
};

/** Package folders inside the asar: 'node_modules/a', 'node_modules/@s/b', 'node_modules/a/node_modules/c'. */
function packagedPackageDirs(entries: readonly string[]): Set<string> {
  const dirs = new Set<string>();
  for (const entry of entries) {
    const match = /^((?:node_modules\/(?:@[^/]+\/)?[^/]+\/)*node_modules\/(?:@[^/]+\/)?[^/]+)\/package\.json$/.exec(entry);
    if (match?.[1] !== undefined) dirs.add(match[1]);
  }
  return dirs;
}

function packageNameOf(dir: string): string {
  return dir.slice(dir.lastIndexOf('node_modules/') + 'node_modules/'.length);
}

/** The production dependency closure as npm installed it: non-dev lockfile entries present on disk. */
function productionPackageNames(): Set<string> {
  const lock = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as {
    readonly packages: Record<string, LockEntry>;
  };
  const names = new Set<string>();
  for (const [key, entry] of Object.entries(lock.packages)) {
    if (key === '' || entry.dev === true) continue;
    if (!existsSync(path.join(ROOT, key, 'package.json'))) continue; // an optional package for another platform
    names.add(packageNameOf(key));
  }
  return names;
}

function readPackedPackage(dir: string): PackageJson {
  return JSON.parse(extractFile(packed.asarPath, dir === '' ? 'package.json' : `${dir}/package.json`).toString('utf8')) as PackageJson;
}

/** Node's lookup from a package folder: its own node_modules, then each enclosing one, up to the root. */
function resolvePacked(fromDir: string, name: string, dirs: ReadonlySet<string>): string | null {
  let dir = fromDir;
  for (;;) {
    const candidate = dir === '' ? `node_modules/${name}` : `${dir}/node_modules/${name}`;
    if (dirs.has(candidate)) return candidate;
    if (dir === '') return null;
    const cut = dir.lastIndexOf('/node_modules/');
    dir = cut < 0 ? '' : dir.slice(0, cut);
  }
}

test('the packaged app.asar holds exactly the built main, preload and renderer, package.json and the production dependencies', () => {
  const topLevel = new Set(packed.asarEntries.map((entry) => entry.split('/')[0]));
  assert.deepEqual([...topLevel].sort(), ['node_modules', 'out', 'package.json']);

  const packedOut = packed.asarEntries.filter((entry) => entry.startsWith('out/') && !packed.asarEntries.some((e) => e.startsWith(`${entry}/`)));
  assert.deepEqual(packedOut, packed.builtFiles, 'the out/ files in app.asar are the build output, nothing more or less');
  for (const required of ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html']) {
    assert.ok(packed.builtFiles.includes(required), `the build output has ${required}`);
  }
  for (const side of ['main', 'preload', 'renderer']) {
    assert.ok(packedOut.some((entry) => entry.startsWith(`out/${side}/`)), `out/${side} is packaged`);
  }

  const packedNames = new Set([...packagedPackageDirs(packed.asarEntries)].map(packageNameOf));
  const expectedNames = productionPackageNames();
  for (const dependency of Object.keys(rootPackage.dependencies ?? {})) assert.ok(expectedNames.has(dependency), dependency);
  assert.deepEqual([...packedNames].sort(), [...expectedNames].sort(), 'the packaged node_modules are the production dependencies');
  assert.ok(!packedNames.has('electron') && !packedNames.has('electron-builder') && !packedNames.has('typescript'));
});

test('no TypeScript sources, source maps, .env files, tests, scripts or source folders are packaged, even where the file list reaches', () => {
  for (const planted of PLANTED) {
    assert.ok(existsSync(path.join(packed.projectDir, planted)), `${planted} was planted in the packed project`);
    assert.ok(!packed.asarEntries.includes(planted), `${planted} must not be packaged`);
  }
  const offending = packed.asarEntries.filter(
    (entry) =>
      /\.(?:ts|tsx|mts|cts)$/.test(entry) ||
      entry.endsWith('.map') ||
      /(?:^|\/)\.env(?:\.[^/]*)?$/.test(entry) ||
      /^(?:electron|renderer|src|scripts|tests|build|resources|\.ci)(?:\/|$)/.test(entry),
  );
  assert.deepEqual(offending, []);
  assert.ok(!packed.asarEntries.includes('package-lock.json') && !packed.asarEntries.includes('electron-builder.yml'));
});

test('every packaged dependency finds, inside app.asar, a version its package.json accepts', () => {
  const dirs = packagedPackageDirs(packed.asarEntries);
  const problems: string[] = [];
  for (const dir of ['', ...dirs]) {
    const manifest = readPackedPackage(dir);
    const wanted: Record<string, string> = { ...manifest.dependencies };
    if (dir !== '') {
      for (const [name, range] of Object.entries(manifest.peerDependencies ?? {})) {
        if (manifest.peerDependenciesMeta?.[name]?.optional !== true) wanted[name] = range;
      }
    }
    for (const [name, range] of Object.entries(wanted)) {
      const found = resolvePacked(dir, name, dirs);
      if (found === null) {
        if (manifest.optionalDependencies?.[name] === undefined) problems.push(`${dir || 'the app'} needs ${name}@${range}: not packaged`);
        continue;
      }
      const version = readPackedPackage(found).version ?? '';
      if (semver.validRange(range) !== null && !semver.satisfies(version, range, { includePrerelease: true })) {
        problems.push(`${dir || 'the app'} needs ${name}@${range}, finds ${found}@${version}`);
      }
    }
  }
  assert.ok(dirs.size > 10, 'the dependencies were packaged');
  assert.deepEqual(problems, []);
});

test('every package the built main process imports is a production dependency packaged at the top of app.asar', () => {
  const specifiers = new Set<string>();
  for (const file of packed.builtFiles.filter((f) => f.startsWith('out/main/') && /\.(?:js|mjs|cjs)$/.test(f))) {
    const code = readFileSync(path.join(packed.projectDir, file), 'utf8');
    // Static imports and re-exports start a line in the bundle (they may span lines up to their ';').
    const statements = code.matchAll(/^(?:import|export)\s[^;]*?[\s}]from\s*["']([^"'\n]+)["']|^import\s*["']([^"'\n]+)["']/gm);
    const dynamic = code.matchAll(/\bimport\(\s*["']([^"'\n]+)["']\s*\)/g);
    for (const match of [...statements, ...dynamic]) {
      const specifier = match[1] ?? match[2];
      if (specifier !== undefined) specifiers.add(specifier);
    }
  }
  const packages = new Set<string>();
  for (const specifier of specifiers) {
    if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:')) continue;
    const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : (specifier.split('/')[0] ?? specifier);
    if (name === 'electron' || builtinModules.includes(name)) continue;
    packages.add(name);
  }
  assert.ok(packages.has('electron-store'), 'the scan found the main process imports');
  for (const name of packages) {
    assert.ok(rootPackage.dependencies?.[name] !== undefined, `${name} is imported by the main process, so it must be in "dependencies"`);
    assert.ok(packed.asarEntries.includes(`node_modules/${name}/package.json`), `${name} is packaged`);
  }
});

test('S27: electron-builder flips the packaged executable’s fuses: no run-as-node, NODE_OPTIONS or inspect; cookie encryption, asar integrity and asar-only loading on', async () => {
  const executable = path.join(packed.appOutDir, 'oauth-desk');
  const wire = (await getCurrentFuseWire(executable)) as unknown as Record<number, FuseState>;
  const expected: ReadonlyArray<[FuseV1Options, FuseState]> = [
    [FuseV1Options.RunAsNode, FuseState.DISABLE],
    [FuseV1Options.EnableCookieEncryption, FuseState.ENABLE],
    [FuseV1Options.EnableNodeOptionsEnvironmentVariable, FuseState.DISABLE],
    [FuseV1Options.EnableNodeCliInspectArguments, FuseState.DISABLE],
    [FuseV1Options.EnableEmbeddedAsarIntegrityValidation, FuseState.ENABLE],
    [FuseV1Options.OnlyLoadAppFromAsar, FuseState.ENABLE],
    [FuseV1Options.GrantFileProtocolExtraPrivileges, FuseState.DISABLE],
  ];
  for (const [fuse, state] of expected) {
    assert.notEqual(SHIPPED_FUSES[fuse], state, `the stub starts with Electron's own value of ${FuseV1Options[fuse]}`);
    assert.equal(wire[fuse], state, `${FuseV1Options[fuse]} in the packaged executable`);
  }
  assert.equal(wire[FuseV1Options.LoadBrowserProcessSpecificV8Snapshot], SHIPPED_FUSES[FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]);
});

test('the tray icons ship beside app.asar, where the packaged app looks for them', () => {
  for (const icon of ['tray-icon.png', 'tray-icon@2x.png']) {
    assert.ok(existsSync(path.join(packed.appOutDir, 'resources', 'tray', icon)), icon);
  }
});

test('the Linux desktop entry makes the app the com.oauthdesk.app link handler and passes it the link', () => {
  const { fileName, entry } = packed.desktopEntry;
  const fields = new Map(
    entry
      .split('\n')
      .filter((line) => line.includes('='))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)] as const),
  );
  assert.equal(fileName, rootPackage.desktopName, 'the entry is installed under package.json desktopName');
  assert.equal(fields.get('MimeType'), `x-scheme-handler/${APP_URI_SCHEME};`);
  assert.match(fields.get('Exec') ?? '', /\/oauth-desk"? %U$/, 'the link is passed as an argument');
  assert.equal(fields.get('StartupWMClass'), rootPackage.desktopName?.replace(/\.desktop$/, ''));
  assert.equal(fields.get('Name'), 'OAuth Desk');
});
