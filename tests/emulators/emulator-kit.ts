/**
 * Shared parts of the provider emulators (Google, X, Discord, legacy Fitbit): a loopback HTTP
 * server on 127.0.0.1 port 0, body and form parsing, client authentication parsing (RFC 6749
 * 2.3.1), PKCE checks, response helpers (JSON, problem+json, redirects, HTML error pages), random
 * tokens, a token book (codes, grants, access and refresh tokens on an injectable clock), injected
 * faults and a request log.
 *
 * The request log records method, path (never the query string), status and a non-secret label
 * such as the grant type; never a token, code, verifier, client secret or header. Every secret an
 * emulator hands out (and its client secret) is available from `secrets()` so tests can search
 * captured output for them (S29).
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Epoch milliseconds; the same shape as the core's `Clock`. */
export interface EmulatorClock {
  now(): number;
}

export const systemEmulatorClock: EmulatorClock = { now: () => Date.now() };

/** A clock that moves only when told to (code lifetimes, expiry, rate-limit windows). */
export interface ManualClock extends EmulatorClock {
  advance(ms: number): void;
  set(epochMs: number): void;
}

export function manualClock(start: number = Date.now()): ManualClock {
  let now = start;
  return {
    now: () => now,
    advance: (ms) => void (now += ms),
    set: (epochMs) => void (now = epochMs),
  };
}

// ---------------------------------------------------------------------------------------------
// Requests and responses

export interface EmulatorRequest {
  readonly method: string;
  readonly url: URL;
  /** `url.pathname`, for routing. */
  readonly path: string;
  /** Lower-cased header names, as Node gives them. */
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

export interface EmulatorResponse {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  /** A non-secret word for the request log (e.g. the grant type). Not sent. */
  readonly label?: string;
}

export function json(status: number, body: unknown, headers?: Readonly<Record<string, string>>): EmulatorResponse {
  return {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', Pragma: 'no-cache', ...headers },
    body: JSON.stringify(body),
  };
}

/** RFC 9457 problem details, as X sends them. */
export function problem(
  status: number,
  fields: { readonly title: string; readonly detail: string; readonly type?: string } & Readonly<Record<string, unknown>>,
  headers?: Readonly<Record<string, string>>,
): EmulatorResponse {
  const { title, detail, type, ...rest } = fields;
  return {
    status,
    headers: { 'Content-Type': 'application/problem+json', 'Cache-Control': 'no-store', ...headers },
    body: JSON.stringify({ title, type: type ?? 'about:blank', status, detail, ...rest }),
  };
}

/** A fixed error page (an authorization endpoint that cannot redirect). Echoes nothing from the request. */
export function htmlPage(status: number, heading: string, text: string): EmulatorResponse {
  const escape = (s: string) => s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
  return {
    status,
    headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' },
    body: `<!doctype html><title>${escape(heading)}</title><h1>${escape(heading)}</h1><p>${escape(text)}</p>`,
  };
}

/** 302 to `target` with `params` appended to its query (keeping any query it has) and an optional fragment. */
export function redirectTo(target: string, params: Readonly<Record<string, string>>, fragment?: string): EmulatorResponse {
  const url = new URL(target);
  for (const [name, value] of Object.entries(params)) url.searchParams.append(name, value);
  if (fragment !== undefined) url.hash = fragment;
  return { status: 302, headers: { Location: url.toString(), 'Cache-Control': 'no-store' } };
}

export function notFound(): EmulatorResponse {
  return { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body: 'Not Found' };
}

export function methodNotAllowed(allow: string): EmulatorResponse {
  return { status: 405, headers: { Allow: allow, 'Content-Type': 'text/plain; charset=utf-8' }, body: 'Method Not Allowed' };
}

// ---------------------------------------------------------------------------------------------
// Parsing

/** True when the body is `application/x-www-form-urlencoded` (parameters such as charset allowed). */
export function isForm(req: EmulatorRequest): boolean {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  return type === 'application/x-www-form-urlencoded';
}

/** The form body's parameters, or undefined when the body is not form-encoded. */
export function readForm(req: EmulatorRequest): URLSearchParams | undefined {
  return isForm(req) ? new URLSearchParams(req.body.toString('utf8')) : undefined;
}

/** The first parameter name that occurs more than once (RFC 6749 3.1 / 3.2 forbid repeats). */
export function repeatedParameter(params: URLSearchParams): string | undefined {
  const seen = new Set<string>();
  for (const name of params.keys()) {
    if (seen.has(name)) return name;
    seen.add(name);
  }
  return undefined;
}

/** The b64token of `Authorization: Bearer <token>` (scheme case-insensitive), or undefined. */
export function bearerToken(req: EmulatorRequest): string | undefined {
  const match = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i.exec(req.headers.authorization ?? '');
  return match?.[1];
}

export interface BasicCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
}

