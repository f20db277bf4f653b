/**
 * Configuration of the web host (`npm run web`) from the environment: pure functions, so they can
 * be tested without starting anything.
 */
import os from 'node:os';
import path from 'node:path';

export const PRODUCT_NAME = 'OAuth Desk';

export interface WebConfig {
  readonly dataDir: string;
  /** Undefined leaves the Desk's default. */
  readonly sandboxTokenTtlSeconds: number | undefined;
  /** 0 lets the OS choose. */
  readonly port: number;
}

/** A configuration problem the person can fix; `main.ts` prints the message and exits with code 2. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/**
 * Where Electron's `app.getPath('userData')` points for productName "OAuth Desk", so that the web
 * host and the desktop app read the same folder by default.
 */
export function defaultDataDir(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
  home: string = os.homedir(),
): string {
  if (platform === 'win32') {
    const appData = env.APPDATA && env.APPDATA.length > 0 ? env.APPDATA : path.win32.join(home, 'AppData', 'Roaming');
    return path.win32.join(appData, PRODUCT_NAME);
  }
  if (platform === 'darwin') return path.posix.join(home, 'Library', 'Application Support', PRODUCT_NAME);
  const configHome = env.XDG_CONFIG_HOME && path.posix.isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : path.posix.join(home, '.config');
  return path.posix.join(configHome, PRODUCT_NAME);
}

function positiveInteger(name: string, raw: string, max: number): number {
  const trimmed = raw.trim();
  const value = Number(trimmed);
  if (!/^[0-9]+$/.test(trimmed) || !Number.isSafeInteger(value) || value < 1 || value > max) {
    throw new ConfigError(`${name} must be a whole number from 1 to ${max}; got ${JSON.stringify(raw)}.`);
  }
  return value;
}

export function readWebConfig(env: NodeJS.ProcessEnv = process.env): WebConfig {
  const rawDir = env.OAUTH_DESK_DATA_DIR;
  const dataDir = rawDir !== undefined && rawDir.trim() !== '' ? path.resolve(rawDir) : defaultDataDir(process.platform, env);

  const rawTtl = env.OAUTH_DESK_SANDBOX_TOKEN_TTL;
  const sandboxTokenTtlSeconds =
    rawTtl === undefined || rawTtl === '' ? undefined : positiveInteger('OAUTH_DESK_SANDBOX_TOKEN_TTL (seconds)', rawTtl, 365 * 24 * 3600);

  const rawPort = env.OAUTH_DESK_WEB_PORT;
  const port = rawPort === undefined || rawPort === '' ? 0 : positiveInteger('OAUTH_DESK_WEB_PORT', rawPort, 65535);

  return { dataDir, sandboxTokenTtlSeconds, port };
}
