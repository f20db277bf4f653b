/**
 * The definition of a custom OAuth 2.0 / OpenID Connect provider, shared by Settings and the
 * providers file (providers-file.ts). Pure: no I/O. `checkCustomProvider` validates every field and
 * reports each problem as a ProviderConfigError naming the file, the provider and the field, with a
 * hint saying what a valid value looks like; `parseCustomProvider` returns the normalized, frozen
 * definition or throws the first problem. Unknown fields are errors: a typo must not be ignored.
 *
 * Input (JSON names):
 *   id                     required; lowercase letters, digits, "-", "_"; starts with a letter; ≤ 64;
 *                          not a built-in id (sandbox, google, x, discord, google-health); unique
 *   displayName            required; ≤ 80 characters
 *   issuer                 discovery (OpenID Connect discovery / RFC 8414): the exact issuer URL, or
 *   authorizationEndpoint  + tokenEndpoint: manual endpoints (not both ways at once)
 *   revocationEndpoint     optional (with discovery: overrides the discovered one)
 *   userinfoEndpoint       optional (with discovery: overrides the discovered one)
 *   clientId               required
 *   clientSecret           optional (blank or null = none)
 *   clientAuthMethod       "none" | "client_secret_post" | "client_secret_basic";
 *                          default "none" without a secret, "client_secret_basic" with one
 *   scopes                 list of RFC 6749 3.3 scope tokens; default []
 *   pkce                   "S256" (default) | "plain" | "off"
 *   authMode               "system-browser" (default) | "app-window"
 *   redirectPort           0 (default: any free port) or a fixed port 1024-65535
 *   redirectPath           default "/callback"
 *   extraAuthParams        text → text map added to the authorization request (core parameters excluded)
 *   dataUrl                optional URL fetched with the access token; default: the userinfo endpoint
 * Every URL: https, or http only on a loopback host (127.0.0.1, localhost, [::1]); no user name or
 * password, no fragment. Optional fields may be omitted or null; an optional text may also be blank.
 */
import { RESERVED_AUTH_PARAMS } from '../../oauth/authorization-request.ts';
import { LOOPBACK_HOSTS } from '../../oauth/endpoint-url.ts';
import type { AuthMode } from '../../../shared/view-types.ts';
import { AUTH_MODES } from '../../../shared/view-types.ts';
import type { ClientAuthMethod, ClientCredentials } from '../../oauth/client-auth.ts';
import { CLIENT_AUTH_METHODS } from '../../oauth/client-auth.ts';
import type { PkceMethod } from '../../oauth/pkce.ts';
import type { ProviderConfigLocation } from './provider-config-error.ts';
import { CONTROL_CHARACTERS, ProviderConfigError, describeType, locationPrefix, quote } from './provider-config-error.ts';
import { CUSTOM_PROVIDER_FIELDS } from '../../../shared/settings-types.ts';

/** Ids of the providers that ship with the app; a custom provider may not take one. */
export const BUILT_IN_PROVIDER_IDS: readonly string[] = Object.freeze(['sandbox', 'google', 'x', 'discord', 'google-health']);

/** The authorization request's own parameters, which extra parameters may not override. */
export { RESERVED_AUTH_PARAMS };

/**
 * Parameters that would put a credential in the authorization URL, which the browser shows, keeps in
 * its history and sends to the provider's logs (S29). Refused in `extraAuthParams` too.
 */
export const SECRET_AUTH_PARAMS: readonly string[] = Object.freeze([
  'client_secret',
  'client_assertion',
  'code_verifier',
  'access_token',
  'refresh_token',
  'password',
]);

export type PkceSetting = 'S256' | 'plain' | 'off';
export const PKCE_SETTINGS: readonly PkceSetting[] = Object.freeze(['S256', 'plain', 'off']);

export const MAX_PROVIDER_ID_LENGTH = 64;
export const MAX_DISPLAY_NAME_LENGTH = 80;
export const DEFAULT_REDIRECT_PATH = '/callback';
export const MIN_FIXED_REDIRECT_PORT = 1024;
export { LOOPBACK_HOSTS };

