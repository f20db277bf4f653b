/**
 * Where the app keeps its data, and the other settings read from the environment. Pure functions:
 * the composition root passes `process.env` and Electron's defaults.
 */
import path from 'node:path';

/** A configuration problem the person can fix; the app prints it and exits with code 2 (like the web host). */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/**
 * `OAUTH_DESK_DATA_DIR` (when set and not blank) overrides Electron's `userData` folder; a relative
 * value is resolved against `cwd`.
 */
export function resolveDataDir(
  env: Readonly<Record<string, string | undefined>>,
  defaultUserData: string,
  cwd: string = process.cwd(),
): string {
  const raw = env.OAUTH_DESK_DATA_DIR;
  if (raw === undefined || raw.trim() === '') return path.resolve(defaultUserData);
  if (raw.includes('\0')) throw new ConfigError('OAUTH_DESK_DATA_DIR must be a folder path.');
  return path.resolve(cwd, raw);
}

export const MAX_SANDBOX_TOKEN_TTL_SECONDS = 365 * 24 * 3600;

/** `OAUTH_DESK_SANDBOX_TOKEN_TTL`: a whole number of seconds from 1 to one year; unset or empty → undefined. */
export function parseSandboxTokenTtl(env: Readonly<Record<string, string | undefined>>): number | undefined {
  const raw = env.OAUTH_DESK_SANDBOX_TOKEN_TTL;
  if (raw === undefined || raw === '') return undefined;
  const trimmed = raw.trim();
  const value = Number(trimmed);
  if (!/^[0-9]+$/.test(trimmed) || !Number.isSafeInteger(value) || value < 1 || value > MAX_SANDBOX_TOKEN_TTL_SECONDS) {
    throw new ConfigError(
      `OAUTH_DESK_SANDBOX_TOKEN_TTL (seconds) must be a whole number from 1 to ${MAX_SANDBOX_TOKEN_TTL_SECONDS}; got ${JSON.stringify(raw)}.`,
    );
  }
  return value;
}

/**
 * The Vite dev server URL (`ELECTRON_RENDERER_URL`, set by `electron-vite dev`), honoured only in
 * an unpackaged app and only for http(s) on a loopback host.
 */
export function devRendererUrl(env: Readonly<Record<string, string | undefined>>, isPackaged: boolean): string | null {
  if (isPackaged) return null;
  const raw = env.ELECTRON_RENDERER_URL;
  if (raw === undefined || raw === '') return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.hostname !== 'localhost' && url.hostname !== '127.0.0.1' && url.hostname !== '[::1]') return null;
  if (url.username !== '' || url.password !== '') return null;
  return url.href;
}
