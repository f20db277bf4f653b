/**
 * The in-app authorization window (core port `AuthorizationWindow`, S7): an embedded user agent with
 * no preload, sandboxed, in a fresh in-memory partition. The redirect to the redirect URI is caught
 * before it loads (will-navigate, will-redirect and the session's onBeforeRequest), cancelled, and
 * handed to `onRedirect` exactly once.
 */
import type { AuthorizationWindow, Logger, Timers } from '../core/ports.ts';
import { systemTimers } from '../core/ports.ts';
import type { HardenableWebContents, NavigationEventLike } from './navigation-guard.ts';
import { hardenWebContents, isAuthPageNavigationAllowed } from './navigation-guard.ts';
import { parseSecureOrLoopbackUrl } from './external-opener.ts';
import type { SecureWindowOptions } from './window-options.ts';
import { freshAuthPartition, windowOptions } from './window-options.ts';

export interface BeforeRequestDetailsLike {
  readonly url: string;
  readonly resourceType?: string;
}

export interface AuthSessionLike {
  readonly webRequest: {
    onBeforeRequest(listener: (details: BeforeRequestDetailsLike, callback: (response: { cancel?: boolean }) => void) => void): void;
  };
  clearStorageData(): Promise<void>;
}

export type AuthWebContentsLike = HardenableWebContents & {
  readonly session: HardenableWebContents['session'] & AuthSessionLike;
  /** Electron's main-frame navigation, with the page's HTTP status (0 when none). */
  on(event: 'did-navigate', listener: (event: unknown, url: string, httpResponseCode: number) => void): unknown;
};

/**
 * A sign-in page that answers the embedded window with 403 refuses embedded user agents: Google's
 * `disallowed_useragent` (providers quirk 2). Any 403 top-level page counts once it stays for the
 * grace period below; the status is what the attempt reports, never the page's address (it may carry
 * the request's parameters).
 */
export const EMBEDDED_REFUSAL_STATUS = 403;

/**
 * How long a 403 page must stay before it counts as a refusal. Challenge pages (Cloudflare's, in
 * front of Discord and X) answer 403 and then move on by themselves to the real page; that next
 * navigation, with any other status, cancels the refusal.
 */
export const DEFAULT_REFUSAL_GRACE_MS = 3_000;

export interface AuthBrowserWindowLike {
  readonly webContents: AuthWebContentsLike;
  loadURL(url: string): Promise<void>;
  on(event: 'closed', listener: () => void): unknown;
  close(): void;
  isDestroyed(): boolean;
}

export interface AuthWindowOptions {
  /** `(options) => new BrowserWindow(options)` from the composition root. */
  readonly createWindow: (options: SecureWindowOptions) => AuthBrowserWindowLike;
  /** Links the page opens in a new window go here (the allow-listed system-browser opener), if given. */
  readonly openLink?: (url: string) => Promise<void>;
  readonly logger?: Logger;
  readonly newPartition?: () => string;
  /** How long a 403 page must stay before the sign-in is ended as refused. Default: 3 seconds. */
  readonly refusalGraceMs?: number;
  readonly timers?: Timers;
}

/**
 * True when `url` is the redirect URI itself, optionally followed by a query or fragment
 * (`<redirectUri>?code=...`). `<redirectUri>evil` or `<redirectUri>/x` do not match.
 */
export function isRedirectTo(url: unknown, redirectUri: string): boolean {
  if (typeof url !== 'string' || redirectUri === '' || !url.startsWith(redirectUri)) return false;
  const next = url.charAt(redirectUri.length);
  return next === '' || next === '?' || next === '#';
}

export function createAuthorizationWindow(options: AuthWindowOptions): AuthorizationWindow {
  const logger = options.logger;
  const timers = options.timers ?? systemTimers;
  const refusalGraceMs = options.refusalGraceMs ?? DEFAULT_REFUSAL_GRACE_MS;
  return {
    open(request) {
      if (parseSecureOrLoopbackUrl(request.url) === null) {
        throw new Error('The authorization page must be an https (or loopback http) URL');
      }
      if (typeof request.redirectUri !== 'string' || request.redirectUri === '') throw new Error('A redirect URI is required');
      const partition = (options.newPartition ?? freshAuthPartition)();
      const win = options.createWindow(windowOptions({ kind: 'auth', partition }));
      const contents = win.webContents;
      // Kept: the WebContents is destroyed by the time 'closed' fires.
      const session = contents.session;
      let settled = false;

      const closeWindow = (): void => {
        try {
          if (!win.isDestroyed()) win.close();
        } catch {
          // Already gone.
        }
      };

      const finish = (url: string): void => {
        if (settled) return;
        settled = true;
        logger?.info('authorization window caught the redirect');
        try {
          request.onRedirect(url);
        } finally {
          closeWindow();
        }
      };

      // Registered before anything loads. The guard also runs (it blocks custom schemes and non-https);
      // this listener catches the redirect URI either way.
      const onNavigation = (event: NavigationEventLike): void => {
        if (!isRedirectTo(event.url, request.redirectUri)) return;
        event.preventDefault();
        finish(event.url);
      };
      let refused = false;
      /** The timer of a 403 page waiting out its grace period. */
      let pendingRefusal: { readonly handle: unknown } | null = null;
      const cancelPendingRefusal = (): void => {
        if (pendingRefusal !== null) timers.clearTimeout(pendingRefusal.handle);
        pendingRefusal = null;
      };
      /** The 403 page stayed for the whole grace period: the sign-in page refuses this window. */
      const reportRefusal = (httpResponseCode: number): void => {
        pendingRefusal = null;
        if (settled || refused) return;
        refused = true;
        logger?.warn('the sign-in page refused the in-app window', { status: httpResponseCode });
        request.onRefused?.({ status: httpResponseCode });
      };
      contents.on('did-navigate', (_event, _url, httpResponseCode) => {
        if (settled || refused) return;
        if (httpResponseCode !== EMBEDDED_REFUSAL_STATUS) {
          // Another page replaced the 403 (a challenge that resolved): no refusal.
          cancelPendingRefusal();
          return;
        }
        // A further 403 keeps the first one's timer: the page has been refusing since then.
        if (pendingRefusal !== null) return;
        pendingRefusal = { handle: timers.setTimeout(() => reportRefusal(httpResponseCode), refusalGraceMs) };
      });
      contents.on('will-navigate', onNavigation);
      contents.on('will-redirect', onNavigation);
      session.webRequest.onBeforeRequest((details, callback) => {
        if (!isRedirectTo(details.url, request.redirectUri)) {
          callback({});
          return;
        }
        // Nothing from this window ever reaches the redirect URI (the loopback listener).
        callback({ cancel: true });
        if (details.resourceType === undefined || details.resourceType === 'mainFrame') finish(details.url);
      });
      hardenWebContents(contents, {
        isNavigationAllowed: (url) => isRedirectTo(url, request.redirectUri) || isAuthPageNavigationAllowed(url),
        ...(options.openLink ? { openLink: options.openLink } : {}),
        ...(logger ? { logger } : {}),
      });

      win.on('closed', () => {
        cancelPendingRefusal();
        session.clearStorageData().catch(() => undefined);
        if (settled) return;
        settled = true;
        request.onClosed();
      });

      win.loadURL(request.url).catch(() => {
        // Cancelling the redirect aborts the load (ERR_ABORTED); other failures show in the window.
        if (!settled) logger?.warn('the authorization page did not load');
      });

      return {
        close(): void {
          // Closed by the desk (cancel, timeout): not a person closing the window.
          settled = true;
          cancelPendingRefusal();
          closeWindow();
        },
      };
    },
  };
}
