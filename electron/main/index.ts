/**
 * The Electron composition root, and the only main-process file that loads `electron` (and
 * electron-store). Everything with logic lives in the other files of this folder and is tested there.
 */
import path from 'node:path';
import { BrowserWindow, Menu, Notification, Tray, app, dialog, ipcMain, nativeImage, powerMonitor, protocol, safeStorage, screen, shell } from 'electron';
import Store from 'electron-store';
import { openDesk } from '../core/app/open-desk.ts';
import type { Desk } from '../core/app/desk-types.ts';
import { createStderrLogger } from '../core/logging/stderr-logger.ts';
import { openWithRecovery, storeFilePath } from '../core/storage/file-store.ts';
import { ensurePrivateDataDir } from '../core/storage/private-data-dir.ts';
import { acquireDataDirLock } from '../core/storage/data-dir-lock.ts';
import { OAuthDeskError } from '../core/errors.ts';
import { createClockTimeFormatter } from '../core/tray/tray-menu.ts';
import { appMenuTemplate } from './app-menu.ts';
import { APP_INDEX_URL, registerAppProtocol, registerAppScheme } from './app-protocol.ts';
import { createAuthorizationWindow } from './auth-window.ts';
import { ConfigError, devRendererUrl, parseSandboxTokenTtl, resolveDataDir } from './data-dir.ts';
import { createElectronStoreAdapter, electronStoreOptions } from './electron-store-adapter.ts';
import { createExternalOpener } from './external-opener.ts';
import { createSenderCheck, forwardInspectorChanges, forwardProviderChanges, registerIpcHandlers, trustedRendererOrigins } from './ipc-handlers.ts';
import { baselineHarden, installQuitHandlers } from './lifecycle.ts';
import { createMainWindow } from './main-window.ts';
import { createDesktopNotifier } from './notifier.ts';
import { createSafeStorageCipher } from './safe-storage-cipher.ts';
import { createSchemeLinkIntake, protocolClientRegistration } from './scheme-links.ts';
import { createSchemeRedirectRouter } from '../core/scheme/scheme-redirect-router.ts';
import type { TrayController } from './tray.ts';
import { createTrayController, trayIconPath } from './tray.ts';
import type { WindowPresenter } from './window-presenter.ts';
import { createWindowPresenter } from './window-presenter.ts';
import type { SecureWindowOptions } from './window-options.ts';
import { MAIN_WINDOW_SIZE } from './window-options.ts';
import type { WindowStateKeeper } from './window-state.ts';
import { createWindowStateKeeper } from './window-state.ts';

const logger = createStderrLogger();
const preloadPath = path.join(import.meta.dirname, '../preload/index.cjs');
const rendererDir = path.join(import.meta.dirname, '../renderer');

/** The only place a window is constructed: always with options from the factory (S23). */
const createWindow = (options: SecureWindowOptions): BrowserWindow => new BrowserWindow(options);

