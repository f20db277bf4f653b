/**
 * Strict parsing of a URL the operating system hands to the app through its custom scheme (S6).
 * Anything may send such a URL — a web page, another app, a shortcut — so the rules are narrow:
 *  - exactly `com.oauthdesk.app:/callback?…`: the lowercase scheme, one slash, the exact path;
 *  - no lookalike schemes, no authority (`//`), no dot segments, encoded or trailing characters;
 *  - every parameter once, well-formed percent-encoding, no tokens (implicit-flow responses),
 *    no fragment, and a non-empty `state` (which the router then matches to a sign-in).
 * Returns the URL unchanged and its state; throws `SchemeUrlError` with a stable code otherwise.
 */
import { OAuthDeskError } from '../errors.ts';
import { TOKEN_PARAMETERS } from '../oauth/callback.ts';
import { APP_URI_SCHEME, SCHEME_REDIRECT_PATH } from './app-scheme.ts';

export class SchemeUrlError extends OAuthDeskError {}

export interface SchemeCallback {
  /** The URL exactly as received, for the attempt's own callback validation. */
  readonly url: string;
  readonly state: string;
  readonly params: ReadonlyMap<string, string>;
}

/** Far above any real authorization response, far below what could hurt. */
export const MAX_SCHEME_URL_LENGTH = 8192;

const TOKEN_PARAMETER_SET = new Set(TOKEN_PARAMETERS);
const PREFIX = `${APP_URI_SCHEME}:`;

function refused(code: string, message: string): SchemeUrlError {
  return new SchemeUrlError(code, message, {
    hint: 'OAuth Desk only accepts the sign-in response of a sign-in it started. Start the sign-in again with Connect in OAuth Desk.',
  });
}

/** `scheme:` as written, or null when the text does not start with a URI scheme. */
function schemeOf(raw: string): string | null {
  const match = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(raw);
  return match?.[1] ?? null;
}

function decodeComponent(text: string): string | null {
  if (/%(?![0-9A-Fa-f]{2})/.test(text)) return null;
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return null;
  }
}

export function parseSchemeCallbackUrl(raw: unknown): SchemeCallback {
  if (typeof raw !== 'string' || raw === '') throw refused('scheme_url_invalid', 'The app link is empty.');
  if (raw.length > MAX_SCHEME_URL_LENGTH) throw refused('scheme_url_too_long', 'The app link is too long to be a sign-in response.');
  // Whitespace and control characters are where argument injection and URL confusion start.
  if (/[\u0000-\u0020\u007f-\u009f\\]/.test(raw)) throw refused('scheme_url_invalid', 'The app link contains spaces, control characters or backslashes.');

  const scheme = schemeOf(raw);
  if (scheme !== APP_URI_SCHEME) {
    throw refused(
      'scheme_unexpected',
      scheme === null ? 'The app link has no scheme.' : scheme.toLowerCase() === APP_URI_SCHEME ? 'The app link spells the scheme in capitals.' : 'The app link is not an OAuth Desk sign-in link.',
    );
  }
  const rest = raw.slice(PREFIX.length);
  if (rest.startsWith('//')) throw refused('scheme_url_authority', 'The app link has extra slashes after the scheme (an authority); OAuth Desk sign-in links have one slash.');

  const hashAt = rest.indexOf('#');
  if (hashAt >= 0) {
    const fragment = rest.slice(hashAt + 1);
    const carriesTokens = fragment.split('&').some((pair) => TOKEN_PARAMETER_SET.has(pair.split('=')[0] ?? ''));
    throw carriesTokens
      ? refused('callback_carries_tokens', 'The app link carries tokens, which only the implicit flow sends; OAuth Desk uses the code flow only.')
      : refused('scheme_url_fragment', 'The app link has a fragment (#…), which a sign-in response never has.');
  }
  const queryAt = rest.indexOf('?');
  const path = queryAt >= 0 ? rest.slice(0, queryAt) : rest;
  if (path !== SCHEME_REDIRECT_PATH) throw refused('scheme_path_unexpected', `The app link's path is not ${SCHEME_REDIRECT_PATH}.`);
  const query = queryAt >= 0 ? rest.slice(queryAt + 1) : '';
  if (query === '') throw refused('state_missing', 'The app link carries no sign-in response.');

  const params = new Map<string, string>();
  for (const pair of query.split('&')) {
    const equals = pair.indexOf('=');
    const name = decodeComponent(equals >= 0 ? pair.slice(0, equals) : pair);
    const value = decodeComponent(equals >= 0 ? pair.slice(equals + 1) : '');
    if (name === null || value === null) throw refused('scheme_url_encoding', 'The app link has malformed percent-encoding.');
    if (name === '') throw refused('scheme_url_invalid', 'The app link has an empty parameter.');
    // The name is not quoted: whoever sent the link chose it, and the message is shown in a dialog.
    if (params.has(name)) throw refused('callback_duplicate_parameter', 'The app link repeats a parameter, which a genuine sign-in response never does.');
    if (TOKEN_PARAMETER_SET.has(name)) throw refused('callback_carries_tokens', 'The app link carries tokens, which only the implicit flow sends; OAuth Desk uses the code flow only.');
    params.set(name, value);
  }
  const state = params.get('state');
  if (state === undefined || state === '') throw refused('state_missing', 'The app link has no state parameter, so it cannot belong to a sign-in.');
  return { url: raw, state, params };
}
