/**
 * The providers file: custom providers defined in plain JSON (no comments), for people who keep
 * their configuration in files. Shape:
 *
 *   {
 *     "$schema": "…",            (optional, ignored: lets an editor validate the file)
 *     "providers": [ { "id": "acme", "displayName": "Acme", "issuer": "https://login.acme.example", "clientId": "…" } ]
 *   }
 *
 * Each provider is validated on its own (custom-provider-schema.ts): a bad one is reported and the
 * others still load. A later provider with an id already used is an error; the earlier one loads.
 * Location: `OAUTH_DESK_PROVIDERS` when set (relative to the working folder), else `providers.json`
 * in the data folder.
 */
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import type { ErrorInfo } from '../../../shared/error-info.ts';
import type { CustomProviderDefinition } from './custom-provider-schema.ts';
import { BUILT_IN_PROVIDER_IDS, checkCustomProvider } from './custom-provider-schema.ts';
import { parseJsonText } from './json-text.ts';
import { ProviderConfigError, describeType, locationPrefix, quote } from './provider-config-error.ts';

export const PROVIDERS_FILE_NAME = 'providers.json';
export const PROVIDERS_FILE_ENV = 'OAUTH_DESK_PROVIDERS';
export const MAX_PROVIDERS_FILE_BYTES = 1024 * 1024;

export const PROVIDERS_FILE_SYNTAX = 'providers_file_syntax';
export const PROVIDERS_FILE_INVALID = 'providers_file_invalid';
export const PROVIDERS_FILE_UNREADABLE = 'providers_file_unreadable';
export const PROVIDERS_FILE_MISSING = 'providers_file_missing';
export const PROVIDERS_FILE_PATH_INVALID = 'providers_file_path_invalid';

const TOP_LEVEL_FIELDS = ['$schema', 'providers'];
const EXAMPLE = '{"providers": [{"id": "acme", "displayName": "Acme", "issuer": "https://login.acme.example", "clientId": "…"}]}';
const SYNTAX_HINT = `Fix it in a text editor. The file is plain JSON: names and texts in double quotes, no comments, no trailing commas, e.g. ${EXAMPLE}.`;

export interface ProvidersFileResult {
  /** The providers that are valid, in file order (frozen definitions). */
  readonly providers: CustomProviderDefinition[];
  /** Everything wrong, in file order; a provider with several wrong fields has one error per field. */
  readonly errors: ProviderConfigError[];
}

export interface LoadedProvidersFile extends ProvidersFileResult {
  readonly file: string;
  /** False when the file does not exist (then there are no providers and, by default, no errors). */
  readonly exists: boolean;
  /** Problems that do not stop loading, e.g. a file holding a client secret that others can read. */
  readonly warnings: ErrorInfo[];
}

export function parseProvidersFile(text: string, file: string): ProvidersFileResult {
  const providers: CustomProviderDefinition[] = [];
  const errors: ProviderConfigError[] = [];
  const parsed = parseJsonText(text, file, PROVIDERS_FILE_SYNTAX, SYNTAX_HINT);
  if (!parsed.ok) return { providers, errors: [parsed.error] };

  const fileError = (field: string | null, message: string, hint: string) =>
    new ProviderConfigError(PROVIDERS_FILE_INVALID, `${locationPrefix({ file })}: ${message}`, { file, field }, { hint });

  const top = parsed.value;
  if (typeof top !== 'object' || top === null || Array.isArray(top)) {
    const hint = Array.isArray(top) ? `Wrap the list in an object: {"providers": [ … ]}.` : `Write an object with a "providers" list, e.g. ${EXAMPLE}.`;
    return { providers, errors: [fileError(null, `the file must hold an object with a "providers" list; it holds ${describeType(top)}.`, hint)] };
  }
  const fields = top as Record<string, unknown>;
  for (const key of Object.keys(fields)) {
    if (TOP_LEVEL_FIELDS.includes(key)) continue;
    const hint = key.toLowerCase() === 'providers' || key === 'provider' ? 'Did you mean "providers"? ' : '';
    errors.push(fileError(key, `${quote(key)} is not a known top-level field.`, `${hint}The file holds only "providers" (and optionally "$schema").`));
  }
  if (fields.$schema !== undefined && typeof fields.$schema !== 'string') {
    errors.push(fileError('$schema', `"$schema" must be a text; got ${describeType(fields.$schema)}.`, 'Give the URL or path of a JSON schema, or remove "$schema".'));
  }
  const list = fields.providers;
  if (list === undefined) {
    errors.push(fileError('providers', 'there is no "providers" list.', `Add one, e.g. ${EXAMPLE}.`));
    return { providers, errors };
  }
  if (!Array.isArray(list)) {
    errors.push(fileError('providers', `"providers" must be a list; got ${describeType(list)}.`, `Write the providers inside [ … ], e.g. ${EXAMPLE}.`));
    return { providers, errors };
  }

  // Earlier ids, whether or not the rest of that provider was valid: a copy is still a copy.
  const taken = new Map<string, string>();
  list.forEach((item, index) => {
    const check = checkCustomProvider(item, { file, index, takenIds: taken });
    errors.push(...check.errors);
    if (check.definition !== null) providers.push(check.definition);
    const rawId = typeof item === 'object' && item !== null ? (item as Record<string, unknown>).id : undefined;
    const idIsValid = !check.errors.some((e) => e.field === 'id') && typeof rawId === 'string';
    if (idIsValid) {
      const id = rawId.trim();
      if (!taken.has(id) && !BUILT_IN_PROVIDER_IDS.includes(id)) taken.set(id, `provider #${index + 1}`);
    }
  });
  return { providers, errors };
}

