/**
 * The one options factory for every window (S23). No other file writes `webPreferences`; the
 * composition root's only `new BrowserWindow(...)` takes a `SecureWindowOptions`, which only this
 * file produces (checked by tests/layering).
 */
import { randomUUID } from 'node:crypto';
import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';

declare const secureWindowOptionsBrand: unique symbol;

/** Options built by `windowOptions`; a type-level brand, nothing extra at runtime. */
export type SecureWindowOptions = BrowserWindowConstructorOptions & { readonly [secureWindowOptionsBrand]: true };

export type WindowSpec =
  | { readonly kind: 'main'; readonly preloadPath: string }
  /** The in-app authorization window (S7): no preload, its own non-persistent partition. */
  | { readonly kind: 'auth'; readonly partition: string; readonly title?: string };

export const AUTH_PARTITION_PREFIX = 'oauth-desk-auth-';

/** The main window's first size and its minimum; the remembered size never goes below the minimum. */
export const MAIN_WINDOW_SIZE = { width: 1100, height: 760, minWidth: 640, minHeight: 480 } as const;

/** A fresh in-memory partition name (no `persist:` prefix), unique per authorization window (S7). */
export function freshAuthPartition(random: () => string = randomUUID): string {
  return AUTH_PARTITION_PREFIX + random();
}

/** The hardened preferences every window shares (S23, S24). */
function baseWebPreferences(): WebPreferences {
  return {
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    spellcheck: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
  };
}

export function windowOptions(spec: WindowSpec): SecureWindowOptions {
  if (spec.kind === 'main') {
    if (typeof spec.preloadPath !== 'string' || spec.preloadPath === '') throw new Error('The main window needs a preload path');
    const options: BrowserWindowConstructorOptions = {
      width: MAIN_WINDOW_SIZE.width,
      height: MAIN_WINDOW_SIZE.height,
      minWidth: MAIN_WINDOW_SIZE.minWidth,
      minHeight: MAIN_WINDOW_SIZE.minHeight,
      title: 'OAuth Desk',
      show: false,
      autoHideMenuBar: true,
      backgroundColor: '#ffffff',
      webPreferences: { ...baseWebPreferences(), preload: spec.preloadPath },
    };
    return options as SecureWindowOptions;
  }
  if (!spec.partition.startsWith(AUTH_PARTITION_PREFIX) || spec.partition.length <= AUTH_PARTITION_PREFIX.length) {
    throw new Error('The authorization window needs a fresh non-persistent partition');
  }
  const options: BrowserWindowConstructorOptions = {
    width: 520,
    height: 720,
    title: spec.title ?? 'Sign in',
    show: true,
    autoHideMenuBar: true,
    webPreferences: { ...baseWebPreferences(), partition: spec.partition },
  };
  return options as SecureWindowOptions;
}
