/**
 * Packs an unpacked Linux build (`electron-builder --linux dir`) offline, for the packaging smoke test.
 *
 * - The project is copied into a temporary folder (package.json, lockfile, electron-builder.yml, the
 *   build output out/, build/, resources/ and the sources electron/, renderer/, scripts/, tests/), with
 *   node_modules linked, so files can be planted where the file list would reach them and a rebuild of
 *   out/ by someone else cannot change the package halfway.
 * - Electron cannot be downloaded here: `-c.electronDist` points at a stub `electron` file. The stub
 *   carries a fuse wire laid out as in a real Electron binary (sentinel, wire version 1, length 8, then
 *   one byte per fuse) set to the values Electron ships with, so electron-builder really flips the fuses
 *   (S27) and the test reads them back. The package does not run.
 * - The deb/AppImage desktop entry is computed by electron-builder's own code in an afterPack hook
 *   (desktop-entry-hook.ts), since the `dir` target writes none.
 */
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { listPackage } from '@electron/asar';
import { FuseState, SENTINEL } from '@electron/fuses/dist/constants.js';

export const ROOT = path.resolve(import.meta.dirname, '../..');

const require = createRequire(import.meta.url);

/**
 * Electron's own fuse values, in wire order: RunAsNode on, cookie encryption off, NODE_OPTIONS on,
 * inspect arguments on, embedded asar integrity off, only-load-from-asar off, browser-specific V8
 * snapshot off, file: protocol extra privileges on.
 */
export const SHIPPED_FUSES: readonly FuseState[] = [
  FuseState.ENABLE,
  FuseState.DISABLE,
  FuseState.ENABLE,
  FuseState.ENABLE,
  FuseState.DISABLE,
  FuseState.DISABLE,
  FuseState.DISABLE,
  FuseState.ENABLE,
];

/** Files planted in the copy where `out/**` (or a careless pattern) would pick them up. */
export const PLANTED = [
  '.env',
  '.env.local',
  'out/main/.env',
  'out/main/.env.production',
  'out/main/index.js.map',
  'out/renderer/assets/planted.js.map',
  'out/main/planted-source.ts',
  'out/preload/planted-source.mts',
] as const;

export interface PackedLinuxApp {
  /** linux-unpacked/: the executable (named after linux.executableName) and resources/. */
  readonly appOutDir: string;
  readonly asarPath: string;
  /** Every entry of app.asar (files and folders), relative, with '/' separators. */
  readonly asarEntries: readonly string[];
  /** The files of the build output (out/...) before anything was planted. */
  readonly builtFiles: readonly string[];
  readonly desktopEntry: { readonly fileName: string; readonly entry: string };
  /** The copy that was packed (package.json, lockfile, planted files). */
  readonly projectDir: string;
  readonly log: string;
}

async function listFiles(dir: string, prefix: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const rel = `${prefix}/${entry.name}`;
    if (entry.isDirectory()) out.push(...(await listFiles(path.join(dir, entry.name), rel)));
    else out.push(rel);
  }
  return out.sort();
}

async function writeStubElectron(distDir: string): Promise<void> {
  await mkdir(distDir, { recursive: true });
  const stub = Buffer.concat([
    Buffer.from('OAuth Desk packaging test: a stand-in for the Electron binary, not a program.\n'),
    Buffer.from(SENTINEL, 'ascii'),
    Buffer.from([1, SHIPPED_FUSES.length, ...SHIPPED_FUSES]),
    Buffer.from('\n'),
  ]);
  await writeFile(path.join(distDir, 'electron'), stub, { mode: 0o755 });
}

function run(file: string, args: readonly string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { ...options, maxBuffer: 32 * 1024 * 1024 }, (error, stdout, stderr) => {
      const log = `${stdout}${stderr}`;
      if (error) reject(new Error(`electron-builder failed (${error.message.split('\n')[0]}):\n${log.slice(-6000)}`));
      else resolve(log);
    });
  });
}

/** Packs the copy; call `cleanup` when done (it removes every temporary folder). */
export async function packLinuxDir(): Promise<{ packed: PackedLinuxApp; cleanup: () => Promise<void> }> {
  if (!existsSync(path.join(ROOT, 'out/main/index.js'))) {
    throw new Error('The build output out/ is missing: run `npx electron-vite build` first (`npm test` does).');
  }
  const work = await mkdtemp(path.join(tmpdir(), 'oauth-desk-pack-'));
  const cleanup = (): Promise<void> => rm(work, { recursive: true, force: true });
  try {
    const projectDir = path.join(work, 'project');
    await mkdir(projectDir);
    for (const name of ['package.json', 'package-lock.json', 'electron-builder.yml']) {
      await cp(path.join(ROOT, name), path.join(projectDir, name));
    }
    for (const name of ['out', 'build', 'resources', 'electron', 'renderer', 'scripts', 'tests']) {
      await cp(path.join(ROOT, name), path.join(projectDir, name), {
        recursive: true,
        filter: (source) => path.basename(source) !== 'node_modules',
      });
    }
    const builtFiles = await listFiles(path.join(projectDir, 'out'), 'out');
    for (const planted of PLANTED) {
      await writeFile(path.join(projectDir, planted), 'OAUTH_DESK_PLANTED=must-not-be-packaged\n');
    }
    await symlink(path.join(ROOT, 'node_modules'), path.join(projectDir, 'node_modules'), 'dir');

    const electronDist = path.join(work, 'electron-dist');
    await writeStubElectron(electronDist);
    const outputDir = path.join(work, 'dist');
    const desktopEntryFile = path.join(work, 'desktop-entry.json');
    const cli = require.resolve('electron-builder/cli.js');
    const log = await run(
      process.execPath,
      [
        cli,
        '--linux',
        'dir',
        '--projectDir',
        projectDir,
        `-c.electronDist=${electronDist}`,
        `-c.directories.output=${outputDir}`,
        `-c.afterPack=${path.join(import.meta.dirname, 'desktop-entry-hook.ts')}`,
      ],
      { cwd: projectDir, env: { ...process.env, OAUTH_DESK_DESKTOP_ENTRY_FILE: desktopEntryFile } },
    );

    const appOutDir = path.join(outputDir, 'linux-unpacked');
    const asarPath = path.join(appOutDir, 'resources', 'app.asar');
    const asarEntries = listPackage(asarPath, { isPack: false })
      .map((entry) => entry.split(path.sep).join('/').replace(/^\//, ''))
      .sort();
    const desktopEntry = JSON.parse(await readFile(desktopEntryFile, 'utf8')) as PackedLinuxApp['desktopEntry'];
    return { packed: { appOutDir, asarPath, asarEntries, builtFiles, desktopEntry, projectDir, log }, cleanup };
  } catch (error) {
    await cleanup();
    throw error;
  }
}
