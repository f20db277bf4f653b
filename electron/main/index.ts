/**
 * The Electron composition root, and the only main-process file that loads `electron` (and
 * electron-store). Everything with logic lives in the other files of this folder and is tested there.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { BrowserWindow, app, ipcMain, protocol, safeStorage, shell } from 'electron';
import Store from 'electron-store';
import { createDesk } from '../core/app/desk.ts';
import type { Desk } from '../core/app/desk-types.ts';
import { createStderrLogger } from '../core/logging/stderr-logger.ts';
import { openWithRecovery, storeFilePath } from '../core/storage/file-store.ts';
import { APP_INDEX_URL, registerAppProtocol, registerAppScheme } from './app-protocol.ts';
import { createAuthorizationWindow } from './auth-window.ts';
import { ConfigError, devRendererUrl, parseSandboxTokenTtl, resolveDataDir } from './data-dir.ts';
import { createElectronStoreAdapter, electronStoreOptions } from './electron-store-adapter.ts';
import { createExternalOpener } from './external-opener.ts';
import { createSenderCheck, forwardProviderChanges, registerIpcHandlers, trustedRendererOrigins } from './ipc-handlers.ts';
import { baselineHarden, focusWindow, installQuitHandlers } from './lifecycle.ts';
import { createMainWindow } from './main-window.ts';
import { createSafeStorageCipher } from './safe-storage-cipher.ts';
import type { SecureWindowOptions } from './window-options.ts';

const logger = createStderrLogger();
const preloadPath = path.join(import.meta.dirname, '../preload/index.cjs');
const rendererDir = path.join(import.meta.dirname, '../renderer');

/** The only place a window is constructed: always with options from the factory (S23). */
const createWindow = (options: SecureWindowOptions): BrowserWindow => new BrowserWindow(options);

function main(): void {
  // Both before `ready`.
  registerAppScheme(protocol);
  app.enableSandbox();

  let dataDir: string;
  let sandboxTokenTtlSeconds: number | undefined;
  try {
    dataDir = resolveDataDir(process.env, app.getPath('userData'));
    sandboxTokenTtlSeconds = parseSandboxTokenTtl(process.env);
  } catch (error) {
    process.stderr.write(`oauth-desk: ${error instanceof ConfigError ? error.message : 'invalid configuration'}\n`);
    app.exit(2);
    return;
  }
  // Chromium's own data and the single-instance lock follow the data folder too.
  app.setPath('userData', dataDir);

  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }

  let desk: Desk | null = null;
  let mainWindow: BrowserWindow | null = null;
  installQuitHandlers(app, () => (desk === null ? Promise.resolve() : desk.close()), logger);
  app.on('second-instance', () => focusWindow(mainWindow));
  app.on('web-contents-created', (_event, contents) => baselineHarden(contents));

  app
    .whenReady()
    .then(async () => {
      mkdirSync(dataDir, { recursive: true, mode: 0o700 });
      const opened = openWithRecovery(storeFilePath(dataDir), () =>
        createElectronStoreAdapter(new Store<Record<string, unknown>>(electronStoreOptions(dataDir))),
      );
      if (opened.movedAsideTo !== null) logger.warn('the store file was unreadable and was moved aside', { path: opened.movedAsideTo });

      const opener = createExternalOpener({
        openExternal: (url) => shell.openExternal(url),
        // Late-bound: the desk needs the opener, the allow-list comes from the desk (S12).
        allowedOrigins: () => (desk === null ? [] : desk.authorizationOrigins()),
        logger,
      });
      const openLink = (url: string): Promise<void> => opener.open(url);

      desk = await createDesk({
        store: opened.store,
        cipher: createSafeStorageCipher(safeStorage),
        opener,
        authWindow: createAuthorizationWindow({ createWindow, openLink, logger }),
        logger,
        ...(sandboxTokenTtlSeconds === undefined ? {} : { sandboxTokenTtlSeconds }),
      });

      registerAppProtocol(protocol, { rendererDir, logger });
      const devUrl = devRendererUrl(process.env, app.isPackaged);
      const origins = trustedRendererOrigins(devUrl);
      const isTrustedSender = createSenderCheck(origins);
      registerIpcHandlers(ipcMain, desk, isTrustedSender, logger);

      const win = createMainWindow({ createWindow, preloadPath, url: devUrl ?? APP_INDEX_URL, trustedOrigins: origins, openLink, logger });
      mainWindow = win;
      win.on('closed', () => {
        if (mainWindow === win) mainWindow = null;
      });
      forwardProviderChanges(desk, () => (mainWindow === null ? null : mainWindow.webContents), isTrustedSender, logger);
    })
    .catch((error: unknown) => {
      // Only the message: core errors never carry secrets in their messages (S29).
      process.stderr.write(`oauth-desk: failed to start: ${error instanceof Error ? error.message : 'unknown error'}\n`);
      app.exit(1);
    });
}

main();