const MAX_URL_LENGTH = 2048;
const MAX_CLIENT_ID_LENGTH = 512;
const MAX_CLIENT_SECRET_LENGTH = 1024;
const MAX_SCOPES = 100;
const MAX_SCOPE_LENGTH = 512;
const MAX_REDIRECT_PATH_LENGTH = 200;
const MAX_EXTRA_PARAMS = 50;
const MAX_EXTRA_PARAM_VALUE_LENGTH = 2048;

/** Every field a definition may have, in the order the docs and `serializeCustomProvider` use (shared with the Settings form). */
export { CUSTOM_PROVIDER_FIELDS };

/** How the authorization server's endpoints are found. */
export type CustomProviderEndpoints =
  /** Discovery: fetch the issuer's metadata. `issuer` is kept exactly as written (it is compared verbatim). */
  | { readonly kind: 'discovery'; readonly issuer: string }
  | { readonly kind: 'manual'; readonly authorizationEndpoint: string; readonly tokenEndpoint: string };

/** A validated custom provider. Frozen, all defaults filled in. Holds the client secret: keep it in the main process. */
export interface CustomProviderDefinition {
  readonly id: string;
  readonly displayName: string;
  readonly endpoints: CustomProviderEndpoints;
  /** Manual, or (with discovery) an override of the discovered one; null = none / use discovery's. */
  readonly revocationEndpoint: string | null;
  readonly userinfoEndpoint: string | null;
  /** clientId trimmed; clientSecret trimmed, null when none; authMethod with its default applied. */
  readonly client: ClientCredentials;
  /** Scope tokens in order, without duplicates. */
  readonly scopes: readonly string[];
  readonly pkce: PkceSetting;
  /** `pkce` for AuthorizationServerConfig: null when "off". */
  readonly pkceMethod: PkceMethod | null;
  readonly authMode: AuthMode;
  /** 0 = any free port; else the fixed port registered at the provider. */
  readonly redirectPort: number;
  readonly redirectPath: string;
  readonly extraAuthParams: Readonly<Record<string, string>>;
  /** null = the userinfo endpoint (given or discovered). */
  readonly dataUrl: string | null;
}

export interface CustomProviderContext {
  /** The file the definition comes from, named in messages. */
  readonly file?: string;
  /** 0-based position in the file's list, named in messages (1-based) when the id is unknown. */
  readonly index?: number;
  /**
   * Ids already used by other custom providers. With a Map, the value describes the owner for the
   * message, e.g. `provider #1`.
   */
  readonly takenIds?: Iterable<string> | ReadonlyMap<string, string>;
}

export interface CustomProviderCheck {
  readonly definition: CustomProviderDefinition | null;
  /** Every problem found, in field order; empty exactly when `definition` is not null. */
  readonly errors: readonly ProviderConfigError[];
}

export const PROVIDER_CONFIG_INVALID = 'provider_config_invalid';
export const PROVIDER_CONFIG_UNKNOWN_FIELD = 'provider_config_unknown_field';
export const PROVIDER_CONFIG_DUPLICATE_ID = 'provider_config_duplicate_id';

const ID_PATTERN = /^[a-z][a-z0-9_-]*$/;
function idHint(example = 'acme-sso'): string {
  return `Use a short id of lowercase letters, digits, "-" and "_", starting with a letter and at most 64 characters, e.g. ${quote(example)}.`;
}
const ID_HINT = idHint();
/** RFC 6749 3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ). */
const SCOPE_TOKEN = /^[\x21\x23-\x5b\x5d-\x7e]+$/;
const PARAM_NAME = /^[A-Za-z0-9._~-]+$/;
/** Characters a browser sends unchanged in a path: unreserved, sub-delims, ":", "@", "/", and %XX. */
const PATH_PATTERN = /^\/(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/]|%[0-9A-Fa-f]{2})*$/;