/** `OAUTH_DESK_PROVIDERS` when set and not blank (resolved against `cwd`), else providers.json in the data folder. */
export function resolveProvidersFile(
  env: Readonly<Record<string, string | undefined>>,
  dataDir: string,
  cwd: string = process.cwd(),
): { readonly path: string; readonly fromEnv: boolean } {
  const raw = env[PROVIDERS_FILE_ENV];
  if (raw === undefined || raw.trim() === '') return { path: path.resolve(dataDir, PROVIDERS_FILE_NAME), fromEnv: false };
  if (raw.includes('\0')) {
    throw new ProviderConfigError(PROVIDERS_FILE_PATH_INVALID, `${PROVIDERS_FILE_ENV} must be a file path.`, { field: PROVIDERS_FILE_ENV }, {
      hint: `Set ${PROVIDERS_FILE_ENV} to the path of your providers file, e.g. ~/oauth-desk/providers.json, or unset it to use ${PROVIDERS_FILE_NAME} in the data folder.`,
    });
  }
  return { path: path.resolve(cwd, raw), fromEnv: true };
}

export function providersFilePath(env: Readonly<Record<string, string | undefined>>, dataDir: string, cwd: string = process.cwd()): string {
  return resolveProvidersFile(env, dataDir, cwd).path;
}

function unreadable(file: string, why: string, hint: string, cause?: unknown): ProviderConfigError {
  return new ProviderConfigError(PROVIDERS_FILE_UNREADABLE, `The providers file ${file} cannot be read: ${why}.`, { file }, { hint, cause });
}

/**
 * Reads and parses the providers file. A missing file means no custom providers and no error,
 * unless `mustExist` (use it when the path came from OAUTH_DESK_PROVIDERS: a typo there should be
 * reported). Never throws for file problems: they come back in `errors`.
 */
export async function loadProvidersFile(file: string, options: { mustExist?: boolean } = {}): Promise<LoadedProvidersFile> {
  const empty = (exists: boolean, errors: ProviderConfigError[]): LoadedProvidersFile => ({ file, exists, providers: [], errors, warnings: [] });
  let handle;
  try {
    // O_NONBLOCK: a FIFO at that path must not hang the start-up waiting for a writer.
    handle = await open(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      if (!options.mustExist) return empty(false, []);
      return empty(false, [
        new ProviderConfigError(PROVIDERS_FILE_MISSING, `The providers file ${file} does not exist.`, { file, field: PROVIDERS_FILE_ENV }, {
          hint: `Check the path in ${PROVIDERS_FILE_ENV}, create the file (e.g. ${EXAMPLE}), or unset ${PROVIDERS_FILE_ENV}.`,
        }),
      ]);
    }
    if (code === 'EACCES' || code === 'EPERM') return empty(true, [unreadable(file, 'permission denied', 'Let your user read it (e.g. chmod 600 on the file).', error)]);
    if (code === 'EISDIR') return empty(true, [unreadable(file, 'it is a folder', `Point to a file, e.g. ${path.join(file, PROVIDERS_FILE_NAME)}.`, error)]);
    if (code === 'ENOTDIR') return empty(false, [unreadable(file, 'a part of the path is a file, not a folder', 'Check the path.', error)]);
    return empty(true, [unreadable(file, code ?? 'unknown error', 'Check that the file exists and that you can read it.', error)]);
  }
  try {
    const stat = await handle.stat();
    if (stat.isDirectory()) return empty(true, [unreadable(file, 'it is a folder', `Point to a file, e.g. ${path.join(file, PROVIDERS_FILE_NAME)}.`)]);
    if (!stat.isFile()) return empty(true, [unreadable(file, 'it is not a regular file', 'Point to a plain JSON file.')]);
    if (stat.size > MAX_PROVIDERS_FILE_BYTES) {
      return empty(true, [unreadable(file, `it is larger than ${MAX_PROVIDERS_FILE_BYTES / 1024} KiB`, 'Check that this is the right file: a providers file is a few kilobytes.')]);
    }
    let text: string;
    try {
      text = await handle.readFile({ encoding: 'utf8' });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EISDIR') return empty(true, [unreadable(file, 'it is a folder', `Point to a file, e.g. ${path.join(file, PROVIDERS_FILE_NAME)}.`, error)]);
      return empty(true, [unreadable(file, code ?? 'unknown error', 'Check that the file exists and that you can read it.', error)]);
    }
    const result = parseProvidersFile(text, file);
    const warnings: ErrorInfo[] = [];
    const holdsSecret = result.providers.some((p) => p.client.clientSecret !== null) || /"clientSecret"\s*:\s*"[^"]/.test(text);
    if (process.platform !== 'win32' && holdsSecret && (stat.mode & 0o077) !== 0) {
      warnings.push({
        code: 'providers_file_readable_by_others',
        message: `The providers file ${file} holds a client secret, and other users of this computer can read it.`,
        hint: `Make it private: chmod 600 ${JSON.stringify(file)}.`,
      });
    }
    return { file, exists: true, ...result, warnings };
  } finally {
    await handle.close();
  }
}
