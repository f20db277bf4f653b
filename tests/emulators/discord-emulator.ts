/**
 * A local emulator of Discord's OAuth2 endpoints and `GET /api/v10/users/@me`, following the
 * request rules, response shapes and quirks in /work/shared/reference/providers.md.
 *
 * One server on 127.0.0.1 (port from the OS), path-based routing. A profile under test replaces
 * https://discord.com with `origin`:
 *
 *   GET  /oauth2/authorize
 *   POST /api/oauth2/token          (also /api/v10/oauth2/token)
 *   POST /api/oauth2/token/revoke   (also /api/v10/oauth2/token/revoke)
 *   GET  /api/v10/users/@me         (v9 too; other versions 404)
 *
 * Quirks reproduced: the token and revocation endpoints read only application/x-www-form-urlencoded
 * bodies (a JSON body reads as no parameters at all: 400 unsupported_grant_type 'Invalid
 * "grant_type" in request.'); client authentication by HTTP Basic or client_id + client_secret in
 * the body; PKCE S256 accepted (required only for a public client, `publicClient: true`); exact
 * redirect URIs ("Invalid OAuth2 redirect_uri"); `prompt=consent` accepted; access tokens live
 * 7 days; refresh tokens rotate and are single-use (400 invalid_grant 'Invalid "refresh_token" in
 * request.'); revoking any token ends all of that user's tokens for the app; `/users/@me` has
 * `email` and `verified` only with the `email` scope, `global_name` and `avatar` may be null; 401
 * `{"message":"401: Unauthorized","code":0}`; rate-limit headers (X-RateLimit-Limit, -Remaining,
 * -Reset, -Reset-After, -Bucket) on every /api/ answer, and on 429 `Retry-After`,
 * `X-RateLimit-Scope` and `{"message":"You are being rate limited.","retry_after":…,"global":…}`.
 *
 * Unconfirmed details: the exact answer to a JSON body (Discord does not document it), the texts
 * for a bad code or code_verifier, the code lifetime (10 minutes here), revocation of an unknown
 * token (200 `{}`), and the size of the `/users/@me` window (50 per second here; configurable).
 */
import { basicCredentials, bearerToken, createRateWindow, createTokenBook, htmlPage, json, methodNotAllowed, pkceMatches, randomAlphanumeric, readForm, redirectTo, repeatedParameter, splitScopes, startEmulatorServer, systemEmulatorClock, tokenControls, type EmulatorBase, type EmulatorClock, type EmulatorRequest, type EmulatorResponse, type Grant, type TokenControls, withHeaders } from './emulator-kit.ts';

const DISCORD_SCOPES = ['identify', 'email', 'guilds', 'guilds.join', 'guilds.members.read', 'connections', 'openid', 'role_connections.write'];

export interface DiscordTestUser {
  readonly id: string;
  readonly username: string;
  readonly global_name: string | null;
  readonly avatar: string | null;
  readonly email: string;
  readonly verified: boolean;
  readonly locale: string;
}

export interface DiscordEmulatorOptions {
  readonly clientId?: string;
  readonly clientSecret?: string;
  /** PKCE without a client secret (off by default at Discord). */
  readonly publicClient?: boolean;
  /** Registered redirect URIs, matched exactly. */
  readonly redirectUris?: readonly string[];
  readonly user?: Partial<DiscordTestUser>;
  readonly clock?: EmulatorClock;
  readonly accessTokenTtlSeconds?: number;
  readonly codeTtlSeconds?: number;
  /** The `/users/@me` window. Default 50 requests per second. */
  readonly usersMeRateLimit?: { readonly limit: number; readonly windowSeconds: number };
}

export interface DiscordAuthorizationRecord {
  readonly clientId: string;
  readonly redirectUri: string;
  readonly scopes: readonly string[];
  readonly prompt: string | null;
  readonly codeChallengeMethod: string | null;
  readonly outcome: 'code' | 'access_denied' | 'error';
}

export interface DiscordRateLimit {
  /** How many `/api/` requests get the 429. Default 1. */
  readonly count?: number;
  /** Seconds, possibly fractional. Default 64.57. */
  readonly retryAfterSeconds?: number;
  readonly global?: boolean;
}

