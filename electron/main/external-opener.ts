/**
 * Opening URLs in the system browser (S12): only https URLs, or http URLs on the literal 127.0.0.1
 * (loopback authorization servers such as the built-in Sandbox), without credentials, and only when
 * the URL is exactly (after normalization) one the desk names: the authorization URL of a sign-in
 * pending right now, or a provider's developer-console page. Whole origins are never allowed, so a
 * provider added in Settings cannot make the window open other pages of its server.
 */
import { RequestError } from '../core/errors.ts';
import type { BrowserOpener, Logger } from '../core/ports.ts';

/** Longer URLs are not authorization URLs and some platforms truncate them. */
export const MAX_EXTERNAL_URL_LENGTH = 8192;

const LOOPBACK_HTTP = /^http:\/\/127\.0\.0\.1(?=[:/?#]|$)/i;

/** The raw authority (between `//` and the first `/`, `?` or `#`), before any normalization. */
function authorityOf(raw: string): string {
  const start = raw.indexOf('//');
  if (start < 0) return '';
  const rest = raw.slice(start + 2);
  const end = rest.search(/[/?#]/);
  return end < 0 ? rest : rest.slice(0, end);
}

/**
 * Parses a URL that may leave the app: https, or http on the literal 127.0.0.1 (not `localhost`,
 * not `127.1`, not `[::1]`); no credentials, no whitespace or control characters.
 * Returns the normalized URL, or null.
 */
export function parseSecureOrLoopbackUrl(raw: unknown): URL | null {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > MAX_EXTERNAL_URL_LENGTH) return null;
  // new URL() silently strips tabs/newlines and surrounding spaces: refuse them instead.
  if (/[\u0000-\u0020\u007f-\u009f\\]/.test(raw)) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.username !== '' || url.password !== '' || authorityOf(raw).includes('@')) return null;
  if (url.protocol === 'https:') {
    if (url.hostname === '' || !/^https:\/\//i.test(raw)) return null;
    return url;
  }
  if (url.protocol === 'http:') {
    // The literal address must be what was written: `http://127.1`, `http://0x7f.1` normalize to it too.
    if (url.hostname !== '127.0.0.1' || !LOOPBACK_HTTP.test(raw)) return null;
    return url;
  }
  return null;
}

/**
 * True when `url` may be opened in the system browser (S12): it passes the parse rules and, once
 * normalized, equals one of `allowedLinks` normalized the same way (path, query and fragment included).
 */
export function isAllowedExternalUrl(url: unknown, allowedLinks: Iterable<string>): boolean {
  const parsed = parseSecureOrLoopbackUrl(url);
  if (parsed === null) return false;
  for (const link of allowedLinks) {
    if (parseSecureOrLoopbackUrl(link)?.href === parsed.href) return true;
  }
  return false;
}

export interface ExternalOpenerOptions {
  /** `shell.openExternal`. */
  readonly openExternal: (url: string) => Promise<void>;
  /** The exact URLs that may be opened now (`desk.openableLinks()`), asked on every call. */
  readonly allowedLinks: () => Iterable<string>;
  readonly logger?: Logger;
}

export class ExternalUrlBlockedError extends RequestError {}

export function createExternalOpener(options: ExternalOpenerOptions): BrowserOpener {
  return {
    async open(url: string): Promise<void> {
      const parsed = parseSecureOrLoopbackUrl(url);
      // Checked synchronously, within the call: the desk names the URL of a sign-in it is opening
      // only while its own call to open() runs.
      let allowed = false;
      try {
        allowed = parsed !== null && isAllowedExternalUrl(url, options.allowedLinks());
      } catch {
        allowed = false;
      }
      if (!allowed || parsed === null) {
        // The URL is not logged: it is not ours and could carry anything.
        options.logger?.warn('blocked opening a URL outside the app', { scheme: parsed?.protocol ?? 'invalid' });
        throw new ExternalUrlBlockedError('external_url_blocked', 'OAuth Desk refused to open that address in your browser.', {
          hint: 'Only the sign-in page of a connection in progress, or a provider\'s developer console, can be opened. Click Connect in OAuth Desk to start a sign-in.',
        });
      }
      // The normalized form, so the browser gets exactly the URL that was checked.
      await options.openExternal(parsed.href);
    },
  };
}
