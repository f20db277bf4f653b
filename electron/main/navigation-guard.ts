/**
 * Hardening of every WebContents (S24): all permission requests and checks denied, navigation
 * limited to what the window is for, `window.open` always denied (allowed links go through the
 * allow-listed opener instead), no <webview>.
 */
import type { Logger } from '../core/ports.ts';
import { parseSecureOrLoopbackUrl } from './external-opener.ts';

/** The part of an Electron navigation event the guard uses. */
export interface NavigationEventLike {
  readonly url: string;
  preventDefault(): void;
}

export interface WindowOpenDetailsLike {
  readonly url: string;
}

export interface SessionPermissionsLike {
  setPermissionRequestHandler(
    handler: (webContents: unknown, permission: string, callback: (granted: boolean) => void) => void,
  ): void;
  setPermissionCheckHandler(handler: (webContents: unknown, permission: string) => boolean): void;
}

/** The part of `WebContents` the guard needs; a real WebContents satisfies it. */
export interface HardenableWebContents {
  readonly session: SessionPermissionsLike;
  on(event: 'will-navigate', listener: (event: NavigationEventLike) => void): unknown;
  on(event: 'will-redirect', listener: (event: NavigationEventLike) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): unknown;
  setWindowOpenHandler(handler: (details: WindowOpenDetailsLike) => { action: 'deny' }): void;
}

/**
 * `scheme://host[:port]` of a URL that has a host, lowercased; null otherwise. Unlike `URL.origin`
 * this works for custom standard schemes such as `app://oauth-desk` (whose WHATWG origin is "null").
 */
export function originOf(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.host === '' || url.username !== '' || url.password !== '') return null;
  return `${url.protocol}//${url.host}`.toLowerCase();
}

/** True when `url` belongs to one of `origins` (exact scheme, host and port). */
export function isUrlOfOrigins(url: unknown, origins: readonly string[]): boolean {
  const origin = originOf(url);
  if (origin === null) return false;
  return origins.some((o) => originOf(o.endsWith('/') ? o : o + '/') === origin);
}

/** Navigation rule of the in-app authorization window: https pages or loopback http (S7, S12). */
export function isAuthPageNavigationAllowed(url: unknown): boolean {
  return parseSecureOrLoopbackUrl(url) !== null;
}

export interface HardenOptions {
  /** Whether the page may navigate (or be redirected) to this URL; everything else is blocked. */
  readonly isNavigationAllowed: (url: string) => boolean;
  /**
   * Where `window.open` / `target=_blank` links go instead of a new window (the allow-listed
   * system-browser opener). Without it, such links are simply dropped.
   */
  readonly openLink?: (url: string) => Promise<void>;
  readonly logger?: Logger;
}

/** Permission handlers that refuse everything (S24). */
export function denyAllPermissions(session: SessionPermissionsLike): void {
  session.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

export function hardenWebContents(contents: HardenableWebContents, options: HardenOptions): void {
  const logger = options.logger;
  denyAllPermissions(contents.session);

  const guard = (kind: string) => (event: NavigationEventLike) => {
    let allowed = false;
    try {
      allowed = options.isNavigationAllowed(event.url);
    } catch {
      allowed = false;
    }
    if (!allowed) {
      event.preventDefault();
      // Only the scheme: the URL itself may carry anything.
      logger?.warn('blocked navigation', { kind, scheme: schemeOf(event.url) });
    }
  };
  contents.on('will-navigate', guard('navigate'));
  contents.on('will-redirect', guard('redirect'));

  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    logger?.warn('blocked a webview');
  });

  contents.setWindowOpenHandler((details) => {
    const openLink = options.openLink;
    if (openLink !== undefined) {
      openLink(details.url).catch(() => {
        // The opener logs (without the URL) why it refused.
      });
    }
    return { action: 'deny' };
  });
}

function schemeOf(url: unknown): string {
  if (typeof url !== 'string') return 'invalid';
  const match = /^([a-z][a-z0-9+.-]*):/i.exec(url);
  return match?.[1] !== undefined ? match[1].toLowerCase() : 'invalid';
}
