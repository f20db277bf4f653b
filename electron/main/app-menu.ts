/**
 * The application menu: the platform's usual roles (so copy and paste work in every input, and
 * macOS gets its app menu), plus "Refresh all". Developer items (reload, developer tools) only
 * when the app is not packaged. No item opens a URL: links go through the allow-listed opener
 * (S12), and the menu has no need for one.
 */
import type { MenuItemConstructorOptions } from 'electron';
import { toErrorInfo } from '../core/errors.ts';
import type { Logger } from '../core/ports.ts';
import type { RefreshAllResult } from '../shared/view-types.ts';

export interface AppMenuActions {
  /** `desk.handlers['connections:refresh-all']()`; the window follows the result through `providers:changed`. */
  refreshAll(): Promise<RefreshAllResult>;
}

export interface AppMenuInput {
  readonly platform: NodeJS.Platform;
  /** `app.name`: the title of the macOS app menu. */
  readonly appName: string;
  /** `app.isPackaged`: a packaged app has no reload and no developer tools in its menu. */
  readonly isPackaged: boolean;
  /** Without actions the menu has the roles only. */
  readonly actions?: AppMenuActions;
  readonly logger?: Logger;
}

/**
 * "Refresh all" needs its own shortcut: Ctrl/Cmd+R is the developer reload. Shift+Ctrl/Cmd+R is
 * free because the menu has no force-reload item.
 */
export const REFRESH_ALL_ACCELERATOR = 'CmdOrCtrl+Shift+R';

const separator: MenuItemConstructorOptions = { type: 'separator' };

export function appMenuTemplate(input: AppMenuInput): MenuItemConstructorOptions[] {
  const mac = input.platform === 'darwin';
  const { actions, logger } = input;
  // Alt+letter opens a menu on Windows and Linux; macOS has no mnemonics.
  const title = (name: string): string => (mac ? name : `&${name}`);

  const refreshAll = (): void => {
    if (actions === undefined) return;
    const failed = (code: string): void => logger?.warn('menu action failed', { action: 'refresh-all', code });
    try {
      actions.refreshAll().then(
        (result) => {
          // Codes only: enough to diagnose, no account data.
          for (const f of result.failed) failed(f.error.code);
        },
        (error: unknown) => failed(toErrorInfo(error).code),
      );
    } catch (error) {
      failed(toErrorInfo(error).code);
    }
  };

  const menu: MenuItemConstructorOptions[] = [];
  if (mac) {
    menu.push({
      label: input.appName,
      submenu: [
        { role: 'about' },
        separator,
        { role: 'services' },
        separator,
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        separator,
        { role: 'quit' },
      ],
    });
  }

  const file: MenuItemConstructorOptions[] = [];
  if (actions !== undefined) file.push({ label: 'Refresh all', accelerator: REFRESH_ALL_ACCELERATOR, click: refreshAll }, separator);
  // Closing the main window keeps the app in the tray; Quit ends it.
  file.push({ role: 'close' });
  if (!mac) file.push(separator, { role: 'quit' });
  menu.push({ label: title('File'), submenu: file });

  menu.push({
    label: title('Edit'),
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      separator,
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      ...(mac ? [{ role: 'pasteAndMatchStyle' } as const] : []),
      { role: 'delete' },
      separator,
      { role: 'selectAll' },
    ],
  });

  menu.push({
    label: title('View'),
    submenu: [
      ...(input.isPackaged ? [] : [{ role: 'reload' } as const, { role: 'toggleDevTools' } as const, separator]),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      separator,
      { role: 'togglefullscreen' },
    ],
  });

  menu.push({
    label: title('Window'),
    // On macOS this role also lists the open windows.
    ...(mac ? { role: 'window' as const } : {}),
    submenu: mac ? [{ role: 'minimize' }, { role: 'zoom' }, separator, { role: 'front' }] : [{ role: 'minimize' }, { role: 'close' }],
  });

  // macOS has About in the app menu; elsewhere it lives in Help.
  if (!mac) menu.push({ label: title('Help'), role: 'help', submenu: [{ role: 'about' }] });
  return menu;
}