/** RFC 6749 2.3.1's application/x-www-form-urlencoded decoding of one credential. */
function formDecode(value: string): string {
  return decodeURIComponent(value.replaceAll('+', ' '));
}

/**
 * `Authorization: Basic base64(urlencode(id) ":" urlencode(secret))` (RFC 6749 2.3.1): undefined
 * without a Basic header, 'malformed' when it does not decode to an id and a secret.
 */
export function basicCredentials(req: EmulatorRequest): BasicCredentials | 'malformed' | undefined {
  const header = req.headers.authorization;
  if (header === undefined || !/^Basic\b/i.test(header)) return undefined;
  const match = /^Basic +([A-Za-z0-9+/]+=*) *$/i.exec(header);
  if (!match) return 'malformed';
  const decoded = Buffer.from(match[1] as string, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return 'malformed';
  try {
    return { clientId: formDecode(decoded.slice(0, colon)), clientSecret: formDecode(decoded.slice(colon + 1)) };
  } catch {
    return 'malformed';
  }
}

/** The header value a client would send for client_secret_basic (for tests). */
export function basicAuthorization(clientId: string, clientSecret: string): string {
  const encode = (s: string) => encodeURIComponent(s).replace(/%20/g, '+');
  return 'Basic ' + Buffer.from(`${encode(clientId)}:${encode(clientSecret)}`, 'utf8').toString('base64');
}

// ---------------------------------------------------------------------------------------------
// PKCE and tokens

const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;

export function s256(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

/** RFC 7636 4.6: does `verifier` match the challenge stored with the code? */
export function pkceMatches(method: string, challenge: string, verifier: string): boolean {
  if (!VERIFIER.test(verifier)) return false;
  if (method === 'S256') return s256(verifier) === challenge;
  if (method === 'plain') return verifier === challenge;
  return false;
}

/** `prefix` + `bytes` random bytes in base64url. */
export function randomToken(prefix: string, bytes = 32): string {
  return prefix + randomBytes(bytes).toString('base64url');
}

/** Random lower-case letters and digits (Discord-style tokens). */
export function randomAlphanumeric(length: number): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const bytes = randomBytes(length);
  let out = '';
  for (const byte of bytes) out += alphabet[byte % alphabet.length];
  return out;
}

/** The loopback redirect URI a test client uses (e.g. http://127.0.0.1:53123/callback). */
export function isLoopbackHttpUri(value: string, hosts: readonly string[] = ['127.0.0.1', '[::1]', 'localhost']): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  return url.protocol === 'http:' && hosts.includes(url.hostname) && url.username === '' && url.password === '' && url.hash === '';
}

// ---------------------------------------------------------------------------------------------
// The token book

export interface Grant {
  readonly id: number;
  readonly clientId: string;
  readonly userId: string;
  scopes: readonly string[];
  revoked: boolean;
}

export interface IssuedCode {
  readonly value: string;
  readonly issuedAt: number;
  readonly clientId: string;
  readonly userId: string;
  readonly redirectUri: string;
  readonly scopes: readonly string[];
  readonly codeChallenge: string | null;
  readonly codeChallengeMethod: string | null;
  /** Provider-specific facts about the authorization request (access_type, prompt, nonce…). */
  readonly extras: Readonly<Record<string, string>>;
  used: boolean;
}

export interface IssuedAccessToken {
  readonly value: string;
  readonly grant: Grant;
  readonly scopes: readonly string[];
  readonly issuedAt: number;
  expiresAt: number;
}

export interface IssuedRefreshToken {
  readonly value: string;
  readonly grant: Grant;
  readonly issuedAt: number;
  /** When it was used (single-use refresh tokens) or dropped; null while usable. */
  spentAt: number | null;
  /** Refresh tokens with a limited life (e.g. Google apps in "Testing" status). */
  readonly expiresAt: number | null;
}

export type AccessTokenStatus = 'valid' | 'expired' | 'revoked' | 'unknown';
export type RefreshTokenStatus = 'active' | 'spent' | 'expired' | 'revoked' | 'unknown';
export type CodeRedemption =
  | { readonly outcome: 'ok'; readonly code: IssuedCode }
  | { readonly outcome: 'unknown' | 'used' | 'expired'; readonly code?: IssuedCode };