/** Common misspellings and names from other tools, mapped to the field meant. */
const FIELD_ALIASES: Readonly<Record<string, string>> = {
  name: 'displayName',
  title: 'displayName',
  label: 'displayName',
  scope: 'scopes',
  secret: 'clientSecret',
  issuerurl: 'issuer',
  discoveryurl: 'issuer',
  discovery: 'issuer',
  wellknown: 'issuer',
  authorizeurl: 'authorizationEndpoint',
  authorizationurl: 'authorizationEndpoint',
  authurl: 'authorizationEndpoint',
  authuri: 'authorizationEndpoint',
  authorizeendpoint: 'authorizationEndpoint',
  tokenurl: 'tokenEndpoint',
  tokenuri: 'tokenEndpoint',
  revokeurl: 'revocationEndpoint',
  revocationurl: 'revocationEndpoint',
  revokeendpoint: 'revocationEndpoint',
  userinfourl: 'userinfoEndpoint',
  userinfouri: 'userinfoEndpoint',
  authmethod: 'clientAuthMethod',
  tokenendpointauthmethod: 'clientAuthMethod',
  codechallengemethod: 'pkce',
  port: 'redirectPort',
  path: 'redirectPath',
  callbackpath: 'redirectPath',
  redirecturi: 'redirectPort" and "redirectPath',
  redirecturl: 'redirectPort" and "redirectPath',
  extraparams: 'extraAuthParams',
  authparams: 'extraAuthParams',
  extraauthorizationparams: 'extraAuthParams',
  authorizationparams: 'extraAuthParams',
  dataendpoint: 'dataUrl',
  apiurl: 'dataUrl',
};

function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[-_\s]/g, '');
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, k) => k);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

/** The known field an unknown one was probably meant to be, or null. */
export function suggestField(name: string): string | null {
  const norm = normalizeName(name);
  const alias = FIELD_ALIASES[norm];
  if (alias !== undefined) return alias;
  let best: string | null = null;
  let bestDistance = 3;
  for (const field of CUSTOM_PROVIDER_FIELDS) {
    const d = editDistance(norm, field.toLowerCase());
    if (d < bestDistance) {
      best = field;
      bestDistance = d;
    }
  }
  return best;
}

/** A problem with one field; turned into a ProviderConfigError by the checker. */
class FieldProblem {
  readonly problem: string;
  readonly hint: string;
  readonly code: string;
  constructor(problem: string, hint: string, code: string = PROVIDER_CONFIG_INVALID) {
    this.problem = problem;
    this.hint = hint;
    this.code = code;
  }
}

function problem(text: string, hint: string, code?: string): never {
  throw new FieldProblem(text, hint, code);
}

function isAbsent(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

function requireText(value: unknown, what: string, hint: string): string {
  if (value === undefined || value === null) problem(`is missing: it needs ${what}.`, hint);
  if (typeof value !== 'string') problem(`must be ${what}; got ${describeType(value)}.`, hint);
  const text = (value as string).trim();
  if (text === '') problem(`is empty: it needs ${what}.`, hint);
  return text;
}

/**
 * For Settings' live validation: whether a URL is acceptable for a provider, with the problem and
 * hint when not (same rules as the definition's fields).
 */
export function validateProviderUrl(
  value: unknown,
  options: { issuer?: boolean } = {},
): { readonly ok: true; readonly url: string } | { readonly ok: false; readonly problem: string; readonly hint: string } {
  try {
    return { ok: true, url: checkProviderUrl(value, options) };
  } catch (error) {
    if (error instanceof FieldProblem) return { ok: false, problem: error.problem, hint: error.hint };
    throw error;
  }
}

/**
 * Checks a provider URL: https, or http on a loopback host only; no user name or password; no
 * fragment; for an issuer also no query and no /.well-known/ path. Returns the trimmed text (not
 * re-serialized: an issuer is compared verbatim with the discovery document's).
 */
function checkProviderUrl(value: unknown, options: { issuer?: boolean } = {}): string {
  const example = options.issuer ? '"https://login.example.com"' : '"https://login.example.com/oauth2/token"';
  const hint = `Enter a full https URL such as ${example} (http only on 127.0.0.1, localhost or [::1]).`;
  const text = requireText(value, 'a URL', hint);
  if (text.length > MAX_URL_LENGTH) problem(`is longer than ${MAX_URL_LENGTH} characters.`, hint);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return problem('is not a full URL.', hint);
  }
  if (url.username !== '' || url.password !== '') {
    // Not echoed: it holds a credential.
    return problem('must not contain a user name or password.', 'Remove the "user:password@" part; client credentials go in "clientId" and "clientSecret".');
  }
  const shown = quote(text);
  if (url.protocol === 'http:') {
    if (!LOOPBACK_HOSTS.includes(url.hostname)) {
      problem(`${shown} uses http on a host that is not this computer.`, `Use https (plain http is allowed only on 127.0.0.1, localhost or [::1]).`);
    }
  } else if (url.protocol !== 'https:') {
    problem(`${shown} is not an https URL.`, hint);
  }
  if (text.includes('#')) problem(`${shown} must not have a fragment ("#…").`, hint);
  if (options.issuer) {
    if (url.search !== '' || text.includes('?')) problem(`${shown} must not have a query ("?…").`, `An issuer is a URL without query or fragment (RFC 8414), e.g. ${example}.`);
    if (url.pathname.includes('/.well-known/')) {
      const base = text.slice(0, text.indexOf('/.well-known/'));
      problem(`${shown} is a discovery document's address, not the issuer.`, `Give the issuer itself, e.g. ${quote(base)}: the app adds /.well-known/… on its own.`);
    }
  }
  return text;
}

