/**
 * The desktop side of the custom-scheme redirect (RFC 8252 7.1): registering OAuth Desk as the
 * handler of `com.oauthdesk.app:` links, finding such a link in a launch's arguments (Windows and
 * Linux start a second instance with the link as an argument; macOS sends `open-url`), and handing
 * links to the scheme router once the core is ready. Links that arrive before that are queued.
 */
import type { ErrorInfo } from '../shared/error-info.ts';
import { toErrorInfo } from '../core/errors.ts';
import type { Logger } from '../core/ports.ts';
import { APP_URI_SCHEME } from '../core/scheme/app-scheme.ts';

/** A launch argument that is a link for the app's scheme (compared without case: the parser decides). */
const isSchemeArgument = (arg: unknown): arg is string => typeof arg === 'string' && arg.slice(0, APP_URI_SCHEME.length + 1).toLowerCase() === `${APP_URI_SCHEME}:`;

/**
 * The app link in a launch's arguments, or null. More than one link in one launch is refused as a
 * whole (null): a genuine redirect brings exactly one, so several are a crafted command line.
 */
export function schemeLinkFromArgv(argv: readonly unknown[]): string | null {
  if (!Array.isArray(argv)) return null;
  const links = argv.filter(isSchemeArgument);
  return links.length === 1 ? (links[0] as string) : null;
}

export interface ProtocolClientRegistration {
  readonly scheme: string;
}

/**
 * What to pass to `app.setAsDefaultProtocolClient`, or null to leave the registration alone. Only
 * the installed app registers: a development run would take the scheme away from the installed
 * app on Windows (and cannot register on Linux or macOS, where the desktop entry or the bundle's
 * Info.plist declares it), so in development the app link mode is simply not offered.
 */
export function protocolClientRegistration(input: { readonly isPackaged: boolean }): ProtocolClientRegistration | null {
  return input.isPackaged ? { scheme: APP_URI_SCHEME } : null;
}

export interface SchemeLinkIntakeOptions {
  /** Brings the window to the front: the person just came back from the browser. */
  readonly focus: () => void;
  /**
   * Tells the person why a link was refused (a dialog in the app); resolves when it is dismissed.
   * Only code, message and hint. At most one is shown at a time: a page firing links cannot stack
   * dialogs; the others are only logged.
   */
  readonly report: (error: ErrorInfo) => Promise<void> | void;
  readonly logger?: Logger;
  /** Links held until `start` (at most this many; more are dropped). Default 8. */
  readonly maxQueued?: number;
}

export interface SchemeLinkIntake {
  /** A link from `open-url` (macOS). */
  receive(link: string): void;
  /**
   * Another launch of the app (`second-instance`, Windows and Linux) or this one's own start: its
   * arguments may carry a link. A second launch always brings the window forward (single instance).
   */
  launched(argv: readonly unknown[], options?: { readonly focus: boolean }): void;
  /** The core is ready: queued links are delivered now, later ones at once. */
  start(deliver: (link: string) => 'received' | 'failed'): void;
}

export function createSchemeLinkIntake(options: SchemeLinkIntakeOptions): SchemeLinkIntake {
  const maxQueued = options.maxQueued ?? 8;
  const queue: string[] = [];
  let deliver: ((link: string) => 'received' | 'failed') | null = null;
  let reporting = false;

  const report = (info: ErrorInfo) => {
    if (reporting) return;
    reporting = true;
    options.focus();
    let shown: Promise<void> | void;
    try {
      shown = options.report(info);
    } catch {
      shown = undefined;
    }
    Promise.resolve(shown)
      .catch(() => {})
      .finally(() => {
        reporting = false;
      });
  };

  const handle = (link: string, to: (link: string) => 'received' | 'failed') => {
    try {
      const outcome = to(link);
      // The link itself is never logged: it carries the authorization code.
      options.logger?.info('sign-in response received through the app link', { outcome });
      options.focus();
    } catch (error) {
      const info = toErrorInfo(error);
      options.logger?.warn('refused an app link', { code: info.code });
      report(info);
    }
  };

  const intake: SchemeLinkIntake = {
    receive(link) {
      if (typeof link !== 'string') return;
      if (deliver !== null) {
        handle(link, deliver);
        return;
      }
      // Before the core is ready the window is not there yet; it shows when it is.
      if (queue.length >= maxQueued) {
        options.logger?.warn('dropped an app link that arrived before the app was ready');
        return;
      }
      queue.push(link);
    },
    launched(argv, launchOptions = { focus: true }) {
      const link = schemeLinkFromArgv(argv);
      if (link !== null) intake.receive(link);
      else if (launchOptions.focus) options.focus();
    },
    start(to) {
      if (deliver !== null) return;
      deliver = to;
      for (const link of queue.splice(0)) handle(link, to);
    },
  };
  return intake;
}