export interface TokenBook {
  issueCode(fields: Omit<IssuedCode, 'value' | 'issuedAt' | 'used'>, prefix?: string): string;
  /** Marks the code used; a second redemption answers 'used'. */
  redeemCode(value: string, ttlMs: number): CodeRedemption;
  newGrant(clientId: string, userId: string, scopes: readonly string[]): Grant;
  /** Live (not revoked) grants of a client and user, oldest first. */
  grantsOf(clientId: string, userId: string): Grant[];
  issueAccessToken(grant: Grant, ttlSeconds: number, prefix: string, scopes?: readonly string[]): IssuedAccessToken;
  issueRefreshToken(grant: Grant, prefix: string, ttlSeconds?: number | null): IssuedRefreshToken;
  accessToken(value: string): { readonly status: AccessTokenStatus; readonly token?: IssuedAccessToken };
  refreshToken(value: string): { readonly status: RefreshTokenStatus; readonly token?: IssuedRefreshToken };
  /** Live refresh tokens of a grant, oldest first. */
  liveRefreshTokens(grant: Grant): IssuedRefreshToken[];
  revokeGrant(grant: Grant): void;
  revokeAll(): void;
  /** Makes every access token issued so far expired (the provider's clock ran past them). */
  expireAccessTokens(): void;
  /** Every code and token ever issued, by kind, in order. */
  issued(): { readonly codes: readonly string[]; readonly accessTokens: readonly string[]; readonly refreshTokens: readonly string[] };
  /** Every code and token ever issued. */
  secrets(): string[];
  counts(): { readonly codes: number; readonly accessTokens: number; readonly refreshTokens: number; readonly grants: number };
}

export function createTokenBook(clock: EmulatorClock): TokenBook {
  const codes = new Map<string, IssuedCode>();
  const access = new Map<string, IssuedAccessToken>();
  const refresh = new Map<string, IssuedRefreshToken>();
  const grants: Grant[] = [];
  let nextGrant = 1;
  return {
    issueCode(fields, prefix = '') {
      const value = randomToken(prefix, 24);
      codes.set(value, { ...fields, value, issuedAt: clock.now(), used: false });
      return value;
    },
    redeemCode(value, ttlMs) {
      const code = codes.get(value);
      if (code === undefined) return { outcome: 'unknown' };
      if (code.used) return { outcome: 'used', code };
      code.used = true;
      if (clock.now() - code.issuedAt >= ttlMs) return { outcome: 'expired', code };
      return { outcome: 'ok', code };
    },
    newGrant(clientId, userId, scopes) {
      const grant: Grant = { id: nextGrant++, clientId, userId, scopes: [...scopes], revoked: false };
      grants.push(grant);
      return grant;
    },
    grantsOf: (clientId, userId) => grants.filter((g) => !g.revoked && g.clientId === clientId && g.userId === userId),
    issueAccessToken(grant, ttlSeconds, prefix, scopes) {
      const now = clock.now();
      const token: IssuedAccessToken = { value: randomToken(prefix, 48), grant, scopes: [...(scopes ?? grant.scopes)], issuedAt: now, expiresAt: now + ttlSeconds * 1000 };
      access.set(token.value, token);
      return token;
    },
    issueRefreshToken(grant, prefix, ttlSeconds) {
      const now = clock.now();
      const token: IssuedRefreshToken = {
        value: randomToken(prefix, 48),
        grant,
        issuedAt: now,
        spentAt: null,
        expiresAt: ttlSeconds === undefined || ttlSeconds === null ? null : now + ttlSeconds * 1000,
      };
      refresh.set(token.value, token);
      return token;
    },
    accessToken(value) {
      const token = access.get(value);
      if (token === undefined) return { status: 'unknown' };
      if (token.grant.revoked) return { status: 'revoked', token };
      if (clock.now() >= token.expiresAt) return { status: 'expired', token };
      return { status: 'valid', token };
    },
    refreshToken(value) {
      const token = refresh.get(value);
      if (token === undefined) return { status: 'unknown' };
      if (token.grant.revoked) return { status: 'revoked', token };
      if (token.spentAt !== null) return { status: 'spent', token };
      if (token.expiresAt !== null && clock.now() >= token.expiresAt) return { status: 'expired', token };
      return { status: 'active', token };
    },
    liveRefreshTokens: (grant) =>
      [...refresh.values()].filter((t) => t.grant === grant && !grant.revoked && t.spentAt === null && (t.expiresAt === null || clock.now() < t.expiresAt)),
    revokeGrant(grant) {
      grant.revoked = true;
    },
    revokeAll() {
      for (const grant of grants) grant.revoked = true;
    },
    expireAccessTokens() {
      const now = clock.now();
      for (const token of access.values()) token.expiresAt = Math.min(token.expiresAt, now);
    },
    issued: () => ({ codes: [...codes.keys()], accessTokens: [...access.keys()], refreshTokens: [...refresh.keys()] }),
    secrets: () => [...codes.keys(), ...access.keys(), ...refresh.keys()],
    counts: () => ({ codes: codes.size, accessTokens: access.size, refreshTokens: refresh.size, grants: grants.length }),
  };
}

