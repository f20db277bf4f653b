/**
 * The main window: created through the options factory (with the preload), hardened, shown once
 * its first paint is ready, loading the app from `app://oauth-desk/index.html` (or the dev server).
 */
import type { Logger } from '../core/ports.ts';
import type { HardenableWebContents } from './navigation-guard.ts';
import { hardenWebContents, isUrlOfOrigins } from './navigation-guard.ts';
import type { SecureWindowOptions } from './window-options.ts';
import { windowOptions } from './window-options.ts';

export interface MainBrowserWindowLike {
  readonly webContents: HardenableWebContents;
  loadURL(url: string): Promise<void>;
  once(event: 'ready-to-show', listener: () => void): unknown;
  show(): void;
}

export interface MainWindowOptions<W extends MainBrowserWindowLike> {
  readonly createWindow: (options: SecureWindowOptions) => W;
  /** Absolute path of out/preload/index.cjs. */
  readonly preloadPath: string;
  /** `app://oauth-desk/index.html`, or the dev server URL in development. */
  readonly url: string;
  /** Origins the window may show (navigation to anything else is blocked). */
  readonly trustedOrigins: readonly string[];
  /** Where `target=_blank` links go (the allow-listed opener). */
  readonly openLink?: (url: string) => Promise<void>;
  readonly logger?: Logger;
}

export function createMainWindow<W extends MainBrowserWindowLike>(options: MainWindowOptions<W>): W {
  if (!isUrlOfOrigins(options.url, options.trustedOrigins)) throw new Error('The main window must load a trusted URL');
  const win = options.createWindow(windowOptions({ kind: 'main', preloadPath: options.preloadPath }));
  const origins = [...options.trustedOrigins];
  hardenWebContents(win.webContents, {
    isNavigationAllowed: (url) => isUrlOfOrigins(url, origins),
    ...(options.openLink ? { openLink: options.openLink } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  });
  win.once('ready-to-show', () => win.show());
  win.loadURL(options.url).catch(() => {
    options.logger?.error('the app window failed to load');
  });
  return win;
}
