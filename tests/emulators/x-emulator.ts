/**
 * A local emulator of X's OAuth 2.0 endpoints and `GET /2/users/me`, following the request rules,
 * response shapes and quirks in /work/shared/reference/providers.md.
 *
 * One server on 127.0.0.1 (port from the OS), path-based routing. A profile under test replaces
 * both hosts with `origin`:
 *
 *   https://x.com     → origin   GET  /i/oauth2/authorize
 *   https://api.x.com → origin   POST /2/oauth2/token, POST /2/oauth2/revoke, GET /2/users/me
 *
 * Quirks reproduced: PKCE required; the redirect URI must equal the registered one exactly (a
 * mismatch, like any other authorization error, shows only "Something went wrong"); authorization
 * codes live 30 seconds (the clock is injectable); `offline.access` is needed for a refresh token;
 * refresh tokens rotate and are single-use, a spent one gives 400 invalid_request "Value passed for
 * the token was invalid." (or invalid_grant, as some reports show: `spentRefreshTokenError`);
 * public ("Native App") clients send client_id in the body, confidential ("Web App") clients must use
 * HTTP Basic, otherwise 401 unauthorized_client "Missing valid authorization header" (a secret in
 * the body does not count); `token_type` is lowercase "bearer"; API errors are problem+json;
 * `x-rate-limit-limit`/`-remaining`/`-reset` (epoch seconds) on every /2/ response, 429 when a
 * window is used up (`/2/users/me`: 75 per 15 minutes); 402 CreditsDepleted when credits run out;
 * `public_metrics` names the post count `tweet_count` or, in newer answers, `post_count`.
 *
 * Unconfirmed details (the documentation is silent): the error texts for a wrong code_verifier or
 * redirect_uri at the token endpoint (the invalid-code text is used), revoking an unknown token
 * (200 `{"revoked":true}`), revocation ending the whole grant, the limits of the OAuth endpoints'
 * windows (500 per 15 minutes here), and the 403 body for a token without the needed scopes.
 */
import { basicCredentials, bearerToken, createRateWindow, createTokenBook, htmlPage, json, methodNotAllowed, pkceMatches, problem, readForm, redirectTo, repeatedParameter, splitScopes, startEmulatorServer, systemEmulatorClock, tokenControls, type EmulatorBase, type EmulatorClock, type EmulatorRequest, type EmulatorResponse, type RateWindow, type TokenControls, withHeaders } from './emulator-kit.ts';

export const X_SCOPES = [
  'tweet.read', 'tweet.write', 'tweet.moderate.write', 'users.read', 'users.email', 'follows.read', 'follows.write',
  'offline.access', 'space.read', 'mute.read', 'mute.write', 'like.read', 'like.write', 'list.read', 'list.write',
  'block.read', 'block.write', 'bookmark.read', 'bookmark.write', 'media.write',
] as const;

const USER_FIELDS = [
  'affiliation', 'confirmed_email', 'connection_status', 'created_at', 'description', 'entities', 'id', 'location',
  'most_recent_tweet_id', 'name', 'pinned_tweet_id', 'profile_banner_url', 'profile_image_url', 'protected',
  'public_metrics', 'receives_your_dm', 'subscription_type', 'url', 'username', 'verified', 'verified_type', 'withheld',
];

export interface XTestUser {
  readonly id: string;
  readonly name: string;
  readonly username: string;
  readonly description: string;
  readonly profile_image_url: string;
  readonly created_at: string;
  readonly confirmed_email: string;
  readonly followers_count: number;
  readonly following_count: number;
  readonly post_count: number;
  readonly listed_count: number;
  readonly like_count: number;
}

export interface XEmulatorOptions {
  readonly clientId?: string;
  /** A confidential ("Web App") client when set: HTTP Basic required. Default: a public ("Native App") client. */
  readonly clientSecret?: string | null;
  /** The registered redirect URI, matched exactly (trailing slash included). */
  readonly redirectUri?: string;
  readonly user?: Partial<XTestUser>;
  readonly clock?: EmulatorClock;
  readonly codeTtlSeconds?: number;
  readonly accessTokenTtlSeconds?: number;
  /** 'tweet_count' (default, as documented), 'post_count' (newer answers, with like_count) or 'both'. */
  readonly metricsNaming?: 'tweet_count' | 'post_count' | 'both';
  /** The error of a spent refresh token: 'invalid_request' (default) or 'invalid_grant'. */
  readonly spentRefreshTokenError?: 'invalid_request' | 'invalid_grant';
  /** `/2/users/me` window. Default 75 requests per 900 seconds. */
  readonly usersMeRateLimit?: { readonly limit: number; readonly windowSeconds: number };
}

