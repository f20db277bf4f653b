/**
 * The tray adapter: renders the pure menu model (core/tray/tray-menu.ts) into Electron menu
 * templates, sets the tooltip, and rebuilds on every provider change and at the next moment the
 * model changes with the clock alone (a token expiring). Clicks run the desk's actions; a failure
 * is logged by its code and never escapes a click handler.
 */
import path from 'node:path';
import { toErrorInfo } from '../core/errors.ts';
import type { Clock, Logger, Timers } from '../core/ports.ts';
import { systemClock, systemTimers } from '../core/ports.ts';
import { buildTrayMenu } from '../core/tray/tray-menu.ts';
import type { TrayAction, TrayMenuFormat, TrayMenuItem, TrayMenuModel } from '../core/tray/tray-menu.ts';
import type { ProviderView, RefreshAllResult } from '../shared/view-types.ts';

/** A plain object shaped like Electron's MenuItemConstructorOptions (what Menu.buildFromTemplate takes). */
export interface TrayMenuTemplateItem {
  readonly type?: 'normal' | 'separator';
  readonly label?: string;
  readonly enabled?: boolean;
  readonly click?: () => void;
}

/** The part of Electron's `Tray` the controller uses; `M` is the built menu type. */
export interface TrayLike<M> {
  setToolTip(toolTip: string): void;
  setContextMenu(menu: M | null): void;
  on(event: 'click', listener: () => void): unknown;
  destroy(): void;
}

/** What the menu items do; the composition root binds them to the desk, the window and the app. */
export interface TrayActions {
  refreshConnection(connectionId: string): Promise<unknown>;
  refreshAll(): Promise<RefreshAllResult>;
  /** Shows the window; with an id, on that connection's card. */
  open(connectionId: string | null): void;
  quit(): void;
}

export interface TrayControllerOptions<M> {
  readonly createTray: () => TrayLike<M>;
  /** `Menu.buildFromTemplate`. */
  readonly buildMenu: (template: TrayMenuTemplateItem[]) => M;
  /** The provider list now (the first render), e.g. `desk.handlers['providers:list']()`. */
  readonly listProviders: () => Promise<readonly ProviderView[]>;
  /** Every later list, e.g. `desk.onProvidersChanged`; returns the unsubscribe function. */
  readonly subscribe: (listener: (providers: readonly ProviderView[]) => void) => () => void;
  readonly actions: TrayActions;
  readonly format: TrayMenuFormat;
  /** Clicking the icon itself opens the window (Windows, Linux); on macOS a click shows the menu. */
  readonly openOnClick?: boolean;
  readonly clock?: Clock;
  readonly timers?: Timers;
  readonly logger?: Logger;
}

export interface TrayController {
  /** Rebuilds the menu from the latest provider list and the clock now (e.g. after the system woke up). */
  render(): void;
  /** The model last rendered (for diagnostics and tests). */
  readonly model: TrayMenuModel;
  /** Unsubscribes, stops the timer and removes the icon. Idempotent. */
  dispose(): void;
}

/**
 * The clock-driven rebuild waits at most this long, so a timer that slept through a suspend, or a
 * time that reads differently tomorrow ("Tue 09:05" becomes "09:05"), is corrected within the hour.
 */
export const MAX_REBUILD_DELAY_MS = 60 * 60_000;

/** Electron turns `&` into a mnemonic marker (and hides it) in menu labels; `&&` shows one `&`. */
export function escapeMenuLabel(label: string): string {
  return label.replaceAll('&', '&&');
}

export function menuTemplate(items: readonly TrayMenuItem[], run: (action: TrayAction) => void): TrayMenuTemplateItem[] {
  return items.map((item): TrayMenuTemplateItem => {
    switch (item.kind) {
      case 'separator':
        return { type: 'separator' };
      case 'info':
        return { type: 'normal', label: escapeMenuLabel(item.label), enabled: false };
      case 'action': {
        const action = item.action;
        return { type: 'normal', label: escapeMenuLabel(item.label), enabled: item.enabled, click: () => run(action) };
      }
    }
  });
}