function main(): void {
  // Both before `ready`.
  registerAppScheme(protocol);
  app.enableSandbox();

  // One OAuth Desk per user session, whatever its data folder: the instance the operating system
  // starts for an app link (without OAUTH_DESK_DATA_DIR) must reach the running one (S6).
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }

  const defaultUserData = app.getPath('userData');
  let dataDir: string;
  let sandboxTokenTtlSeconds: number | undefined;
  try {
    dataDir = resolveDataDir(process.env, defaultUserData);
    sandboxTokenTtlSeconds = parseSandboxTokenTtl(process.env);
  } catch (error) {
    process.stderr.write(`oauth-desk: ${error instanceof ConfigError ? error.message : 'invalid configuration'}\n`);
    app.exit(2);
    return;
  }
  // Chromium's own data follows the data folder too.
  app.setPath('userData', dataDir);

  let desk: Desk | null = null;
  let presenter: WindowPresenter<BrowserWindow> | null = null;
  let tray: TrayController | null = null;
  let windowState: WindowStateKeeper | null = null;
  const quitState = installQuitHandlers(app, {
    close: () => (desk === null ? Promise.resolve() : desk.close()),
    logger,
    // The tray keeps the app reachable after its window is closed (on every platform).
    keepRunningWithoutWindows: () => tray !== null,
    // The window's size and position are saved while it still exists.
    onQuitStart: () => windowState?.save(),
  });
  // Sign-in responses through the app's scheme (RFC 8252 7.1): macOS sends `open-url`, Windows and
  // Linux start a second instance with the link as an argument (or this one, on a cold start).
  const schemeRouter = createSchemeRedirectRouter();
  const schemeLinks = createSchemeLinkIntake({
    focus: () => presenter?.show(),
    report: async (error) => {
      await dialog.showMessageBox({ type: 'warning', title: 'OAuth Desk', message: error.message, detail: error.hint, buttons: ['OK'] });
    },
    logger,
  });
  app.on('open-url', (event, url) => {
    event.preventDefault();
    schemeLinks.receive(url);
  });
  app.on('second-instance', (_event, argv) => schemeLinks.launched(argv));
  schemeLinks.launched(process.argv, { focus: false });
  // macOS: a click on the Dock icon.
  app.on('activate', () => presenter?.show());
  app.on('web-contents-created', (_event, contents) => baselineHarden(contents));
  // Windows shows toasts only for an app with an AppUserModelID (appId when packaged).
  if (process.platform === 'win32') app.setAppUserModelId(app.isPackaged ? 'com.oauthdesk.app' : process.execPath);

  app
    .whenReady()
    .then(async () => {
      // Owner-only (S22); an existing folder with looser permissions is tightened.
      const privacy = ensurePrivateDataDir(dataDir, { appProfile: dataDir === defaultUserData });
      if (privacy === 'tightened') logger.warn('the data folder was readable by others; it is now private to this user', { path: dataDir });
      if (privacy === 'left-shared') logger.warn('the data folder is readable by others and holds other files, so its permissions were left alone; OAuth Desk\'s own files in it are private. Give OAuth Desk a folder of its own (OAUTH_DESK_DATA_DIR).', { path: dataDir });
      // One OAuth Desk per data folder, `npm run web` included: two would overwrite each other's rotated refresh tokens.
      try {
        const lock = acquireDataDirLock(dataDir);
        app.on('will-quit', () => lock.release());
      } catch (error) {
        if (error instanceof OAuthDeskError) {
          dialog.showErrorBox('OAuth Desk cannot start', `${error.message}\n\n${error.hint}`);
          app.exit(2);
          return;
        }
        throw error;
      }
      const opened = openWithRecovery(storeFilePath(dataDir), () =>
        createElectronStoreAdapter(new Store<Record<string, unknown>>(electronStoreOptions(dataDir))),
      );
      // The window says so too (settings:list-problems), and the app starts signed out (S21).
      if (opened.movedAsideTo !== null) logger.warn('the store file was unreadable and was moved aside', { path: opened.movedAsideTo });

      const opener = createExternalOpener({
        openExternal: (url) => shell.openExternal(url),
        // Late-bound: the desk needs the opener, the exact URLs allowed come from the desk (S12).
        allowedLinks: () => (desk === null ? [] : desk.openableLinks()),
        logger,
      });
      const openLink = (url: string): Promise<void> => opener.open(url);

      const notifier = createDesktopNotifier({
        isSupported: () => Notification.isSupported(),
        createNotification: (options) => new Notification({ title: options.title, body: options.body }),
        // Late-bound: the window is created after the desk.
        onOpenConnection: (connectionId) => presenter?.show(connectionId),
        logger,
      });

      desk = await openDesk({
        store: opened.store,
        storeStatus: opened.status,
        cipher: createSafeStorageCipher(safeStorage),
        env: process.env,
        dataDir,
        ...(sandboxTokenTtlSeconds === undefined ? {} : { sandboxTokenTtlSeconds }),
        opener,
        authWindow: createAuthorizationWindow({ createWindow, openLink, logger }),
        // The app link sign-in mode is offered only when the system will hand the links to this app.
        schemeRouter: registerSchemeHandler() ? schemeRouter : null,
        logger,
        notifier,
      });
      const readyDesk = desk;

      registerAppProtocol(protocol, { rendererDir, logger });
      const devUrl = devRendererUrl(process.env, app.isPackaged);
      const origins = trustedRendererOrigins(devUrl);
      const isTrustedSender = createSenderCheck(origins);
      registerIpcHandlers(ipcMain, desk, isTrustedSender, logger);
      schemeLinks.start((link) => schemeRouter.deliver(link));

      Menu.setApplicationMenu(
        Menu.buildFromTemplate(
          appMenuTemplate({
            platform: process.platform,
            appName: app.name,
            isPackaged: app.isPackaged,
            actions: { refreshAll: () => readyDesk.handlers['connections:refresh-all']() },
            logger,
          }),
        ),
      );
      // The window reopens where it was, on the displays there are now (its own key in the store).
      const keeper = createWindowStateKeeper({
        store: opened.store,
        screen: () => ({ displays: screen.getAllDisplays(), primary: screen.getPrimaryDisplay() }),
        limits: MAIN_WINDOW_SIZE,
        logger,
      });
      windowState = keeper;
      const windows = createWindowPresenter({
        createWindow: () =>
          keeper.manage(createMainWindow({ createWindow, preloadPath, url: devUrl ?? APP_INDEX_URL, trustedOrigins: origins, openLink, logger })),
        // Closing hides the window while the tray keeps the app, until the app quits.
        hideOnClose: () => tray !== null && !quitState.isQuitting(),
        isTrustedUrl: isTrustedSender,
        logger,
      });
      presenter = windows;
      forwardProviderChanges(desk, () => windows.current()?.webContents ?? null, isTrustedSender, logger);
      forwardInspectorChanges(desk, () => windows.current()?.webContents ?? null, isTrustedSender, logger);

      tray = createTrayOrNull(readyDesk, windows);
      windows.ensure();

      // Timers may have slept: the desk re-plans its refreshes, the tray its clock-driven rebuild.
      const woke = (): void => {
        readyDesk.systemEvent('resume');
        tray?.render();
      };
      powerMonitor.on('resume', woke);
      powerMonitor.on('unlock-screen', woke);
      // Linux and macOS: quit cleanly (desk.close()) when the system shuts down.
      powerMonitor.on('shutdown', () => app.quit());
      app.on('will-quit', () => {
        tray?.dispose();
        tray = null;
      });
    })
    .catch((error: unknown) => {
      // Only the message: core errors never carry secrets in their messages (S29).
      process.stderr.write(`oauth-desk: failed to start: ${error instanceof Error ? error.message : 'unknown error'}\n`);
      app.exit(1);
    });
}