function optionalUrl(value: unknown): string | null {
  return isAbsent(value) ? null : checkProviderUrl(value);
}

function checkId(value: unknown): string {
  const text = requireText(value, 'a provider id', ID_HINT);
  if (text.length > MAX_PROVIDER_ID_LENGTH) problem(`is longer than ${MAX_PROVIDER_ID_LENGTH} characters.`, ID_HINT);
  if (!ID_PATTERN.test(text)) {
    const fixed = text
      .toLowerCase()
      .replace(/[^a-z0-9_-]+/g, '-')
      .replace(/^[^a-z]+/, '')
      .replace(/-+$/, '');
    const usable = fixed !== '' && ID_PATTERN.test(fixed) && fixed.length <= MAX_PROVIDER_ID_LENGTH;
    problem(`${quote(text)} is not a valid id.`, usable ? idHint(fixed) : ID_HINT);
  }
  if (BUILT_IN_PROVIDER_IDS.includes(text)) {
    problem(
      `${quote(text)} is the id of a built-in provider.`,
      `Choose another id, e.g. ${quote(`${text}-custom`)}. Built-in ids: ${BUILT_IN_PROVIDER_IDS.join(', ')}.`,
    );
  }
  return text;
}

function checkDisplayName(value: unknown): string {
  const hint = `Enter the name shown on the card, e.g. "Acme SSO" (at most ${MAX_DISPLAY_NAME_LENGTH} characters).`;
  const text = requireText(value, 'a name', hint);
  if (CONTROL_CHARACTERS.test(text)) problem('contains a line break or control character.', hint);
  if (text.length > MAX_DISPLAY_NAME_LENGTH) problem(`is longer than ${MAX_DISPLAY_NAME_LENGTH} characters.`, hint);
  return text;
}

function checkClientId(value: unknown): string {
  const hint = 'Copy the client id (also called application id) from the provider\'s developer console.';
  const text = requireText(value, 'the client id', hint);
  if (CONTROL_CHARACTERS.test(text)) problem('contains a line break or control character.', hint);
  if (text.length > MAX_CLIENT_ID_LENGTH) problem(`is longer than ${MAX_CLIENT_ID_LENGTH} characters.`, hint);
  return text;
}