export interface XAuthorizationRecord {
  readonly clientId: string;
  readonly redirectUri: string;
  readonly scopes: readonly string[];
  readonly codeChallengeMethod: string | null;
  readonly outcome: 'code' | 'access_denied' | 'error';
}

export interface XEmulator extends EmulatorBase, TokenControls {
  readonly clientId: string;
  readonly clientSecret: string | null;
  readonly redirectUri: string;
  readonly user: XTestUser;
  readonly endpoints: { readonly authorization: string; readonly token: string; readonly revocation: string; readonly usersMe: string };
  authorizationRequests(): readonly XAuthorizationRecord[];
  /** The `/2/users/me` window right now. */
  rateLimitState(): { readonly limit: number; readonly remaining: number; readonly resetAt: number };
  // Controls
  /** Uses up the rest of the `/2/users/me` window: the next requests get 429 until it resets. */
  exhaustRateLimit(): void;
  setRateLimit(limit: number, windowSeconds: number): void;
  /** Paid usage ran out: API calls get 402 CreditsDepleted. */
  depleteCredits(depleted: boolean): void;
  denyConsent(deny: boolean): void;
}

const DEFAULT_USER: XTestUser = {
  id: '1460123456789012345',
  name: 'Ada Example',
  username: 'ada_example',
  description: 'Counting things & "engines" <since 1843>',
  profile_image_url: 'https://pbs.twimg.com/profile_images/1460/emulated_normal.jpg',
  created_at: '2019-05-01T12:00:00.000Z',
  confirmed_email: 'ada@example.com',
  followers_count: 120,
  following_count: 80,
  post_count: 450,
  listed_count: 2,
  like_count: 1337,
};

const SOMETHING_WENT_WRONG = () =>
  htmlPage(400, 'Something went wrong', "You weren't able to give access to the App. Go back and try logging in again.");

const oauthError = (status: number, error: string, description: string) => json(status, { error, error_description: description });
const missingAuthorization = () => oauthError(401, 'unauthorized_client', 'Missing valid authorization header');

