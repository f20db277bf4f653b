/**
 * Checks made when the store opens (S21, S22), beyond "conf could parse it":
 * - a file that parses but is not a JSON object (an array, a number, null) or is empty: conf would
 *   take it as an empty store and overwrite it at the first save, so it is moved aside instead;
 * - a readable file whose top-level sections have the wrong type (e.g. `"connections": 5`): the
 *   file is copied aside as it was, and only those sections are cleared, so everything else keeps
 *   working and nothing is lost.
 * Records inside a section are validated by the module that owns it, and kept when invalid.
 */
import { chmodSync, copyFileSync, existsSync, readFileSync, statSync } from 'node:fs';
import type { KeyValueStore } from '../ports.ts';

/** Every top-level key the app writes, with the JSON type it must have. */
export const STORE_SECTIONS: Readonly<Record<string, 'object' | 'array'>> = Object.freeze({
  /** connection-repository.ts */
  connections: 'object',
  /** client-credential-store.ts */
  clientCredentials: 'object',
  /** provider-preferences.ts */
  providerSettings: 'object',
  /** providers/custom/custom-provider-store.ts */
  customProviders: 'array',
  /** storage-preferences.ts */
  storagePreferences: 'object',
});

/** What the person is told the sections hold. */
export const SECTION_NAMES: Readonly<Record<string, string>> = Object.freeze({
  connections: 'saved connections',
  clientCredentials: 'client IDs and secrets entered in Settings',
  providerSettings: 'sign-in modes and redirect ports chosen in Settings',
  customProviders: 'custom providers added in Settings',
  storagePreferences: 'storage choices',
});

/** Why a store file was moved aside. */
export type MovedAsideReason = 'empty' | 'not-json' | 'not-an-object' | 'unreadable';

/** What happened to the store file when it was opened; the window reports it (settings:list-problems). */
export interface StoreStatus {
  /** The store file. */
  readonly file: string;
  /** The file could not be used at all: moved here, and the app started with an empty store (signed out). */
  readonly movedAside: { readonly to: string; readonly reason: MovedAsideReason } | null;
  /** Sections of the wrong type were cleared; the file as it was is copied here first. */
  readonly resetSections: { readonly keys: readonly string[]; readonly copiedTo: string } | null;
}

/** The file's shape before conf reads it: `object` (or `missing`) is fine, `not-json` is left to conf to refuse. */
export function inspectStoreFile(filePath: string): 'missing' | 'object' | MovedAsideReason {
  let text: string;
  try {
    text = readFileSync(filePath, 'utf8');
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : 'unreadable';
  }
  if (text.trim() === '') return 'empty';
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return 'not-json';
  }
  return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? 'object' : 'not-an-object';
}

function hasType(value: unknown, type: 'object' | 'array'): boolean {
  if (type === 'array') return Array.isArray(value);
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Sections present with the wrong type. */
export function wrongSections(store: KeyValueStore): string[] {
  return Object.entries(STORE_SECTIONS)
    .filter(([key, type]) => {
      const value = store.get(key);
      return value !== undefined && !hasType(value, type);
    })
    .map(([key]) => key);
}

/** `<file>.corrupt-<time>`, with a counter when that name is taken (two in the same millisecond). */
export function asidePath(filePath: string, now: () => number): string {
  const base = `${filePath}.corrupt-${now()}`;
  let candidate = base;
  for (let n = 1; existsSync(candidate); n++) candidate = `${base}-${n}`;
  return candidate;
}

/** Owner-only, where modes exist (S22). Errors are ignored: a file we cannot chmod is not ours to fix. */
export function restrictMode(path: string, mode: number, options: { readonly dryRun?: boolean } = {}): boolean {
  if (process.platform === 'win32') return false;
  try {
    if ((statSync(path).mode & 0o777 & ~mode) === 0) return false;
    if (options.dryRun === true) return true;
    chmodSync(path, mode);
    return true;
  } catch {
    return false;
  }
}

/**
 * Clears sections of the wrong type after copying the file aside (mode 0600). Null when every
 * section is fine.
 */
export function resetWrongSections(filePath: string, store: KeyValueStore, now: () => number): StoreStatus['resetSections'] {
  const keys = wrongSections(store);
  if (keys.length === 0) return null;
  const copiedTo = asidePath(filePath, now);
  copyFileSync(filePath, copiedTo);
  restrictMode(copiedTo, 0o600);
  for (const key of keys) store.delete(key);
  return { keys, copiedTo };
}
