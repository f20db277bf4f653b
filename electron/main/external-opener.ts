/**
 * Opening URLs in the system browser (S12): only https URLs, or http URLs on the literal 127.0.0.1
 * (loopback authorization servers such as the built-in Sandbox), without credentials, and only for
 * origins of authorization servers the desk knows.
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

function normalizeOrigin(origin: string): string | null {
  const url = parseSecureOrLoopbackUrl(origin);
  return url === null ? null : url.origin;
}

/** True when `url` may be opened in the system browser given the allowed origins (S12). */
export function isAllowedExternalUrl(url: unknown, allowedOrigins: Iterable<string>): boolean {
  const parsed = parseSecureOrLoopbackUrl(url);
  if (parsed === null) return false;
  for (const origin of allowedOrigins) {
    if (normalizeOrigin(origin) === parsed.origin) return true;
  }
  return false;
}

export interface ExternalOpenerOptions {
  /** `shell.openExternal`. */
  readonly openExternal: (url: string) => Promise<void>;
  /** The known authorization servers' origins (`desk.authorizationOrigins()`), asked on every call. */
  readonly allowedOrigins: () => Iterable<string>;
  readonly logger?: Logger;
}

export class ExternalUrlBlockedError extends RequestError {}

export function createExternalOpener(options: ExternalOpenerOptions): BrowserOpener {
  return {
    async open(url: string): Promise<void> {
      const parsed = parseSecureOrLoopbackUrl(url);
      let allowed = false;
      try {
        allowed = parsed !== null && isAllowedExternalUrl(url, options.allowedOrigins());
      } catch {
        allowed = false;
      }
      if (!allowed || parsed === null) {
        // The URL is not logged: it is not ours and could carry anything.
        options.logger?.warn('blocked opening a URL outside the app', { scheme: parsed?.protocol ?? 'invalid' });
        throw new ExternalUrlBlockedError('external_url_blocked', 'OAuth Desk refused to open that address in your browser.', {
          hint: 'Only sign-in pages of the accounts you are connecting can be opened. Start the connection again from OAuth Desk.',
        });
      }
      // The normalized form, so the browser gets exactly the URL that was checked.
      await options.openExternal(parsed.href);
    },
  };
}