/** Never echoes the value (S29). Blank or null = no secret. */
function checkClientSecret(value: unknown): string | null {
  const hint = 'Copy the client secret from the provider\'s developer console, or leave it out for a public client.';
  if (isAbsent(value)) return null;
  if (typeof value !== 'string') problem(`must be a text; got ${describeType(value)}.`, hint);
  const text = (value as string).trim();
  if (CONTROL_CHARACTERS.test(text)) problem('contains a line break or control character.', hint);
  if (text.length > MAX_CLIENT_SECRET_LENGTH) problem(`is longer than ${MAX_CLIENT_SECRET_LENGTH} characters.`, hint);
  return text;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], fallback: T, extraHint = ''): T {
  const list = allowed.map((a) => `"${a}"`).join(', ');
  const hint = `Use one of ${list}, or leave it out for "${fallback}".${extraHint}`;
  if (isAbsent(value)) return fallback;
  if (typeof value !== 'string') problem(`must be one of ${list}; got ${describeType(value)}.`, hint);
  const text = (value as string).trim();
  if ((allowed as readonly string[]).includes(text)) return text as T;
  const near = allowed.find((a) => normalizeName(a) === normalizeName(text));
  problem(`${quote(text)} is not one of ${list}.`, near === undefined ? hint : `Did you mean "${near}"? ${hint}`);
}

function checkScopes(value: unknown): string[] {
  const hint = 'Give a list of scope tokens, e.g. ["openid", "email", "profile"] (no spaces, quotes or backslashes in a token).';
  if (value === undefined || value === null) return [];
  if (typeof value === 'string') {
    const parts = value.split(/\s+/).filter((s) => s !== '');
    problem('must be a list, not one text.', `Write it as ${JSON.stringify(parts.length > 0 ? parts : ['openid'])}.`);
  }
  if (!Array.isArray(value)) problem(`must be a list of texts; got ${describeType(value)}.`, hint);
  const list = value as unknown[];
  if (list.length > MAX_SCOPES) problem(`has more than ${MAX_SCOPES} scopes.`, hint);
  const scopes: string[] = [];
  list.forEach((item, k) => {
    if (typeof item !== 'string') problem(`item ${k + 1} must be a text; got ${describeType(item)}.`, hint);
    const token = (item as string).trim();
    if (token === '') problem(`item ${k + 1} is empty.`, hint);
    if (/\s/.test(token)) problem(`item ${k + 1} ${quote(token)} contains a space: that is several scopes.`, `Give each scope as its own item: ${JSON.stringify(token.split(/\s+/))}.`);
    if (!SCOPE_TOKEN.test(token) || token.length > MAX_SCOPE_LENGTH) {
      problem(`item ${k + 1} ${quote(token)} is not a valid scope token.`, 'A scope token is printable ASCII without spaces, double quotes or backslashes (RFC 6749 3.3).');
    }
    if (!scopes.includes(token)) scopes.push(token);
  });
  return scopes;
}

function checkRedirectPort(value: unknown): number {
  const hint = `Use 0 to take any free port (providers that accept any loopback port, like Google), or the fixed port registered at the provider, from ${MIN_FIXED_REDIRECT_PORT} to 65535, e.g. 53682.`;
  if (value === undefined || value === null) return 0;
  if (typeof value !== 'number') {
    const asNumber = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? ` Write it without quotes: ${value.trim()}.` : '';
    problem(`must be a number; got ${describeType(value)}.`, hint + asNumber);
  }
  const port = value as number;
  if (!Number.isInteger(port)) problem(`${port} is not a whole number.`, hint);
  if (port !== 0 && (port < MIN_FIXED_REDIRECT_PORT || port > 65535)) problem(`${port} is not 0 or a port from ${MIN_FIXED_REDIRECT_PORT} to 65535.`, hint);
  return port;
}