/** Registers OAuth Desk as the handler of its app links; false where it is not (a development run, a refusing system). */
function registerSchemeHandler(): boolean {
  const registration = protocolClientRegistration({ isPackaged: app.isPackaged });
  if (registration === null) {
    logger.info('app links are handled only by the installed app; the app link sign-in mode is off in this run');
    return false;
  }
  if (app.setAsDefaultProtocolClient(registration.scheme)) return true;
  logger.warn('the system did not register the app link scheme; the app link sign-in mode is off', { scheme: registration.scheme });
  return false;
}

/** The tray icon and menu; null (the app then quits with its window, as before) when the platform refuses it. */
function createTrayOrNull(desk: Desk, windows: WindowPresenter<BrowserWindow>): TrayController | null {
  try {
    const iconPath = trayIconPath({ isPackaged: app.isPackaged, resourcesPath: process.resourcesPath, appPath: app.getAppPath() });
    const icon = nativeImage.createFromPath(iconPath);
    if (icon.isEmpty()) logger.warn('the tray icon is missing', { path: iconPath });
    return createTrayController({
      createTray: () => new Tray(icon),
      buildMenu: (template) => Menu.buildFromTemplate(template),
      listProviders: () => desk.handlers['providers:list'](),
      subscribe: (listener) => desk.onProvidersChanged(listener),
      actions: {
        refreshConnection: (connectionId) => desk.handlers['connections:refresh']({ connectionId }),
        refreshAll: () => desk.handlers['connections:refresh-all'](),
        open: (connectionId) => windows.show(connectionId),
        quit: () => app.quit(),
      },
      format: createClockTimeFormatter(),
      // On macOS a click on the icon shows the menu; elsewhere it opens the window.
      openOnClick: process.platform !== 'darwin',
      logger,
    });
  } catch {
    logger.warn('the tray icon could not be created; closing the window quits the app');
    return null;
  }
}

main();
