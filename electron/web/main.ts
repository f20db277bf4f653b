/**
 * `npm run web`: the same services as the desktop app under plain Node, the renderer in any browser.
 * Prints exactly one line on stdout, `OAUTH_DESK_URL=<url>`, once ready; everything else goes to stderr.
 * Never imports `electron`.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Desk } from '../core/app/desk-types.ts';
import { createStderrLogger } from '../core/logging/stderr-logger.ts';
import type { WebConfig } from './web-config.ts';
import { ConfigError, readWebConfig } from './web-config.ts';
import type { WebServer } from './web-server.ts';
import { startWebServer } from './web-server.ts';

const EXIT_CONFIG = 2;
const SHUTDOWN_GRACE_MS = 5_000;

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const rendererDir = path.join(repoRoot, 'out', 'renderer');

function fail(message: string, code: number): never {
  process.stderr.write(`oauth-desk web: ${message}\n`);
  process.exit(code);
}

/** stdout carries exactly one line; libraries that print notices with console.log/info go to stderr. */
function keepStdoutForTheUrlLine(): void {
  const toStderr = (...args: unknown[]) => console.error(...args);
  console.log = toStderr;
  console.info = toStderr;
  console.debug = toStderr;
}

async function main(): Promise<void> {
  keepStdoutForTheUrlLine();
  let config: WebConfig;
  try {
    config = readWebConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message, EXIT_CONFIG);
    throw error;
  }
  if (!existsSync(path.join(rendererDir, 'index.html'))) {
    fail(`the renderer is not built (${path.join(rendererDir, 'index.html')} is missing). Run \`npm run build\` first.`, EXIT_CONFIG);
  }

  const logger = createStderrLogger();
  await mkdir(config.dataDir, { recursive: true, mode: 0o700 });
  logger.info('web host starting', { dataDir: config.dataDir });

  // Loaded only after the configuration checked out, so configuration mistakes are reported at once.
  const [{ openDesk }, { openFileStore }, { createFileKeyCipher }, { acquireDataDirLock }, { OAuthDeskError }, { ensurePrivateDataDir }] = await Promise.all([
    import('../core/app/open-desk.ts'),
    import('../core/storage/file-store.ts'),
    import('../core/storage/file-key-cipher.ts'),
    import('../core/storage/data-dir-lock.ts'),
    import('../core/errors.ts'),
    import('../core/storage/private-data-dir.ts'),
  ]);
  // Owner-only (S22); an existing folder with looser permissions is tightened.
  const privacy = ensurePrivateDataDir(config.dataDir);
  if (privacy === 'tightened') logger.warn('the data folder was readable by others; it is now private to this user', { path: config.dataDir });
  if (privacy === 'left-shared') logger.warn('the data folder is readable by others and holds other files, so its permissions were left alone; OAuth Desk\'s own files in it are private. Give OAuth Desk a folder of its own (OAUTH_DESK_DATA_DIR).', { path: config.dataDir });
  // One OAuth Desk per data folder: two would overwrite each other's rotated refresh tokens.
  try {
    const lock = acquireDataDirLock(config.dataDir);
    process.on('exit', () => lock.release());
  } catch (error) {
    if (error instanceof OAuthDeskError) fail(`${error.message} ${error.hint}`, EXIT_CONFIG);
    throw error;
  }
  const opened = openFileStore(config.dataDir);
  // The window says so too (settings:list-problems).
  if (opened.movedAsideTo !== null) logger.warn('the store file was unreadable and was moved aside; starting signed out', { path: opened.movedAsideTo });
  const desk: Desk = await openDesk({
    store: opened.store,
    storeStatus: opened.status,
    cipher: createFileKeyCipher(config.dataDir),
    env: process.env,
    dataDir: config.dataDir,
    ...(config.sandboxTokenTtlSeconds === undefined ? {} : { sandboxTokenTtlSeconds: config.sandboxTokenTtlSeconds }),
    opener: null,
    authWindow: null,
    logger,
  });

  let server: WebServer;
  try {
    server = await startWebServer({ desk, rendererDir, port: config.port, logger });
  } catch (error) {
    await desk.close().catch(() => undefined);
    throw error;
  }

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info('web host stopping', { signal });
    const force = setTimeout(() => {
      process.stderr.write('oauth-desk web: shutdown took too long, exiting anyway\n');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS);
    force.unref();
    server
      .close()
      .then(() => desk.close())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          process.stderr.write(`oauth-desk web: error while stopping: ${error instanceof Error ? error.name : 'unknown'}\n`);
          process.exit(1);
        },
      );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));

  process.stdout.write(`OAUTH_DESK_URL=${server.url}\n`);
}

main().catch((error: unknown) => {
  // Only the message: errors from the core never carry secrets in their messages, and stacks add nothing here.
  fail(error instanceof Error ? error.message : 'failed to start', 1);
});
