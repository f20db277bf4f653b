/**
 * Static layering rules (read the sources, run nothing):
 * - electron/core, electron/shared, electron/web and renderer/ never import `electron` (not even types);
 * - electron/shared imports no Node built-ins;
 * - in electron/main and electron/preload only the entry files (index.ts) value-import `electron`
 *   or electron-store (which loads electron); the others use `import type` only;
 * - every window comes from the one options factory (S23): the only `new BrowserWindow(` is in
 *   electron/main/index.ts and takes a `SecureWindowOptions`, only window-options.ts writes
 *   `webPreferences` or casts to `SecureWindowOptions`, no other window/view constructors;
 * - no file weakens a hardened preference; the preload exposes its API, never ipcRenderer (S25).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules, stripTypeScriptTypes } from 'node:module';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SOURCE_EXT = /\.(?:ts|tsx|mts|cts|js|jsx|mjs|cjs)$/;

function listFiles(relDir: string): string[] {
  const abs = path.join(ROOT, relDir);
  let entries: string[];
  try {
    entries = readdirSync(abs);
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const name of entries) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const rel = path.posix.join(relDir, name);
    const st = statSync(path.join(ROOT, rel));
    if (st.isDirectory()) out.push(...listFiles(rel));
    else if (SOURCE_EXT.test(name) && !name.endsWith('.d.ts')) out.push(rel);
  }
  return out.sort();
}

/** Removes comments, keeping strings and template literals (a small tokenizer, not a parser). */
export function stripComments(src: string): string {
  let out = '';
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    const n = src[i + 1];
    if (c === '/' && n === '/') {
      while (i < src.length && src[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && n === '*') {
      const end = src.indexOf('*/', i + 2);
      const stop = end < 0 ? src.length : end + 2;
      out += src.slice(i, stop).replace(/[^\n]/g, ' ');
      i = stop;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') {
      let j = i + 1;
      while (j < src.length && src[j] !== c) {
        if (src[j] === '\\') j++;
        else if (c !== '`' && src[j] === '\n') break;
        j++;
      }
      out += src.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}

interface ImportRef {
  readonly specifier: string;
  readonly form: string;
}

/** Module specifiers of static imports/exports, side-effect imports, dynamic import() and require(). */
export function importsOf(code: string): ImportRef[] {
  const refs: ImportRef[] = [];
  const patterns: Array<[string, RegExp]> = [
    ['import-from', /\bimport\s+(?:type\s+)?[\w*${}\s,]*?\bfrom\s*(['"])([^'"\n]+)\1/g],
    ['import-side-effect', /\bimport\s*(['"])([^'"\n]+)\1/g],
    ['export-from', /\bexport\s+(?:type\s+)?(?:\*(?:\s+as\s+\w+)?|\{[^}]*\})\s*from\s*(['"])([^'"\n]+)\1/g],
    ['dynamic-import', /\bimport\s*\(\s*(['"`])([^'"`\n]+)\1/g],
    ['require', /\brequire\s*\(\s*(['"`])([^'"`\n]+)\1/g],
  ];
  for (const [form, re] of patterns) {
    for (const m of code.matchAll(re)) refs.push({ specifier: m[2] ?? '', form });
  }
  return refs;
}

/** The code that runs: types stripped the way Node strips them (TS only), then comments removed. */
function runtimeCode(rel: string): string {
  const src = readFileSync(path.join(ROOT, rel), 'utf8');
  if (/\.(?:ts|mts|cts)$/.test(rel)) {
    try {
      return stripComments(stripTypeScriptTypes(src));
    } catch {
      return stripComments(src); // Stricter: type imports count too.
    }
  }
  return stripComments(src);
}

function allCode(rel: string): string {
  return stripComments(readFileSync(path.join(ROOT, rel), 'utf8'));
}

const isElectron = (s: string): boolean => s === 'electron' || s.startsWith('electron/');
const loadsElectron = (s: string): boolean => isElectron(s) || s === 'electron-store' || s.startsWith('electron-store/');
const BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
const isBuiltin = (s: string): boolean => s.startsWith('node:') || BUILTINS.has(s) || BUILTINS.has(s.split('/')[0] ?? '');

test('the scanner sees every import form and ignores comments and look-alike names', () => {
  const code = stripComments(`
    import { app } from 'electron';
    import type { X } from "electron/main";
    import 'electron';
    export * from 'electron';
    export { a } from 'electron/renderer';
    const m = await import('electron');
    const r = require("electron");
    import {
      BrowserWindow,
    } from 'electron';
    // import { app } from 'electron-comment';
    /* require('electron-block') */
    import Store from 'electron-store';
    const s = 'http://example.com//not-a-comment';
  `);
  const specs = importsOf(code).map((r) => r.specifier);
  assert.equal(specs.filter(isElectron).length, 8);
  assert.ok(specs.includes('electron-store'));
  assert.ok(!specs.includes('electron-comment') && !specs.includes('electron-block'));
  assert.equal(isElectron('electron-store'), false);
  assert.equal(isElectron('electron-vite'), false);
  assert.ok(code.includes('//not-a-comment'));
});

test('the scanner tells type-only imports from value imports', () => {
  const strip = (s: string) => importsOf(stripComments(stripTypeScriptTypes(s))).filter((r) => isElectron(r.specifier)).length;
  assert.equal(strip(`import type { WebContents } from 'electron';\nexport type { Session } from 'electron';`), 0);
  assert.equal(strip(`import { type WebContents } from 'electron';`), 1, 'inline type-only specifiers still load the module');
  assert.equal(strip(`import { app } from 'electron';`), 1);
});

const NO_ELECTRON_DIRS = ['electron/core', 'electron/shared', 'electron/web', 'renderer'];

test('core, shared, web and renderer never import electron (not even types)', () => {
  const files = NO_ELECTRON_DIRS.flatMap(listFiles);
  assert.ok(files.length > 0, 'found files to scan');
  const offenders = files.flatMap((f) =>
    importsOf(allCode(f))
      .filter((r) => isElectron(r.specifier))
      .map((r) => `${f}: ${r.form} '${r.specifier}'`),
  );
  assert.deepEqual(offenders, []);
});

test('electron/shared imports no Node built-ins (it is loaded by the sandboxed preload and the renderer)', () => {
  const files = listFiles('electron/shared');
  const offenders = files.flatMap((f) =>
    importsOf(allCode(f))
      .filter((r) => isBuiltin(r.specifier))
      .map((r) => `${f}: '${r.specifier}'`),
  );
  assert.deepEqual(offenders, []);
});

test('only the entry files of electron/main and electron/preload value-import electron or electron-store', () => {
  const entries = new Set(['electron/main/index.ts', 'electron/preload/index.ts']);
  const files = [...listFiles('electron/main'), ...listFiles('electron/preload')];
  assert.ok(files.includes('electron/main/index.ts'));
  const offenders = files
    .filter((f) => !entries.has(f))
    .flatMap((f) =>
      importsOf(runtimeCode(f))
        .filter((r) => loadsElectron(r.specifier))
        .map((r) => `${f}: ${r.form} '${r.specifier}'`),
    );
  assert.deepEqual(offenders, []);
});

test('tests never load electron at runtime', () => {
  const files = ['tests/main', 'tests/core', 'tests/shared', 'tests/web', 'tests/helpers'].flatMap(listFiles);
  const offenders = files.flatMap((f) =>
    importsOf(runtimeCode(f))
      .filter((r) => loadsElectron(r.specifier))
      .map((r) => `${f}: '${r.specifier}'`),
  );
  assert.deepEqual(offenders, []);
});

const APP_DIRS = ['electron', 'renderer'];

test('S23 every window is created through the options factory', () => {
  const files = APP_DIRS.flatMap(listFiles);
  const constructions = files.flatMap((f) => [...allCode(f).matchAll(/\bnew\s+BrowserWindow\s*\(([^)]*)\)/g)].map((m) => ({ f, arg: (m[1] ?? '').trim() })));
  assert.equal(constructions.length, 1, `exactly one new BrowserWindow(...), found ${JSON.stringify(constructions)}`);
  const only = constructions[0];
  assert.equal(only?.f, 'electron/main/index.ts');
  const code = allCode('electron/main/index.ts');
  assert.match(code, new RegExp(`\\(\\s*${only?.arg}\\s*:\\s*SecureWindowOptions\\s*\\)[^=]*=>\\s*new\\s+BrowserWindow\\(\\s*${only?.arg}\\s*\\)`), 'it takes SecureWindowOptions');

  for (const f of files) {
    const c = allCode(f);
    assert.doesNotMatch(c, /\bnew\s+(?:BrowserView|WebContentsView|BaseWindow|View)\s*\(/, `${f}: other window or view constructors`);
    if (f === 'electron/main/window-options.ts') continue;
    assert.doesNotMatch(c, /\bwebPreferences\s*:/, `${f}: webPreferences outside the factory`);
    assert.doesNotMatch(c, /\bas\s+SecureWindowOptions\b/, `${f}: SecureWindowOptions forged outside the factory`);
    assert.doesNotMatch(c, /\boverrideBrowserWindowOptions\b|\baction\s*:\s*['"]allow['"]/, `${f}: window.open allowed`);
  }
});

test('S23 S24 no file weakens a hardened preference', () => {
  const weakening =
    /\b(?:nodeIntegration|nodeIntegrationInWorker|nodeIntegrationInSubFrames|allowRunningInsecureContent|experimentalFeatures|webviewTag|navigateOnDragDrop)\s*:\s*true\b|\b(?:contextIsolation|sandbox|webSecurity)\s*:\s*false\b|\benableBlinkFeatures\s*:|\bdisableWebSecurity\b|['"]persist:/;
  const offenders = APP_DIRS.flatMap(listFiles).filter((f) => weakening.test(allCode(f)));
  assert.deepEqual(offenders, []);
});

test('S25 the preload exposes its built API only, never ipcRenderer', () => {
  const files = [...APP_DIRS.flatMap(listFiles)];
  const exposing = files.filter((f) => /\bexposeInMainWorld\s*\(/.test(allCode(f)));
  assert.deepEqual(exposing, ['electron/preload/index.ts']);
  const code = allCode('electron/preload/index.ts');
  for (const m of code.matchAll(/\bexposeInMainWorld\s*\(([^,]+),([\s\S]*?)\)\s*;/g)) {
    assert.doesNotMatch(m[2] ?? '', /^\s*ipcRenderer\s*$/, 'ipcRenderer exposed directly');
    assert.match(m[2] ?? '', /buildPreloadApi\s*\(\s*ipcRenderer\s*\)/);
  }
  assert.doesNotMatch(code, /\bexposeInIsolatedWorld\b|\bwebFrame\b/);
});