export interface DiscordEmulator extends EmulatorBase, TokenControls {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly redirectUris: readonly string[];
  readonly user: DiscordTestUser;
  readonly endpoints: { readonly authorization: string; readonly token: string; readonly revocation: string; readonly usersMe: string };
  authorizationRequests(): readonly DiscordAuthorizationRecord[];
  // Controls
  /** The next `/api/` request(s) get 429 with the given retry_after. */
  rateLimit(limit?: DiscordRateLimit): void;
  /** Uses up the rest of the `/users/@me` window. */
  exhaustRateLimit(): void;
  denyConsent(deny: boolean): void;
}

const DEFAULT_USER: DiscordTestUser = {
  id: '80351110224678912',
  username: 'nelly',
  global_name: 'Nelly',
  avatar: '8342729096ea3675442027381ff50dfe',
  email: 'nelly@example.com',
  verified: true,
  locale: 'en-US',
};

const oauthError = (status: number, error: string, description?: string) =>
  json(status, description === undefined ? { error } : { error, error_description: description });
const unauthorized = () => json(401, { message: '401: Unauthorized', code: 0 });
const TOKEN_PATH = /^\/api(?:\/v\d+)?\/oauth2\/token$/;
const REVOKE_PATH = /^\/api(?:\/v\d+)?\/oauth2\/token\/revoke$/;