function checkRedirectPath(value: unknown): string {
  const hint = `Give the path of the redirect URI registered at the provider, starting with "/", e.g. "${DEFAULT_REDIRECT_PATH}" (no query, fragment or spaces).`;
  if (isAbsent(value)) return DEFAULT_REDIRECT_PATH;
  if (typeof value !== 'string') problem(`must be a text; got ${describeType(value)}.`, hint);
  const path = (value as string).trim();
  if (path.length > MAX_REDIRECT_PATH_LENGTH) problem(`is longer than ${MAX_REDIRECT_PATH_LENGTH} characters.`, hint);
  if (!path.startsWith('/')) {
    if (/^https?:\/\//i.test(path)) problem('is a whole URL, not a path.', `${hint} Put the port in "redirectPort".`);
    problem(`${quote(path)} does not start with "/".`, hint);
  }
  if (path.includes('?') || path.includes('#')) problem(`${quote(path)} has a query or fragment.`, hint);
  if (!PATH_PATTERN.test(path)) problem(`${quote(path)} contains characters a browser would change (spaces, quotes, non-ASCII or a lone "%").`, hint + ' Percent-encode them as registered, e.g. %20.');
  if (path.split('/').some((segment) => segment === '.' || segment === '..')) problem(`${quote(path)} has a "." or ".." segment, which browsers remove.`, hint);
  return path;
}

function checkExtraAuthParams(value: unknown): Record<string, string> {
  const hint = 'Give an object of texts, e.g. {"prompt": "consent", "access_type": "offline"}.';
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) problem(`must be an object of texts; got ${describeType(value)}.`, hint);
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length > MAX_EXTRA_PARAMS) problem(`has more than ${MAX_EXTRA_PARAMS} parameters.`, hint);
  const out: Array<[string, string]> = [];
  for (const [key, raw] of entries) {
    if (!PARAM_NAME.test(key) || key.length > 64) {
      problem(`has a parameter name ${quote(key)} that is not a plain name.`, 'Parameter names are letters, digits, ".", "_", "~" and "-", e.g. "access_type".');
    }
    if (RESERVED_AUTH_PARAMS.includes(key.toLowerCase())) {
      problem(
        `sets "${key}", which the app sets itself.`,
        `Remove it: ${RESERVED_AUTH_PARAMS.join(', ')} come from "clientId", "scopes", "pkce", "redirectPort"/"redirectPath" and each attempt.`,
      );
    }
    if (SECRET_AUTH_PARAMS.includes(key.toLowerCase())) {
      problem(
        `sets "${key}", which would put a secret in the authorization URL (the browser shows it and keeps it in its history).`,
        key.toLowerCase() === 'client_secret'
          ? 'Remove it and put the secret in "clientSecret": the app sends it only to the token endpoint.'
          : 'Remove it: the authorization request carries no credentials.',
      );
    }
    // Values are not echoed: someone may have put a credential here.
    if (typeof raw !== 'string') {
      const asText = typeof raw === 'number' || typeof raw === 'boolean' ? ` Write it in quotes: "${String(raw)}".` : '';
      problem(`"${key}" must be a text; got ${describeType(raw)}.`, hint + asText);
    }
    const text = raw as string;
    if (CONTROL_CHARACTERS.test(text)) problem(`"${key}" contains a line break or control character.`, hint);
    if (text.length > MAX_EXTRA_PARAM_VALUE_LENGTH) problem(`"${key}" is longer than ${MAX_EXTRA_PARAM_VALUE_LENGTH} characters.`, hint);
    out.push([key, text]);
  }
  // fromEntries defines own properties, so a "__proto__" key stays a plain entry.
  return Object.fromEntries(out);
}

const INVALID: unique symbol = Symbol('invalid');
type Checked<T> = T | typeof INVALID;

function ownerOf(taken: CustomProviderContext['takenIds'], id: string): string | null {
  if (taken === undefined) return null;
  if (taken instanceof Map) return taken.has(id) ? ((taken.get(id) as string | undefined) ?? 'another provider') : null;
  for (const t of taken as Iterable<string>) if (t === id) return 'another provider';
  return null;
}