/** Token inspection and controls every emulator offers. */
export interface TokenControls {
  accessTokenStatus(value: string): AccessTokenStatus;
  refreshTokenStatus(value: string): RefreshTokenStatus;
  /** Every code, access token and refresh token issued so far, in order. */
  issuedTokens(): { readonly codes: readonly string[]; readonly accessTokens: readonly string[]; readonly refreshTokens: readonly string[] };
  counts(): { readonly codes: number; readonly accessTokens: number; readonly refreshTokens: number; readonly grants: number };
  /** Ends the grant of this token, as the provider's own revocation would; false for an unknown token. */
  revokeToken(value: string): boolean;
  /** The person removed the app's access at the provider: every token dies. */
  revokeAll(): void;
  /** Every access token issued so far is expired (refresh tokens live on). */
  expireAccessTokens(): void;
}

export function tokenControls(book: TokenBook, revokeGrant: (grant: Grant) => void = (grant) => book.revokeGrant(grant)): TokenControls {
  return {
    accessTokenStatus: (value) => book.accessToken(value).status,
    refreshTokenStatus: (value) => book.refreshToken(value).status,
    issuedTokens: () => book.issued(),
    counts: () => book.counts(),
    revokeToken(value) {
      const grant = book.refreshToken(value).token?.grant ?? book.accessToken(value).token?.grant;
      if (grant === undefined) return false;
      revokeGrant(grant);
      return true;
    },
    revokeAll: () => book.revokeAll(),
    expireAccessTokens: () => book.expireAccessTokens(),
  };
}

// ---------------------------------------------------------------------------------------------
// Request log and injected faults

export interface LoggedRequest {
  readonly at: number;
  readonly method: string;
  /** The path only: never the query string, which may carry a token (e.g. `/revoke?token=`). */
  readonly path: string;
  readonly status: number;
  /** A non-secret word: the grant type at token endpoints, 'injected' for an injected fault, 'rate-limited'… */
  readonly label?: string;
}

export interface RequestLog {
  entries(): readonly LoggedRequest[];
  /** How many logged requests match every given field. */
  count(filter?: { readonly method?: string; readonly path?: string; readonly status?: number; readonly label?: string }): number;
  clear(): void;
}

interface WritableRequestLog extends RequestLog {
  record(entry: LoggedRequest): void;
}

function createRequestLog(): WritableRequestLog {
  const entries: LoggedRequest[] = [];
  return {
    record: (entry) => void entries.push(entry),
    entries: () => [...entries],
    count: (filter = {}) =>
      entries.filter(
        (e) =>
          (filter.method === undefined || e.method === filter.method) &&
          (filter.path === undefined || e.path === filter.path) &&
          (filter.status === undefined || e.status === filter.status) &&
          (filter.label === undefined || e.label === filter.label),
      ).length,
    clear: () => void entries.splice(0),
  };
}

export interface InjectedFault {
  readonly status: number;
  /** Only requests to this path (exact pathname); any path when absent. */
  readonly path?: string;
  /** A string is sent as is; anything else as JSON. */
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** How many matching requests get it (default 1). */
  readonly times?: number;
}

/** The controls every emulator offers. */
export interface EmulatorBase {
  /** e.g. http://127.0.0.1:53123 */
  readonly origin: string;
  readonly log: RequestLog;
  /** The next matching request(s) get this answer instead of the emulator's. */
  failNext(fault: InjectedFault): void;
  /** Every code and token issued so far, plus the client secret(s): for leak searches (S29). */
  secrets(): string[];
  close(): Promise<void>;
}

function faultResponse(fault: InjectedFault): EmulatorResponse {
  if (fault.body === undefined) return { status: fault.status, headers: { 'Content-Type': 'text/plain; charset=utf-8', ...fault.headers }, body: '' };
  if (typeof fault.body === 'string') return { status: fault.status, headers: { 'Content-Type': 'text/plain; charset=utf-8', ...fault.headers }, body: fault.body };
  return json(fault.status, fault.body, fault.headers);
}