export async function startDiscordEmulator(options: DiscordEmulatorOptions = {}): Promise<DiscordEmulator> {
  const clock = options.clock ?? systemEmulatorClock;
  const clientId = options.clientId ?? '1234567890123456789';
  const clientSecret = options.clientSecret ?? 'emulatedDiscordSecret_' + randomAlphanumeric(10);
  const publicClient = options.publicClient ?? false;
  const redirectUris = options.redirectUris ?? ['http://127.0.0.1:8766/callback'];
  const user: DiscordTestUser = { ...DEFAULT_USER, ...options.user };
  const accessTtl = options.accessTokenTtlSeconds ?? 604800;
  const codeTtlMs = (options.codeTtlSeconds ?? 600) * 1000;
  const book = createTokenBook(clock);
  /** Revoking any token of a user ends all of that user's tokens for the app. */
  const revokeUser = (grant: Grant) => {
    for (const g of book.grantsOf(grant.clientId, grant.userId)) book.revokeGrant(g);
  };
  const controls = tokenControls(book, revokeUser);
  const authorizations: DiscordAuthorizationRecord[] = [];
  const usersMeLimit = options.usersMeRateLimit ?? { limit: 50, windowSeconds: 1 };
  const usersMeWindow = createRateWindow(clock, usersMeLimit.limit, usersMeLimit.windowSeconds);
  const oauthWindow = createRateWindow(clock, 1000, 60);
  let forced: { left: number; limit: DiscordRateLimit } | undefined;
  let deny = false;

  // ---- authorization endpoint

  function authorize(req: EmulatorRequest): EmulatorResponse {
    if (req.method !== 'GET') return methodNotAllowed('GET');
    const q = req.url.searchParams;
    const scopes = splitScopes(q.get('scope'));
    const record = (outcome: DiscordAuthorizationRecord['outcome']) =>
      authorizations.push({ clientId: q.get('client_id') ?? '', redirectUri: q.get('redirect_uri') ?? '', scopes, prompt: q.get('prompt'), codeChallengeMethod: q.get('code_challenge_method'), outcome });
    const page = (text: string) => {
      record('error');
      return htmlPage(400, 'Discord', text);
    };
    if (repeatedParameter(q) !== undefined) return page('Invalid OAuth2 request.');
    if (q.get('client_id') !== clientId) return page('Unknown Application');
    const redirectUri = q.get('redirect_uri');
    if (redirectUri === null || !redirectUris.includes(redirectUri)) return page('Invalid OAuth2 redirect_uri');
    const state = q.get('state');
    const withState = (params: Record<string, string>) => (state === null ? params : { ...params, state });
    if (q.get('response_type') !== 'code') {
      record('error');
      return redirectTo(redirectUri, withState({ error: 'unsupported_response_type', error_description: 'The authorization server does not support obtaining an authorization code using this method.' }));
    }
    if (scopes.length === 0 || scopes.some((s) => !DISCORD_SCOPES.includes(s))) {
      record('error');
      return redirectTo(redirectUri, withState({ error: 'invalid_scope', error_description: 'The requested scope is invalid, unknown, or malformed.' }));
    }
    const challenge = q.get('code_challenge');
    const method = q.get('code_challenge_method');
    if ((challenge !== null && method !== 'S256') || (publicClient && challenge === null)) {
      record('error');
      return redirectTo(redirectUri, withState({ error: 'invalid_request', error_description: 'PKCE with code_challenge_method=S256 is required.' }));
    }
    if (deny) {
      record('access_denied');
      return redirectTo(redirectUri, withState({ error: 'access_denied', error_description: 'The resource owner or authorization server denied the request' }));
    }
    const code = book.issueCode({ clientId, userId: user.id, redirectUri, scopes, codeChallenge: challenge, codeChallengeMethod: challenge === null ? null : 'S256', extras: {} });
    record('code');
    return redirectTo(redirectUri, withState({ code }));
  }

  // ---- token and revocation endpoints

  /** Undefined when the client authenticated (Basic or body); else the 401. */
  function clientProblem(req: EmulatorRequest, form: URLSearchParams, allowPublic: boolean): EmulatorResponse | undefined {
    const basic = basicCredentials(req);
    if (basic === 'malformed') return oauthError(401, 'invalid_client');
    const id = basic?.clientId ?? form.get('client_id');
    const secret = basic?.clientSecret ?? form.get('client_secret');
    if (id !== clientId) return oauthError(401, 'invalid_client');
    if (secret === null && publicClient && allowPublic) return undefined;
    if (secret !== clientSecret) return oauthError(401, 'invalid_client');
    return undefined;
  }

  function token(req: EmulatorRequest): EmulatorResponse {
    if (req.method !== 'POST') return methodNotAllowed('POST');
    // Only form bodies are read: JSON (or anything else) arrives as no parameters at all.
    const form = readForm(req) ?? new URLSearchParams();
    const grantType = form.get('grant_type');
    const label = !req.headers['content-type']?.includes('x-www-form-urlencoded') ? 'not-form' : grantType === 'authorization_code' || grantType === 'refresh_token' ? grantType : 'other';
    if (grantType !== 'authorization_code' && grantType !== 'refresh_token') return { ...oauthError(400, 'unsupported_grant_type', 'Invalid "grant_type" in request.'), label };
    if (repeatedParameter(form) !== undefined) return { ...oauthError(400, 'invalid_request', 'Parameters may not be repeated.'), label };
    const rejected = clientProblem(req, form, true);
    if (rejected !== undefined) return { ...rejected, label };
    return { ...(grantType === 'authorization_code' ? exchangeCode(form) : refresh(form)), label };
  }

  function tokenBody(grant: Grant): EmulatorResponse {
    const access = book.issueAccessToken(grant, accessTtl, '');
    const refreshToken = book.issueRefreshToken(grant, '');
    return json(200, { token_type: 'Bearer', access_token: access.value, expires_in: accessTtl, refresh_token: refreshToken.value, scope: grant.scopes.join(' ') });
  }

  function exchangeCode(form: URLSearchParams): EmulatorResponse {
    const value = form.get('code');
    if (value === null) return oauthError(400, 'invalid_request', 'Missing "code" in request.');
    const redeemed = book.redeemCode(value, codeTtlMs);
    if (redeemed.outcome !== 'ok') return oauthError(400, 'invalid_grant', 'Invalid "code" in request.');
    const code = redeemed.code;
    if (form.get('redirect_uri') !== code.redirectUri) return oauthError(400, 'invalid_grant', 'Invalid "redirect_uri" in request.');
    if (code.codeChallenge !== null) {
      const verifier = form.get('code_verifier');
      if (verifier === null || !pkceMatches('S256', code.codeChallenge, verifier)) return oauthError(400, 'invalid_grant', 'Invalid "code_verifier" in request.');
    }
    return tokenBody(book.newGrant(clientId, code.userId, code.scopes));
  }

  function refresh(form: URLSearchParams): EmulatorResponse {
    const value = form.get('refresh_token');
    const found = value === null ? undefined : book.refreshToken(value);
    if (found?.status !== 'active' || found.token === undefined) return oauthError(400, 'invalid_grant', 'Invalid "refresh_token" in request.');
    found.token.spentAt = clock.now();
    return tokenBody(found.token.grant);
  }

  function revoke(req: EmulatorRequest): EmulatorResponse {
    if (req.method !== 'POST') return methodNotAllowed('POST');
    const form = readForm(req) ?? new URLSearchParams();
    const rejected = clientProblem(req, form, true);
    if (rejected !== undefined) return rejected;
    const value = form.get('token');
    if (value === null || value === '') return oauthError(400, 'invalid_request', 'Missing "token" in request.');
    controls.revokeToken(value);
    return json(200, {});
  }

  // ---- GET /api/v10/users/@me

  function usersMe(req: EmulatorRequest): EmulatorResponse {
    if (req.method !== 'GET') return json(405, { message: '405: Method Not Allowed', code: 0 });
    const presented = bearerToken(req);
    const found = presented === undefined ? undefined : book.accessToken(presented);
    if (found?.status !== 'valid' || found.token === undefined || !found.token.scopes.includes('identify')) return unauthorized();
    const body: Record<string, unknown> = {
      id: user.id,
      username: user.username,
      avatar: user.avatar,
      discriminator: '0',
      public_flags: 0,
      flags: 0,
      banner: null,
      accent_color: null,
      global_name: user.global_name,
      avatar_decoration_data: null,
      banner_color: null,
      mfa_enabled: false,
      locale: user.locale,
      premium_type: 0,
    };
    if (found.token.scopes.includes('email')) Object.assign(body, { email: user.email, verified: user.verified });
    return json(200, body);
  }

  function route(req: EmulatorRequest): EmulatorResponse {
    if (req.path === '/oauth2/authorize' || req.path === '/api/oauth2/authorize') return authorize(req);
    if (TOKEN_PATH.test(req.path)) return token(req);
    if (REVOKE_PATH.test(req.path)) return revoke(req);
    if (req.path === '/api/v10/users/@me' || req.path === '/api/v9/users/@me') return usersMe(req);
    return json(404, { message: '404: Not Found', code: 0 });
  }

  const rateLimited = (retryAfter: number, global: boolean, headers: Record<string, string>): EmulatorResponse => ({
    ...json(429, { message: 'You are being rate limited.', retry_after: retryAfter, global }, {
      ...headers,
      'Retry-After': String(Math.ceil(retryAfter)),
      'X-RateLimit-Scope': global ? 'global' : 'user',
      ...(global ? { 'X-RateLimit-Global': 'true' } : {}),
    }),
    label: 'rate-limited',
  });

  /** Rate-limit headers on every /api/ answer; a used-up window (or a forced limit) answers 429. */
  function withRateLimit(req: EmulatorRequest): EmulatorResponse {
    if (!req.path.startsWith('/api/')) return route(req);
    const isUsersMe = req.path.endsWith('/users/@me');
    const window = isUsersMe ? usersMeWindow : oauthWindow;
    const taken = window.take();
    const now = clock.now();
    const resetAfter = Math.max(0, taken.resetAt - now) / 1000;
    const headers: Record<string, string> = {
      'X-RateLimit-Limit': String(taken.limit),
      'X-RateLimit-Remaining': String(taken.remaining),
      'X-RateLimit-Reset': (taken.resetAt / 1000).toFixed(3),
      'X-RateLimit-Reset-After': resetAfter.toFixed(3),
      'X-RateLimit-Bucket': isUsersMe ? 'a06de8ed2d5d1ab6b0b0c1f8e2d5f5d1' : '1f1d1e8e7c3f1c9b4e8d2a6c5b7e9f01',
    };
    if (forced !== undefined) {
      const { limit } = forced;
      forced.left -= 1;
      if (forced.left <= 0) forced = undefined;
      const retryAfter = limit.retryAfterSeconds ?? 64.57;
      return rateLimited(retryAfter, limit.global ?? false, { ...headers, 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset-After': retryAfter.toFixed(3), 'X-RateLimit-Reset': ((now / 1000) + retryAfter).toFixed(3) });
    }
    if (!taken.allowed) return rateLimited(Number(resetAfter.toFixed(3)), false, headers);
    const response = route(req);
    return withHeaders(response, headers);
  }

  const server = await startEmulatorServer(withRateLimit, { clock });
  const origin = server.origin;
  return {
    ...server,
    clientId,
    clientSecret,
    redirectUris,
    user,
    endpoints: {
      authorization: `${origin}/oauth2/authorize`,
      token: `${origin}/api/oauth2/token`,
      revocation: `${origin}/api/oauth2/token/revoke`,
      usersMe: `${origin}/api/v10/users/@me`,
    },
    secrets: () => [clientSecret, ...book.secrets()],
    authorizationRequests: () => [...authorizations],
    ...controls,
    rateLimit: (limit = {}) => void (forced = { left: limit.count ?? 1, limit }),
    exhaustRateLimit: () => usersMeWindow.exhaust(),
    denyConsent: (value) => void (deny = value),
  };
}