/** Validates a definition field by field; every problem is reported, not just the first. */
export function checkCustomProvider(input: unknown, context: CustomProviderContext = {}): CustomProviderCheck {
  const errors: ProviderConfigError[] = [];
  const base: { file: string | null; providerId: string | null; providerIndex: number | null } = {
    file: context.file ?? null,
    providerId: null,
    providerIndex: context.index ?? null,
  };
  const report = (field: string | null, text: string, hint: string, code: string) => {
    const location: ProviderConfigLocation = { ...base, field };
    const prefix = locationPrefix(location) || 'Custom provider';
    const message = field === null ? `${prefix} ${text}` : `${prefix}: "${field}" ${text}`;
    errors.push(new ProviderConfigError(code, message, location, { hint }));
  };
  const field = <T>(name: string, check: () => T): Checked<T> => {
    try {
      return check();
    } catch (error) {
      if (!(error instanceof FieldProblem)) throw error;
      report(name, error.problem, error.hint, error.code);
      return INVALID;
    }
  };

  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    report(null, `must be an object like {"id": "acme", "displayName": "Acme", "issuer": "https://…", "clientId": "…"}; got ${describeType(input)}.`, 'Each item of "providers" is one provider object.', PROVIDER_CONFIG_INVALID);
    return { definition: null, errors };
  }
  const raw = input as Record<string, unknown>;

  const id = field('id', () => checkId(raw.id));
  if (id !== INVALID) {
    base.providerId = id;
    const owner = ownerOf(context.takenIds, id);
    if (owner !== null) {
      report('id', `${quote(id)} is already used by ${owner}.`, 'Each provider needs its own id: rename one of them.', PROVIDER_CONFIG_DUPLICATE_ID);
    }
  }

  for (const key of Object.keys(raw)) {
    if (CUSTOM_PROVIDER_FIELDS.includes(key)) continue;
    const suggestion = suggestField(key);
    report(
      key,
      'is not a known field.',
      (suggestion === null ? '' : `Did you mean "${suggestion}"? `) + `Known fields: ${CUSTOM_PROVIDER_FIELDS.join(', ')}.`,
      PROVIDER_CONFIG_UNKNOWN_FIELD,
    );
  }

  const displayName = field('displayName', () => checkDisplayName(raw.displayName));

  let endpoints: Checked<CustomProviderEndpoints> = INVALID;
  const hasIssuer = !isAbsent(raw.issuer);
  const hasManual = !isAbsent(raw.authorizationEndpoint) || !isAbsent(raw.tokenEndpoint);
  const endpointHint = 'Give "issuer" (the app discovers the endpoints), or "authorizationEndpoint" and "tokenEndpoint".';
  if (hasIssuer && hasManual) {
    report('issuer', 'and "authorizationEndpoint"/"tokenEndpoint" are both set.', `${endpointHint} Not both: remove one way.`, PROVIDER_CONFIG_INVALID);
  } else if (hasIssuer) {
    const issuer = field('issuer', () => checkProviderUrl(raw.issuer, { issuer: true }));
    if (issuer !== INVALID) endpoints = { kind: 'discovery', issuer };
  } else if (hasManual) {
    const authorizationEndpoint = field('authorizationEndpoint', () => checkProviderUrl(raw.authorizationEndpoint));
    const tokenEndpoint = field('tokenEndpoint', () => checkProviderUrl(raw.tokenEndpoint));
    if (authorizationEndpoint !== INVALID && tokenEndpoint !== INVALID) endpoints = { kind: 'manual', authorizationEndpoint, tokenEndpoint };
  } else {
    report('issuer', 'is missing, and so are "authorizationEndpoint" and "tokenEndpoint".', endpointHint, PROVIDER_CONFIG_INVALID);
  }
  const revocationEndpoint = field('revocationEndpoint', () => optionalUrl(raw.revocationEndpoint));
  const userinfoEndpoint = field('userinfoEndpoint', () => optionalUrl(raw.userinfoEndpoint));

  const clientId = field('clientId', () => checkClientId(raw.clientId));
  const clientSecret = field('clientSecret', () => checkClientSecret(raw.clientSecret));
  const authMethod = field('clientAuthMethod', (): ClientAuthMethod => {
    if (clientSecret === INVALID) return oneOf(raw.clientAuthMethod, CLIENT_AUTH_METHODS, 'none');
    const fallback: ClientAuthMethod = clientSecret === null ? 'none' : 'client_secret_basic';
    const method = oneOf(raw.clientAuthMethod, CLIENT_AUTH_METHODS, fallback, ' The default is "none" without a client secret and "client_secret_basic" with one.');
    if (method === 'none' && clientSecret !== null) {
      problem('is "none", but a client secret is set.', 'Remove "clientSecret" for a public client, or choose "client_secret_basic" or "client_secret_post" (as the provider\'s documentation says).');
    }
    if (method !== 'none' && clientSecret === null) {
      problem(`is "${method}", which needs a client secret, but "clientSecret" is not set.`, 'Add "clientSecret", or use "none" for a public client (PKCE only).');
    }
    return method;
  });

  const scopes = field('scopes', () => checkScopes(raw.scopes));
  const pkce = field('pkce', () => oneOf(raw.pkce, PKCE_SETTINGS, 'S256', ' Choose "plain" or "off" only for a server that cannot do S256.'));
  const authMode = field('authMode', () => oneOf(raw.authMode, AUTH_MODES, 'system-browser'));
  const redirectPort = field('redirectPort', () => checkRedirectPort(raw.redirectPort));
  const redirectPath = field('redirectPath', () => checkRedirectPath(raw.redirectPath));
  const extraAuthParams = field('extraAuthParams', () => checkExtraAuthParams(raw.extraAuthParams));
  const dataUrl = field('dataUrl', () => optionalUrl(raw.dataUrl));

  if (
    errors.length > 0 ||
    id === INVALID ||
    displayName === INVALID ||
    endpoints === INVALID ||
    revocationEndpoint === INVALID ||
    userinfoEndpoint === INVALID ||
    clientId === INVALID ||
    clientSecret === INVALID ||
    authMethod === INVALID ||
    scopes === INVALID ||
    pkce === INVALID ||
    authMode === INVALID ||
    redirectPort === INVALID ||
    redirectPath === INVALID ||
    extraAuthParams === INVALID ||
    dataUrl === INVALID
  ) {
    return { definition: null, errors };
  }

  const definition: CustomProviderDefinition = Object.freeze({
    id,
    displayName,
    endpoints: Object.freeze(endpoints),
    revocationEndpoint,
    userinfoEndpoint,
    client: Object.freeze({ clientId, clientSecret, authMethod }),
    scopes: Object.freeze(scopes),
    pkce,
    pkceMethod: pkce === 'off' ? null : pkce,
    authMode,
    redirectPort,
    redirectPath,
    extraAuthParams: Object.freeze(extraAuthParams),
    dataUrl,
  });
  return { definition, errors: [] };
}