/**
 * Where the tray icon is: shipped next to app.asar by electron-builder (`extraResources`, see
 * electron-builder.yml) when packaged, in the repository's resources/tray in development. A
 * `tray-icon@2x.png` beside it is picked up by Electron on high-DPI screens.
 */
export function trayIconPath(options: { readonly isPackaged: boolean; readonly resourcesPath: string; readonly appPath: string }): string {
  return options.isPackaged
    ? path.join(options.resourcesPath, 'tray', 'tray-icon.png')
    : path.join(options.appPath, 'resources', 'tray', 'tray-icon.png');
}

export function createTrayController<M>(options: TrayControllerOptions<M>): TrayController {
  const clock = options.clock ?? systemClock;
  const timers = options.timers ?? systemTimers;
  const logger = options.logger;

  let providers: readonly ProviderView[] = [];
  /** A pushed list is newer than the initial one, whichever arrives first. */
  let pushed = false;
  let disposed = false;
  let timer: unknown = null;
  let rendered = '';
  let model: TrayMenuModel = buildTrayMenu([], clock.now(), options.format);

  const failed = (action: TrayAction['type'], error: unknown): void => {
    // Codes only: they are enough to diagnose and carry no account data.
    logger?.warn('tray action failed', { action, code: toErrorInfo(error).code });
  };

  const run = (action: TrayAction): void => {
    try {
      switch (action.type) {
        case 'refresh':
          options.actions.refreshConnection(action.connectionId).catch((error: unknown) => failed('refresh', error));
          break;
        case 'refresh-all':
          options.actions.refreshAll().then(
            (result) => {
              for (const f of result.failed) logger?.warn('tray action failed', { action: 'refresh-all', code: f.error.code });
            },
            (error: unknown) => failed('refresh-all', error),
          );
          break;
        case 'open':
          options.actions.open(action.connectionId);
          break;
        case 'quit':
          options.actions.quit();
          break;
      }
    } catch (error) {
      failed(action.type, error);
    }
  };

  const tray = options.createTray();

  const schedule = (): void => {
    if (timer !== null) timers.clearTimeout(timer);
    timer = null;
    if (model.nextChangeAt === null) return;
    const delay = Math.min(Math.max(model.nextChangeAt - clock.now(), 1), MAX_REBUILD_DELAY_MS);
    timer = timers.setTimeout(() => {
      timer = null;
      render();
    }, delay);
  };

  const render = (): void => {
    if (disposed) return;
    model = buildTrayMenu(providers, clock.now(), options.format);
    const key = JSON.stringify([model.tooltip, model.items]);
    // Unchanged menus are not rebuilt: some Linux panels flicker or close an open menu on every rebuild.
    if (key !== rendered) {
      try {
        tray.setToolTip(model.tooltip);
        tray.setContextMenu(options.buildMenu(menuTemplate(model.items, run)));
        rendered = key;
      } catch (error) {
        logger?.error('could not update the tray menu', { code: toErrorInfo(error).code });
      }
    }
    schedule();
  };

  if (options.openOnClick === true) tray.on('click', () => run({ type: 'open', connectionId: null }));
  const unsubscribe = options.subscribe((views) => {
    pushed = true;
    providers = views;
    render();
  });
  render();
  options.listProviders().then(
    (views) => {
      if (pushed || disposed) return;
      providers = views;
      render();
    },
    (error: unknown) => logger?.warn('the tray could not list the connections', { code: toErrorInfo(error).code }),
  );

  return {
    render,
    get model() {
      return model;
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      unsubscribe();
      if (timer !== null) timers.clearTimeout(timer);
      timer = null;
      try {
        tray.destroy();
      } catch {
        // Already destroyed by Electron at exit.
      }
    },
  };
}