export async function startXEmulator(options: XEmulatorOptions = {}): Promise<XEmulator> {
  const clock = options.clock ?? systemEmulatorClock;
  const clientId = options.clientId ?? 'ZW11bGF0ZWQteC1jbGllbnQ6MTpjaQ';
  const clientSecret = options.clientSecret ?? null;
  const redirectUri = options.redirectUri ?? 'http://127.0.0.1:8765/callback';
  const user: XTestUser = { ...DEFAULT_USER, ...options.user };
  const codeTtlMs = (options.codeTtlSeconds ?? 30) * 1000;
  const accessTtl = options.accessTokenTtlSeconds ?? 7200;
  const naming = options.metricsNaming ?? 'tweet_count';
  const spentError = options.spentRefreshTokenError ?? 'invalid_request';
  const book = createTokenBook(clock);
  const controls = tokenControls(book);
  const authorizations: XAuthorizationRecord[] = [];
  const usersMeLimit = options.usersMeRateLimit ?? { limit: 75, windowSeconds: 900 };
  const windows = new Map<string, RateWindow>([['/2/users/me', createRateWindow(clock, usersMeLimit.limit, usersMeLimit.windowSeconds)]]);
  let creditsDepleted = false;
  let deny = false;

  const windowFor = (path: string): RateWindow => {
    let window = windows.get(path);
    if (window === undefined) {
      window = createRateWindow(clock, 500, 900);
      windows.set(path, window);
    }
    return window;
  };

  // ---- authorization endpoint

  function authorize(req: EmulatorRequest): EmulatorResponse {
    if (req.method !== 'GET') return methodNotAllowed('GET');
    const q = req.url.searchParams;
    const scopes = splitScopes(q.get('scope'));
    const record = (outcome: XAuthorizationRecord['outcome']) =>
      authorizations.push({ clientId: q.get('client_id') ?? '', redirectUri: q.get('redirect_uri') ?? '', scopes, codeChallengeMethod: q.get('code_challenge_method'), outcome });
    const challenge = q.get('code_challenge');
    const method = q.get('code_challenge_method');
    const state = q.get('state');
    const valid =
      repeatedParameter(q) === undefined &&
      q.get('client_id') === clientId &&
      q.get('redirect_uri') === redirectUri &&
      q.get('response_type') === 'code' &&
      scopes.length > 0 &&
      scopes.every((s) => (X_SCOPES as readonly string[]).includes(s)) &&
      state !== null && state !== '' &&
      challenge !== null && challenge !== '' &&
      (method === 'S256' || method === 'plain');
    if (!valid || state === null || challenge === null || method === null) {
      record('error');
      return SOMETHING_WENT_WRONG();
    }
    if (deny) {
      record('access_denied');
      return redirectTo(redirectUri, { error: 'access_denied', state });
    }
    const code = book.issueCode({ clientId, userId: user.id, redirectUri, scopes, codeChallenge: challenge, codeChallengeMethod: method, extras: {} });
    record('code');
    return redirectTo(redirectUri, { state, code });
  }

  // ---- client authentication (token and revocation endpoints)

  /** Undefined when the client authenticated as its type requires; else the answer. */
  function clientProblem(req: EmulatorRequest, form: URLSearchParams): EmulatorResponse | undefined {
    const basic = basicCredentials(req);
    if (clientSecret !== null) {
      // Confidential: Basic only; client_secret in the body does not authenticate.
      if (basic === undefined || basic === 'malformed') return missingAuthorization();
      if (basic.clientId !== clientId || basic.clientSecret !== clientSecret) return missingAuthorization();
      return undefined;
    }
    if (basic !== undefined) return missingAuthorization();
    const id = form.get('client_id');
    if (id === null || id === '') return oauthError(400, 'invalid_request', 'Missing required parameter [client_id].');
    if (id !== clientId) return missingAuthorization();
    return undefined;
  }

  function readTokenForm(req: EmulatorRequest): URLSearchParams | EmulatorResponse {
    if (req.method !== 'POST') return methodNotAllowed('POST');
    const form = readForm(req);
    // X does not read JSON bodies: the parameters simply are not there.
    if (form === undefined) return oauthError(400, 'invalid_request', 'Missing required parameter [grant_type].');
    if (repeatedParameter(form) !== undefined) return oauthError(400, 'invalid_request', 'Parameters may not be repeated.');
    return form;
  }

  // ---- token endpoint

  function token(req: EmulatorRequest): EmulatorResponse {
    const form = readTokenForm(req);
    if (!(form instanceof URLSearchParams)) return form;
    const grantType = form.get('grant_type');
    const label = grantType === 'authorization_code' || grantType === 'refresh_token' ? grantType : 'other';
    const rejected = clientProblem(req, form);
    if (rejected !== undefined) return { ...rejected, label };
    return { ...exchange(form, grantType), label };
  }

  function tokenBody(grant: Parameters<typeof book.issueAccessToken>[0], withRefresh: boolean): EmulatorResponse {
    const access = book.issueAccessToken(grant, accessTtl, '');
    return json(200, {
      token_type: 'bearer',
      expires_in: accessTtl,
      access_token: access.value,
      scope: grant.scopes.join(' '),
      ...(withRefresh ? { refresh_token: book.issueRefreshToken(grant, '').value } : {}),
    });
  }

  function exchange(form: URLSearchParams, grantType: string | null): EmulatorResponse {
    if (grantType === 'authorization_code') {
      const value = form.get('code');
      if (value === null) return oauthError(400, 'invalid_request', 'Missing required parameter [code].');
      const invalidCode = () => oauthError(400, 'invalid_request', 'Value passed for the authorization code was invalid.');
      const redeemed = book.redeemCode(value, codeTtlMs);
      if (redeemed.outcome !== 'ok') return invalidCode();
      const code = redeemed.code;
      if (form.get('redirect_uri') !== code.redirectUri) return invalidCode();
      const verifier = form.get('code_verifier');
      if (verifier === null) return oauthError(400, 'invalid_request', 'Missing required parameter [code_verifier].');
      if (!pkceMatches(code.codeChallengeMethod ?? '', code.codeChallenge ?? '', verifier)) return invalidCode();
      const grant = book.newGrant(clientId, code.userId, code.scopes);
      return tokenBody(grant, code.scopes.includes('offline.access'));
    }
    if (grantType === 'refresh_token') {
      const value = form.get('refresh_token');
      if (value === null) return oauthError(400, 'invalid_request', 'Missing required parameter [refresh_token].');
      const found = book.refreshToken(value);
      if (found.status !== 'active' || found.token === undefined) return oauthError(400, spentError, 'Value passed for the token was invalid.');
      found.token.spentAt = clock.now();
      return tokenBody(found.token.grant, true);
    }
    return oauthError(400, 'invalid_request', 'Value passed for the grant type was invalid.');
  }

  // ---- revocation

  function revoke(req: EmulatorRequest): EmulatorResponse {
    const form = readTokenForm(req);
    if (!(form instanceof URLSearchParams)) return form;
    const rejected = clientProblem(req, form);
    if (rejected !== undefined) return rejected;
    const value = form.get('token');
    if (value === null || value === '') return oauthError(400, 'invalid_request', 'Missing required parameter [token].');
    controls.revokeToken(value);
    return json(200, { revoked: true });
  }

  // ---- GET /2/users/me

  function usersMe(req: EmulatorRequest): EmulatorResponse {
    if (req.method !== 'GET') return methodNotAllowed('GET');
    const presented = bearerToken(req);
    const found = presented === undefined ? undefined : book.accessToken(presented);
    if (found?.status !== 'valid' || found.token === undefined) return problem(401, { title: 'Unauthorized', detail: 'Unauthorized' });
    if (creditsDepleted) {
      return problem(402, {
        title: 'CreditsDepleted',
        detail: `Your enrolled account [${user.id}] does not have any credits to fulfill this request.`,
        type: 'https://api.twitter.com/2/problems/credits',
      });
    }
    const scopes = found.token.scopes;
    if (!scopes.includes('users.read') || !scopes.includes('tweet.read')) return problem(403, { title: 'Forbidden', detail: 'Forbidden' });
    const fieldsParam = req.url.searchParams.get('user.fields');
    const fields = fieldsParam === null ? [] : fieldsParam.split(',').filter((f) => f !== '');
    const unknown = fields.filter((f) => !USER_FIELDS.includes(f));
    if (unknown.length > 0) {
      return problem(400, {
        title: 'Invalid Request',
        detail: 'One or more parameters to your request was invalid.',
        type: 'https://api.twitter.com/2/problems/invalid-request',
        errors: [{ parameters: { 'user.fields': unknown }, message: `The \`user.fields\` query parameter value [${unknown[0]}] is not one of [${USER_FIELDS.join(',')}]` }],
      });
    }
    const data: Record<string, unknown> = { id: user.id, name: user.name, username: user.username };
    for (const field of fields) {
      if (field === 'description') data.description = user.description;
      else if (field === 'profile_image_url') data.profile_image_url = user.profile_image_url;
      else if (field === 'created_at') data.created_at = user.created_at;
      else if (field === 'protected') data.protected = false;
      else if (field === 'verified') data.verified = false;
      else if (field === 'confirmed_email' && scopes.includes('users.email')) data.confirmed_email = user.confirmed_email;
      else if (field === 'public_metrics') {
        data.public_metrics = {
          followers_count: user.followers_count,
          following_count: user.following_count,
          ...(naming === 'post_count' ? {} : { tweet_count: user.post_count }),
          ...(naming === 'tweet_count' ? {} : { post_count: user.post_count }),
          listed_count: user.listed_count,
          ...(naming === 'tweet_count' ? {} : { like_count: user.like_count }),
        };
      }
    }
    return json(200, { data });
  }

  function route(req: EmulatorRequest): EmulatorResponse {
    switch (req.path) {
      case '/i/oauth2/authorize':
        return authorize(req);
      case '/2/oauth2/token':
        return token(req);
      case '/2/oauth2/revoke':
        return revoke(req);
      case '/2/users/me':
        return usersMe(req);
      default:
        return req.path.startsWith('/2/') ? problem(404, { title: 'Not Found Error', detail: 'Not Found', type: 'https://api.twitter.com/2/problems/resource-not-found' }) : htmlPage(404, 'Page not found', 'Hmm...this page doesn’t exist.');
    }
  }

  /** Every api.x.com answer carries its window's headers; a used-up window answers 429 instead. */
  function withRateLimit(req: EmulatorRequest): EmulatorResponse | Promise<EmulatorResponse> {
    if (!req.path.startsWith('/2/')) return route(req);
    const window = windowFor(req.path);
    const taken = window.take();
    const headers = {
      'x-rate-limit-limit': String(taken.limit),
      'x-rate-limit-remaining': String(taken.remaining),
      'x-rate-limit-reset': String(Math.ceil(taken.resetAt / 1000)),
    };
    const response = taken.allowed
      ? route(req)
      : { ...problem(429, { title: 'Too Many Requests', detail: 'Too Many Requests' }), label: 'rate-limited' };
    return withHeaders(response, headers);
  }

  const server = await startEmulatorServer(withRateLimit, { clock });
  const origin = server.origin;
  return {
    ...server,
    clientId,
    clientSecret,
    redirectUri,
    user,
    endpoints: {
      authorization: `${origin}/i/oauth2/authorize`,
      token: `${origin}/2/oauth2/token`,
      revocation: `${origin}/2/oauth2/revoke`,
      usersMe: `${origin}/2/users/me`,
    },
    secrets: () => [...(clientSecret === null ? [] : [clientSecret]), ...book.secrets()],
    authorizationRequests: () => [...authorizations],
    ...controls,
    rateLimitState: () => windowFor('/2/users/me').peek(),
    exhaustRateLimit: () => windowFor('/2/users/me').exhaust(),
    setRateLimit: (limit, windowSeconds) => windowFor('/2/users/me').configure(limit, windowSeconds),
    depleteCredits: (depleted) => void (creditsDepleted = depleted),
    denyConsent: (value) => void (deny = value),
  };
}