/** The normalized, frozen definition; throws the first problem as a ProviderConfigError. */
export function parseCustomProvider(input: unknown, context: CustomProviderContext = {}): CustomProviderDefinition {
  const { definition, errors } = checkCustomProvider(input, context);
  if (definition === null) throw errors[0]!;
  return definition;
}

/**
 * The input form of a definition (what the providers file holds), with defaults written out.
 * `parseCustomProvider(serializeCustomProvider(d, {includeClientSecret: true}))` equals `d`. Leave the
 * secret out when storing it elsewhere (encrypted, S20) and put it back before parsing.
 */
export function serializeCustomProvider(definition: CustomProviderDefinition, options: { includeClientSecret: boolean }): Record<string, unknown> {
  const out: Record<string, unknown> = { id: definition.id, displayName: definition.displayName };
  if (definition.endpoints.kind === 'discovery') {
    out.issuer = definition.endpoints.issuer;
  } else {
    out.authorizationEndpoint = definition.endpoints.authorizationEndpoint;
    out.tokenEndpoint = definition.endpoints.tokenEndpoint;
  }
  if (definition.revocationEndpoint !== null) out.revocationEndpoint = definition.revocationEndpoint;
  if (definition.userinfoEndpoint !== null) out.userinfoEndpoint = definition.userinfoEndpoint;
  out.clientId = definition.client.clientId;
  if (options.includeClientSecret && definition.client.clientSecret !== null) out.clientSecret = definition.client.clientSecret;
  out.clientAuthMethod = definition.client.authMethod;
  out.scopes = [...definition.scopes];
  out.pkce = definition.pkce;
  out.authMode = definition.authMode;
  out.redirectPort = definition.redirectPort;
  out.redirectPath = definition.redirectPath;
  out.extraAuthParams = Object.fromEntries(Object.entries(definition.extraAuthParams));
  if (definition.dataUrl !== null) out.dataUrl = definition.dataUrl;
  return out;
}