// ---------------------------------------------------------------------------------------------
// The server

const MAX_BODY_BYTES = 64 * 1024;

export interface EmulatorServer {
  readonly origin: string;
  readonly log: RequestLog;
  failNext(fault: InjectedFault): void;
  close(): Promise<void>;
}

/**
 * Serves `handle` on 127.0.0.1, port chosen by the OS. Injected faults are answered before
 * `handle` runs (so they carry no rate-limit headers).
 */
export async function startEmulatorServer(
  handle: (req: EmulatorRequest) => EmulatorResponse | Promise<EmulatorResponse>,
  options: { readonly clock?: EmulatorClock } = {},
): Promise<EmulatorServer> {
  const clock = options.clock ?? systemEmulatorClock;
  const log = createRequestLog();
  const faults: Array<{ fault: InjectedFault; left: number }> = [];

  const server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    incoming.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    incoming.on('end', () => {
      const url = new URL(incoming.url ?? '/', 'http://127.0.0.1');
      const req: EmulatorRequest = { method: incoming.method ?? 'GET', url, path: url.pathname, headers: incoming.headers, body: Buffer.concat(chunks) };
      const answer = async (): Promise<EmulatorResponse> => {
        if (tooLarge) return { status: 413, body: 'Payload Too Large' };
        const index = faults.findIndex((f) => f.fault.path === undefined || f.fault.path === req.path);
        const injected = index < 0 ? undefined : faults[index];
        if (injected !== undefined) {
          injected.left -= 1;
          if (injected.left <= 0) faults.splice(index, 1);
          return { ...faultResponse(injected.fault), label: 'injected' };
        }
        return handle(req);
      };
      answer()
        .catch((error: unknown): EmulatorResponse => json(500, { error: 'emulator_failure', error_description: String(error) }))
        .then((response) => {
          log.record({ at: clock.now(), method: req.method, path: req.path, status: response.status, ...(response.label === undefined ? {} : { label: response.label }) });
          const body = response.body ?? '';
          outgoing.writeHead(response.status, { ...response.headers, 'Content-Length': String(Buffer.byteLength(body)) });
          outgoing.end(body);
        });
    });
  });
  server.keepAliveTimeout = 100;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let closed: Promise<void> | undefined;
  return {
    origin,
    log,
    failNext: (fault) => void faults.push({ fault, left: fault.times ?? 1 }),
    close() {
      closed ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closed;
    },
  };
}

/** The response with `headers` added (e.g. the rate-limit headers a provider sends on every answer). */
export function withHeaders(response: EmulatorResponse, headers: Readonly<Record<string, string>>): EmulatorResponse {
  return { ...response, headers: { ...response.headers, ...headers } };
}

/** Space-separated scopes, deduplicated, empty entries dropped. */
export function splitScopes(value: string | null): string[] {
  return [...new Set((value ?? '').split(' ').filter((s) => s !== ''))];
}

// ---------------------------------------------------------------------------------------------
// Rate-limit windows

export interface RateWindow {
  /** Counts one request; `allowed` is false once the window's limit is used up. */
  take(): { readonly allowed: boolean; readonly limit: number; readonly remaining: number; readonly resetAt: number };
  /** The state without counting a request. */
  peek(): { readonly limit: number; readonly remaining: number; readonly resetAt: number };
  /** Uses up what is left of the current window. */
  exhaust(): void;
  configure(limit: number, windowSeconds: number): void;
}

/** A fixed window of `limit` requests per `windowSeconds`, starting with the first request. */
export function createRateWindow(clock: EmulatorClock, limit: number, windowSeconds: number): RateWindow {
  let max = limit;
  let windowMs = windowSeconds * 1000;
  let start = clock.now();
  let used = 0;
  const roll = () => {
    if (clock.now() >= start + windowMs) {
      start = clock.now();
      used = 0;
    }
  };
  const state = () => ({ limit: max, remaining: Math.max(0, max - used), resetAt: start + windowMs });
  return {
    take() {
      roll();
      if (used >= max) return { allowed: false, ...state() };
      used += 1;
      return { allowed: true, ...state() };
    },
    peek() {
      roll();
      return state();
    },
    exhaust() {
      roll();
      used = max;
    },
    configure(newLimit, newWindowSeconds) {
      max = newLimit;
      windowMs = newWindowSeconds * 1000;
      start = clock.now();
      used = 0;
    },
  };
}
