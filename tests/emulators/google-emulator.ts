/**
 * A local emulator of Google's OAuth endpoints, the OpenID Connect userinfo endpoint, the Gmail API
 * (messages.list and messages.get) and the Google Health API (heart rate), following the request
 * rules, response shapes and quirks in /work/shared/reference/providers.md.
 *
 * One server on 127.0.0.1 (port from the OS), path-based routing. A profile under test replaces
 * these base URLs with `origin` (`endpoints` has them spelled out):
 *
 *   https://accounts.google.com          → origin   GET  /o/oauth2/v2/auth, GET /.well-known/openid-configuration
 *   https://oauth2.googleapis.com        → origin   POST /token, POST /revoke
 *   https://openidconnect.googleapis.com → origin   GET  /v1/userinfo
 *   https://gmail.googleapis.com         → origin   GET  /gmail/v1/users/me/messages[/{id}]
 *   https://health.googleapis.com        → origin + '/health'
 *                                                   GET  /health/v4/users/me/dataTypes/{type}/dataPoints
 *
 * Quirks reproduced: the token endpoint demands `client_secret` even with PKCE (400 invalid_request
 * "client_secret is missing."); a refresh token only with access_type=offline on the first consent
 * or with prompt=consent; refresh responses carry no refresh_token; a dead refresh token gives 400
 * invalid_grant "Token has been expired or revoked."; any loopback port is accepted without
 * registration; an Electron user agent gets 403 disallowed_useragent; the granted scope string
 * expands `email`/`profile` to their userinfo URLs and may lack scopes the person unticked
 * (`declinedScopes`); the callback carries extra parameters (iss, scope, authuser, prompt); Gmail's
 * empty list has no `messages` key; snippets are HTML-escaped; the gmail.metadata scope refuses
 * `q=`; API errors are Google's JSON with a `WWW-Authenticate` challenge; the Health API's int64
 * values are JSON strings and an empty collection is `{}`; camelCase data type ids are refused.
 *
 * Deliberately stricter than Google (to catch client mistakes): PKCE S256 and `state` are required,
 * the token endpoint accepts only form bodies, and an access token in the query string is refused.
 * The id_token is an unsigned-looking JWT (random signature): nothing here verifies it.
 */
import {
  type EmulatorBase,
  type EmulatorClock,
  type EmulatorRequest,
  type EmulatorResponse,
  type TokenControls,
  type Grant,
  type IssuedAccessToken,
  basicCredentials,
  bearerToken,
  createTokenBook,
  htmlPage,
  isLoopbackHttpUri,
  json,
  methodNotAllowed,
  notFound,
  pkceMatches,
  readForm,
  redirectTo,
  repeatedParameter,
  randomToken,
  splitScopes,
  startEmulatorServer,
  systemEmulatorClock,
  tokenControls,
} from './emulator-kit.ts';

export const GOOGLE_SCOPE = {
  openid: 'openid',
  email: 'email',
  profile: 'profile',
  userinfoEmail: 'https://www.googleapis.com/auth/userinfo.email',
  userinfoProfile: 'https://www.googleapis.com/auth/userinfo.profile',
  gmailReadonly: 'https://www.googleapis.com/auth/gmail.readonly',
  gmailMetadata: 'https://www.googleapis.com/auth/gmail.metadata',
  gmailModify: 'https://www.googleapis.com/auth/gmail.modify',
  mail: 'https://mail.google.com/',
  healthMetrics: 'https://www.googleapis.com/auth/googlehealth.health_metrics_and_measurements.readonly',
  healthActivity: 'https://www.googleapis.com/auth/googlehealth.activity_and_fitness.readonly',
} as const;

const KNOWN_SCOPES: ReadonlySet<string> = new Set(Object.values(GOOGLE_SCOPE));
/** Granular consent never lets the person untick these. */
const BASIC_SCOPES: ReadonlySet<string> = new Set([GOOGLE_SCOPE.openid, GOOGLE_SCOPE.email, GOOGLE_SCOPE.profile, GOOGLE_SCOPE.userinfoEmail, GOOGLE_SCOPE.userinfoProfile]);
const EMAIL_SCOPES: readonly string[] = [GOOGLE_SCOPE.email, GOOGLE_SCOPE.userinfoEmail];
const PROFILE_SCOPES: readonly string[] = [GOOGLE_SCOPE.profile, GOOGLE_SCOPE.userinfoProfile];
const GMAIL_READ_SCOPES: readonly string[] = [GOOGLE_SCOPE.gmailReadonly, GOOGLE_SCOPE.gmailModify, GOOGLE_SCOPE.mail, GOOGLE_SCOPE.gmailMetadata];

export interface GoogleTestUser {
  readonly sub: string;
  readonly name: string;
  readonly given_name: string;
  readonly family_name: string;
  readonly picture: string;
  readonly email: string;
  readonly email_verified: boolean;
}

export interface EmulatedGmailMessage {
  readonly id: string;
  readonly threadId?: string;
  /** Default ['UNREAD', 'INBOX']; `q=is:unread` lists messages with UNREAD. */
  readonly labelIds?: readonly string[];
  /** Header names as the sender wrote them (case varies: 'From', 'subject', 'DATE'). */
  readonly headers: ReadonlyArray<{ readonly name: string; readonly value: string }>;
  /** Plain text: sent HTML-escaped, as Gmail does. */
  readonly snippet: string;
  /** Epoch milliseconds (sent as a string). */
  readonly internalDate: number;
}

export interface EmulatedHeartRatePoint {
  /** Epoch milliseconds. */
  readonly time: number;
  readonly bpm: number;
}

export interface GoogleEmulatorOptions {
  readonly clientId?: string;
  readonly clientSecret?: string;
  readonly user?: Partial<GoogleTestUser>;
  readonly clock?: EmulatorClock;
  /** Default: three messages, two unread, snippets with characters Gmail escapes. [] for an empty inbox. */
  readonly mailbox?: readonly EmulatedGmailMessage[];
  /** Scopes the test user unticks on the consent page (e.g. gmail.readonly). Basic scopes cannot be unticked. */
  readonly declinedScopes?: readonly string[];
  /** Default: generated at request time, six points in the last hour of today. [] for none. */
  readonly heartRate?: readonly EmulatedHeartRatePoint[];
  /** Today's resting heart rate; null for none. Default 58. */
  readonly restingHeartRate?: number | null;
  /** The user's time zone as minutes east of UTC (civil times and dates). Default 0. */
  readonly utcOffsetMinutes?: number;
  readonly accessTokenTtlSeconds?: number;
  /** Refresh tokens die after this long (apps in "Testing" status: 7 days). Default: never. */
  readonly refreshTokenTtlSeconds?: number | null;
  readonly codeTtlSeconds?: number;
  /** Live refresh tokens per client and user; beyond it the oldest is dropped silently. Default 100. */
  readonly maxRefreshTokens?: number;
}

export interface GoogleAuthorizationRecord {
  readonly clientId: string;
  readonly redirectUri: string;
  readonly scopes: readonly string[];
  readonly grantedScopes: readonly string[];
  readonly accessType: string | null;
  readonly prompt: string | null;
  readonly codeChallengeMethod: string | null;
  readonly outcome: 'code' | 'access_denied' | 'error';
}

export interface GoogleRateLimit {
  /** How many API requests (userinfo, Gmail, Health) get it. Default 1. */
  readonly count?: number;
  /** 429 (default) or 403. */
  readonly status?: 429 | 403;
  readonly reason?: 'rateLimitExceeded' | 'userRateLimitExceeded';
  /** Adds `Retry-After: <seconds>` (Google usually sends none). */
  readonly retryAfterSeconds?: number;
}

export interface GoogleEmulator extends EmulatorBase, TokenControls {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly user: GoogleTestUser;
  readonly endpoints: {
    readonly issuer: string;
    readonly authorization: string;
    readonly token: string;
    readonly revocation: string;
    readonly userinfo: string;
    readonly discovery: string;
    /** Replaces https://gmail.googleapis.com/gmail/v1/users/me */
    readonly gmail: string;
    /** Replaces https://health.googleapis.com */
    readonly health: string;
  };
  /** Authorization requests seen (no state, challenge or code). */
  authorizationRequests(): readonly GoogleAuthorizationRecord[];
  /** Health API queries seen: data type, filter, page size. */
  healthQueries(): ReadonlyArray<{ readonly dataType: string; readonly filter: string | null; readonly pageSize: string | null }>;
  // Controls
  setMailbox(messages: readonly EmulatedGmailMessage[]): void;
  setDeclinedScopes(scopes: readonly string[]): void;
  /** The next authorization(s) end with error=access_denied instead of a code. */
  denyConsent(deny: boolean): void;
  setHeartRate(points: readonly EmulatedHeartRatePoint[] | 'generated'): void;
  setRestingHeartRate(bpm: number | null): void;
  rateLimit(limit?: GoogleRateLimit): void;
}

const DEFAULT_USER: GoogleTestUser = {
  sub: '110248495921238986420',
  name: 'Ada Lovelace',
  given_name: 'Ada',
  family_name: 'Lovelace',
  picture: 'https://lh3.googleusercontent.com/a/emulated-ada=s96-c',
  email: 'ada@example.com',
  email_verified: true,
};

const REFERENCE_TIME = Date.UTC(2024, 4, 14, 16, 21, 7);

export const DEFAULT_GMAIL_MESSAGES: readonly EmulatedGmailMessage[] = [
  {
    id: '18f2a3b4c5d6e7f8',
    headers: [
      { name: 'From', value: 'Grace <grace@example.org>' },
      { name: 'Subject', value: 'Q2 "numbers" & notes' },
      { name: 'Date', value: 'Tue, 14 May 2024 09:21:07 -0700' },
    ],
    snippet: 'Hi Ada, the Q2 numbers & notes <attached> — don\'t "share" yet',
    internalDate: REFERENCE_TIME,
  },
  {
    id: '18f2a3b4c5d6e800',
    labelIds: ['UNREAD', 'INBOX', 'CATEGORY_UPDATES'],
    headers: [
      { name: 'from', value: '"O\'Brien, Pat" <pat@example.ie>' },
      { name: 'SUBJECT', value: 'Build #918 failed' },
      { name: 'date', value: 'Tue, 14 May 2024 08:00:00 +0100' },
    ],
    snippet: 'Step "test" failed: expected <200> but got <500>',
    internalDate: REFERENCE_TIME - 2 * 3600_000,
  },
  {
    id: '18f2a3b4c5d6e801',
    labelIds: ['INBOX'],
    headers: [
      { name: 'From', value: 'Hedy <hedy@example.at>' },
      { name: 'Subject', value: 'Lunch?' },
      { name: 'Date', value: 'Mon, 13 May 2024 12:00:00 +0200' },
    ],
    snippet: 'Are you free Friday?',
    internalDate: REFERENCE_TIME - 26 * 3600_000,
  },
];

const HEALTH_DATA_TYPES: Readonly<Record<string, { readonly scope: string; readonly field: string }>> = {
  'heart-rate': { scope: GOOGLE_SCOPE.healthMetrics, field: 'heartRate' },
  'daily-resting-heart-rate': { scope: GOOGLE_SCOPE.healthMetrics, field: 'dailyRestingHeartRate' },
  steps: { scope: GOOGLE_SCOPE.healthActivity, field: 'steps' },
};

/** Escapes text the way Gmail escapes `snippet`. */
export function escapeLikeGmail(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;');
}

const REALM = 'Bearer realm="https://accounts.google.com/"';

function googleApiError(status: number, message: string, statusText: string, errors: ReadonlyArray<Record<string, string>>, extra: Record<string, unknown> = {}, headers?: Record<string, string>): EmulatorResponse {
  return json(status, { error: { code: status, message, errors, status: statusText, ...extra } }, headers);
}

function unauthenticated(): EmulatorResponse {
  return googleApiError(
    401,
    'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.',
    'UNAUTHENTICATED',
    [{ message: 'Invalid Credentials', domain: 'global', reason: 'authError', location: 'Authorization', locationType: 'header' }],
    {},
    { 'WWW-Authenticate': `${REALM}, error="invalid_token"` },
  );
}

function insufficientScope(required: string, service: string, method: string): EmulatorResponse {
  return googleApiError(
    403,
    'Request had insufficient authentication scopes.',
    'PERMISSION_DENIED',
    [{ message: 'Insufficient Permission', domain: 'global', reason: 'insufficientPermissions' }],
    { details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'ACCESS_TOKEN_SCOPE_INSUFFICIENT', domain: 'googleapis.com', metadata: { service, method } }] },
    { 'WWW-Authenticate': `${REALM}, error="insufficient_scope", scope="${required}"` },
  );
}

function oauthError(status: number, error: string, description: string): EmulatorResponse {
  return json(status, { error, error_description: description });
}

function base64urlJson(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

export async function startGoogleEmulator(options: GoogleEmulatorOptions = {}): Promise<GoogleEmulator> {
  const clock = options.clock ?? systemEmulatorClock;
  const clientId = options.clientId ?? '1234567890-emulated.apps.googleusercontent.com';
  const clientSecret = options.clientSecret ?? 'GOCSPX-emulated-desktop-secret';
  const user: GoogleTestUser = { ...DEFAULT_USER, ...options.user };
  const accessTtl = options.accessTokenTtlSeconds ?? 3599;
  const refreshTtl = options.refreshTokenTtlSeconds ?? null;
  const codeTtlMs = (options.codeTtlSeconds ?? 600) * 1000;
  const maxRefreshTokens = options.maxRefreshTokens ?? 100;
  const offsetMinutes = options.utcOffsetMinutes ?? 0;
  const book = createTokenBook(clock);
  const controls = tokenControls(book);
  const authorizations: GoogleAuthorizationRecord[] = [];
  const healthQueries: Array<{ dataType: string; filter: string | null; pageSize: string | null }> = [];
  const idTokens: string[] = [];
  let mailbox = [...(options.mailbox ?? DEFAULT_GMAIL_MESSAGES)];
  let declined = new Set(options.declinedScopes ?? []);
  let deny = false;
  let heartRate: readonly EmulatedHeartRatePoint[] | 'generated' = options.heartRate ?? 'generated';
  let restingHeartRate = options.restingHeartRate === undefined ? 58 : options.restingHeartRate;
  let rateLimit: { left: number; limit: GoogleRateLimit } | undefined;
  let origin = '';

  /** Google's scope string: `email`/`profile` come back together with their userinfo URLs. */
  const expandScopes = (scopes: readonly string[]): string[] => {
    const out = new Set(scopes);
    if (scopes.includes(GOOGLE_SCOPE.email)) out.add(GOOGLE_SCOPE.userinfoEmail);
    if (scopes.includes(GOOGLE_SCOPE.profile)) out.add(GOOGLE_SCOPE.userinfoProfile);
    return [...out];
  };

  const idToken = (scopes: readonly string[], nonce: string | undefined): string | undefined => {
    if (!scopes.includes(GOOGLE_SCOPE.openid)) return undefined;
    const now = Math.floor(clock.now() / 1000);
    const claims: Record<string, unknown> = { iss: origin, azp: clientId, aud: clientId, sub: user.sub, iat: now, exp: now + 3600 };
    if (scopes.some((s) => EMAIL_SCOPES.includes(s))) Object.assign(claims, { email: user.email, email_verified: user.email_verified });
    if (scopes.some((s) => PROFILE_SCOPES.includes(s))) Object.assign(claims, { name: user.name, picture: user.picture, given_name: user.given_name, family_name: user.family_name });
    if (nonce !== undefined) claims.nonce = nonce;
    const token = `${base64urlJson({ alg: 'RS256', kid: 'emulated-google-key', typ: 'JWT' })}.${base64urlJson(claims)}.${randomToken('', 64)}`;
    idTokens.push(token);
    return token;
  };

  const tokenResponse = (access: IssuedAccessToken, refreshToken: string | undefined, nonce: string | undefined): EmulatorResponse => {
    const body: Record<string, unknown> = {
      access_token: access.value,
      expires_in: accessTtl,
      ...(refreshToken === undefined ? {} : { refresh_token: refreshToken }),
      ...(refreshToken !== undefined && refreshTtl !== null ? { refresh_token_expires_in: refreshTtl } : {}),
      scope: access.scopes.join(' '),
      token_type: 'Bearer',
    };
    const id = idToken(access.scopes, nonce);
    if (id !== undefined) body.id_token = id;
    return json(200, body);
  };

  // ---- authorization endpoint

  function authorize(req: EmulatorRequest): EmulatorResponse {
    const q = req.url.searchParams;
    const record = (outcome: GoogleAuthorizationRecord['outcome'], granted: readonly string[] = []) =>
      authorizations.push({
        clientId: q.get('client_id') ?? '',
        redirectUri: q.get('redirect_uri') ?? '',
        scopes: splitScopes(q.get('scope')),
        grantedScopes: granted,
        accessType: q.get('access_type'),
        prompt: q.get('prompt'),
        codeChallengeMethod: q.get('code_challenge_method'),
        outcome,
      });
    const page = (status: number, heading: string, text: string) => {
      record('error');
      return htmlPage(status, heading, text);
    };
    if (req.method !== 'GET') return methodNotAllowed('GET');
    if (/\bElectron\//.test(req.headers['user-agent'] ?? '')) {
      return page(403, 'Error 403: disallowed_useragent', "This browser or app may not be secure. Use a secure browser (Google doesn't allow sign-in from embedded browsers).");
    }
    const repeated = repeatedParameter(q);
    if (repeated !== undefined) return page(400, 'Error 400: invalid_request', 'A parameter was sent more than once.');
    if (q.get('client_id') !== clientId) return page(401, 'Error 401: invalid_client', 'The OAuth client was not found.');
    const redirectUri = q.get('redirect_uri');
    if (redirectUri === null || !isLoopbackHttpUri(redirectUri)) {
      return page(400, 'Error 400: redirect_uri_mismatch', "You can't sign in to this app because it doesn't comply with Google's OAuth 2.0 policy.");
    }
    const state = q.get('state');
    const fail = (error: string, description: string) => {
      record('error');
      return redirectTo(redirectUri, { error, error_description: description, ...(state === null ? {} : { state }) });
    };
    if (q.get('response_type') !== 'code') return fail('unsupported_response_type', 'Only response_type=code is supported.');
    const scopes = splitScopes(q.get('scope'));
    if (scopes.length === 0) return page(400, 'Error 400: invalid_request', 'Missing required parameter: scope');
    if (scopes.some((s) => !KNOWN_SCOPES.has(s))) return page(400, 'Error 400: invalid_scope', 'Some requested scopes were invalid.');
    const challenge = q.get('code_challenge');
    if (challenge === null || q.get('code_challenge_method') !== 'S256' || !/^[A-Za-z0-9\-._~]{43,128}$/.test(challenge)) {
      return page(400, 'Error 400: invalid_request', 'code_challenge with code_challenge_method=S256 is required.');
    }
    if (state === null || state === '') return page(400, 'Error 400: invalid_request', 'Missing required parameter: state');
    if (deny) {
      record('access_denied');
      return redirectTo(redirectUri, { error: 'access_denied', state });
    }
    const granted = expandScopes(scopes.filter((s) => BASIC_SCOPES.has(s) || !declined.has(s)));
    const extras: Record<string, string> = {};
    for (const name of ['access_type', 'prompt', 'nonce', 'include_granted_scopes']) {
      const value = q.get(name);
      if (value !== null) extras[name] = value;
    }
    const code = book.issueCode({
      clientId,
      userId: user.sub,
      redirectUri,
      scopes: granted,
      codeChallenge: challenge,
      codeChallengeMethod: 'S256',
      extras,
    }, '4/0A');
    record('code', granted);
    return redirectTo(redirectUri, { state, iss: origin, code, scope: granted.join(' '), authuser: '0', prompt: q.get('prompt') === 'consent' ? 'consent' : 'none' });
  }

  // ---- token endpoint

  function token(req: EmulatorRequest): EmulatorResponse {
    if (req.method !== 'POST') return methodNotAllowed('POST');
    const form = readForm(req);
    if (form === undefined) return oauthError(400, 'invalid_request', 'Invalid content type: use application/x-www-form-urlencoded.');
    if (repeatedParameter(form) !== undefined) return oauthError(400, 'invalid_request', 'A parameter was sent more than once.');
    const grantType = form.get('grant_type') ?? '';
    const label = grantType === 'authorization_code' || grantType === 'refresh_token' ? grantType : 'other';
    const answer = exchange(form, grantType, basicCredentials(req));
    return { ...answer, label };
  }

  function exchange(form: URLSearchParams, grantType: string, basic: ReturnType<typeof basicCredentials>): EmulatorResponse {
    if (basic === 'malformed') return oauthError(401, 'invalid_client', 'Unauthorized');
    if (basic !== undefined && form.has('client_secret')) return oauthError(400, 'invalid_request', 'Client authentication was sent more than once.');
    const presentedId = basic?.clientId ?? form.get('client_id');
    const presentedSecret = basic?.clientSecret ?? form.get('client_secret');
    if (presentedId === null || presentedId === '') return oauthError(400, 'invalid_request', 'Could not determine client ID from request.');
    if (presentedId !== clientId) return oauthError(401, 'invalid_client', 'The OAuth client was not found.');
    if (presentedSecret === null || presentedSecret === '') return oauthError(400, 'invalid_request', 'client_secret is missing.');
    if (presentedSecret !== clientSecret) return oauthError(401, 'invalid_client', 'Unauthorized');

    if (grantType === 'authorization_code') {
      const value = form.get('code');
      if (value === null) return oauthError(400, 'invalid_request', 'Missing required parameter: code');
      const redeemed = book.redeemCode(value, codeTtlMs);
      if (redeemed.outcome !== 'ok') return oauthError(400, 'invalid_grant', redeemed.outcome === 'unknown' ? 'Malformed auth code.' : 'Bad Request');
      const code = redeemed.code;
      if (form.get('redirect_uri') !== code.redirectUri) return oauthError(400, 'redirect_uri_mismatch', 'Bad Request');
      const verifier = form.get('code_verifier');
      if (verifier === null) return oauthError(400, 'invalid_grant', 'Missing code verifier.');
      if (!pkceMatches('S256', code.codeChallenge ?? '', verifier)) return oauthError(400, 'invalid_grant', 'Invalid code verifier.');

      const existing = book.grantsOf(clientId, user.sub)[0];
      const firstConsent = existing === undefined;
      const forcedConsent = (code.extras.prompt ?? '').split(' ').includes('consent');
      let grant: Grant;
      if (existing === undefined) grant = book.newGrant(clientId, user.sub, code.scopes);
      else {
        grant = existing;
        grant.scopes = forcedConsent ? [...code.scopes] : [...new Set([...grant.scopes, ...code.scopes])];
      }
      const access = book.issueAccessToken(grant, accessTtl, 'ya29.', code.scopes);
      let refreshToken: string | undefined;
      if (code.extras.access_type === 'offline' && (firstConsent || forcedConsent)) {
        refreshToken = book.issueRefreshToken(grant, '1//0', refreshTtl).value;
        const live = book.liveRefreshTokens(grant);
        for (const old of live.slice(0, Math.max(0, live.length - maxRefreshTokens))) old.spentAt = clock.now();
      }
      return tokenResponse(access, refreshToken, code.extras.nonce);
    }

    if (grantType === 'refresh_token') {
      const value = form.get('refresh_token');
      if (value === null) return oauthError(400, 'invalid_request', 'Missing required parameter: refresh_token');
      const found = book.refreshToken(value);
      if (found.status !== 'active' || found.token === undefined) return oauthError(400, 'invalid_grant', 'Token has been expired or revoked.');
      if (found.token.grant.clientId !== presentedId) return oauthError(400, 'unauthorized_client', 'Unauthorized');
      // Google's refresh tokens do not rotate: no refresh_token in the answer.
      return tokenResponse(book.issueAccessToken(found.token.grant, accessTtl, 'ya29.'), undefined, undefined);
    }

    return oauthError(400, 'unsupported_grant_type', `Invalid grant_type: ${grantType.replace(/[^a-z_:.-]/gi, '').slice(0, 40)}`);
  }

  // ---- revocation

  function revoke(req: EmulatorRequest): EmulatorResponse {
    if (req.method !== 'POST') return methodNotAllowed('POST');
    const value = req.url.searchParams.get('token') ?? readForm(req)?.get('token') ?? null;
    if (value === null || value === '') return oauthError(400, 'invalid_request', 'Missing required parameter: token');
    const refresh = book.refreshToken(value);
    const access = book.accessToken(value);
    // An expired access token is no longer known to the revocation endpoint.
    const grant = refresh.status === 'active' ? refresh.token?.grant : access.status === 'valid' ? access.token?.grant : undefined;
    if (grant === undefined) return oauthError(400, 'invalid_token', 'Token expired or revoked');
    // Revoking either token ends the whole grant: access and refresh tokens alike.
    book.revokeGrant(grant);
    return json(200, {});
  }

  // ---- resource APIs

  /** The token's scopes, or the answer to send instead. */
  function authenticate(req: EmulatorRequest): { readonly scopes: readonly string[] } | EmulatorResponse {
    if (req.url.searchParams.has('access_token')) {
      return googleApiError(400, 'Access tokens are accepted only in the Authorization header (emulator rule).', 'INVALID_ARGUMENT', [
        { message: 'access_token in the query string', domain: 'global', reason: 'badRequest' },
      ]);
    }
    if (req.method !== 'GET') return methodNotAllowed('GET');
    const presented = bearerToken(req);
    const found = presented === undefined ? undefined : book.accessToken(presented);
    if (found?.status !== 'valid' || found.token === undefined) return unauthenticated();
    if (rateLimit !== undefined) {
      const { limit } = rateLimit;
      rateLimit.left -= 1;
      if (rateLimit.left <= 0) rateLimit = undefined;
      const status = limit.status ?? 429;
      const reason = limit.reason ?? (status === 403 ? 'userRateLimitExceeded' : 'rateLimitExceeded');
      const message = reason === 'userRateLimitExceeded' ? 'User Rate Limit Exceeded' : 'Rate Limit Exceeded';
      const headers = limit.retryAfterSeconds === undefined ? undefined : { 'Retry-After': String(limit.retryAfterSeconds) };
      return {
        ...googleApiError(status, message, status === 429 ? 'RESOURCE_EXHAUSTED' : 'PERMISSION_DENIED', [{ message, domain: 'usageLimits', reason }], {}, headers),
        label: 'rate-limited',
      };
    }
    return { scopes: found.token.scopes };
  }

  const isAnswer = (value: { readonly scopes: readonly string[] } | EmulatorResponse): value is EmulatorResponse => 'status' in value;

  function userinfo(req: EmulatorRequest): EmulatorResponse {
    const auth = authenticate(req);
    if (isAnswer(auth)) return auth;
    const has = (list: readonly string[]) => auth.scopes.some((s) => list.includes(s));
    if (!has([GOOGLE_SCOPE.openid, ...EMAIL_SCOPES, ...PROFILE_SCOPES])) return insufficientScope(GOOGLE_SCOPE.openid, 'openidconnect.googleapis.com', 'UserInfo');
    const body: Record<string, unknown> = { sub: user.sub };
    if (has(PROFILE_SCOPES)) Object.assign(body, { name: user.name, given_name: user.given_name, family_name: user.family_name, picture: user.picture });
    if (has(EMAIL_SCOPES)) Object.assign(body, { email: user.email, email_verified: user.email_verified });
    return json(200, body);
  }

  function gmail(req: EmulatorRequest, rest: string): EmulatorResponse {
    const auth = authenticate(req);
    if (isAnswer(auth)) return auth;
    const isList = rest === '';
    if (!auth.scopes.some((s) => GMAIL_READ_SCOPES.includes(s))) {
      return insufficientScope(GOOGLE_SCOPE.gmailReadonly, 'gmail.googleapis.com', isList ? 'caribou.api.proto.MailboxService.ListMessages' : 'caribou.api.proto.MailboxService.GetMessage');
    }
    const metadataOnly = auth.scopes.includes(GOOGLE_SCOPE.gmailMetadata);
    const params = req.url.searchParams;
    if (isList) {
      // gmail.metadata wins over gmail.readonly, and it does not allow searching.
      if (metadataOnly && params.has('q')) {
        return googleApiError(403, "Metadata scope does not support 'q' parameter", 'PERMISSION_DENIED', [{ message: "Metadata scope does not support 'q' parameter", domain: 'global', reason: 'forbidden' }]);
      }
      const maxRaw = params.get('maxResults');
      const max = maxRaw === null ? 100 : /^\d{1,9}$/.test(maxRaw) ? Math.min(Number(maxRaw), 500) : NaN;
      const offsetRaw = params.get('pageToken');
      const offset = offsetRaw === null ? 0 : /^\d{1,9}$/.test(offsetRaw) ? Number(offsetRaw) : NaN;
      if (!(max >= 1) || Number.isNaN(offset)) {
        return googleApiError(400, 'Invalid value', 'INVALID_ARGUMENT', [{ message: 'Invalid value', domain: 'global', reason: 'invalid' }]);
      }
      const unreadOnly = (params.get('q') ?? '').trim() === 'is:unread';
      const matching = mailbox.filter((m) => !unreadOnly || (m.labelIds ?? ['UNREAD', 'INBOX']).includes('UNREAD'));
      const page = matching.slice(offset, offset + max);
      const body: Record<string, unknown> = {};
      if (page.length > 0) body.messages = page.map((m) => ({ id: m.id, threadId: m.threadId ?? m.id }));
      if (offset + page.length < matching.length) body.nextPageToken = String(offset + page.length);
      body.resultSizeEstimate = matching.length;
      return json(200, body);
    }
    const id = rest.slice(1);
    if (!/^[A-Za-z0-9]{1,64}$/.test(id)) return googleApiError(400, 'Invalid id value', 'INVALID_ARGUMENT', [{ message: 'Invalid id value', domain: 'global', reason: 'invalidArgument' }]);
    const format = params.get('format') ?? 'full';
    if (metadataOnly && (format === 'full' || format === 'raw')) {
      const message = `Metadata scope doesn't allow format ${format.toUpperCase()}`;
      return googleApiError(403, message, 'PERMISSION_DENIED', [{ message, domain: 'global', reason: 'forbidden' }]);
    }
    const message = mailbox.find((m) => m.id === id);
    if (message === undefined) {
      return googleApiError(404, 'Requested entity was not found.', 'NOT_FOUND', [{ message: 'Requested entity was not found.', domain: 'global', reason: 'notFound' }]);
    }
    const wanted = new Set(params.getAll('metadataHeaders').map((h) => h.toLowerCase()));
    const headers = format === 'metadata' && wanted.size > 0 ? message.headers.filter((h) => wanted.has(h.name.toLowerCase())) : message.headers;
    const body: Record<string, unknown> = {
      id: message.id,
      threadId: message.threadId ?? message.id,
      labelIds: [...(message.labelIds ?? ['UNREAD', 'INBOX'])],
      snippet: escapeLikeGmail(message.snippet),
      historyId: '123456',
      internalDate: String(message.internalDate),
      sizeEstimate: 2048 + message.snippet.length,
    };
    if (format !== 'minimal') body.payload = { mimeType: 'text/plain', headers: headers.map((h) => ({ name: h.name, value: h.value })) };
    return json(200, body);
  }

  // ---- Google Health API

  /** Local calendar date and wall-clock time of `epochMs` in the user's zone. */
  const civil = (epochMs: number) => {
    const local = new Date(epochMs + offsetMinutes * 60_000);
    return {
      date: { year: local.getUTCFullYear(), month: local.getUTCMonth() + 1, day: local.getUTCDate() },
      time: { hours: local.getUTCHours(), minutes: local.getUTCMinutes(), seconds: local.getUTCSeconds() },
      iso: `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}`,
    };
  };

  const heartRatePoints = (): readonly EmulatedHeartRatePoint[] => {
    if (heartRate !== 'generated') return heartRate;
    const now = clock.now();
    const midnight = now - ((now + offsetMinutes * 60_000) % 86_400_000);
    const points: EmulatedHeartRatePoint[] = [];
    for (let k = 6; k >= 1; k--) {
      const time = Math.floor((now - k * 10 * 60_000) / 1000) * 1000;
      if (time >= midnight) points.push({ time, bpm: 60 + ((k * 7) % 23) });
    }
    return points;
  };

  /** Lenient reading of AIP-160 comparisons such as `heart_rate.sample_time.physical_time >= "2026-05-10T00:00:00Z"`. */
  const filterClauses = (filter: string | null) =>
    [...(filter ?? '').matchAll(/[A-Za-z_.]+\s*(>=|<=|>|<)\s*"([^"]+)"/g)].map((m) => ({ op: m[1] as string, value: m[2] as string }));
  const compare = (actual: string | number, op: string, bound: string | number) =>
    op === '>=' ? actual >= bound : op === '>' ? actual > bound : op === '<=' ? actual <= bound : actual < bound;

  function health(req: EmulatorRequest, rest: string): EmulatorResponse {
    const match = /^\/v4\/users\/me\/dataTypes\/([^/]+)\/dataPoints$/.exec(rest);
    if (match === null) return googleApiError(404, 'Requested entity was not found.', 'NOT_FOUND', []);
    const auth = authenticate(req);
    if (isAnswer(auth)) return auth;
    const dataType = decodeURIComponent(match[1] as string);
    const known = HEALTH_DATA_TYPES[dataType];
    if (known === undefined) {
      return json(400, {
        error: {
          code: 400,
          message: `Invalid data type ID referenced in the parent data type collection: ${dataType.replace(/[^A-Za-z0-9_-]/g, '').slice(0, 60)}`,
          status: 'INVALID_ARGUMENT',
          details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'INVALID_PARENT_DATA_TYPE_COLLECTION', domain: 'health.googleapis.com' }],
        },
      });
    }
    if (!auth.scopes.includes(known.scope)) return insufficientScope(known.scope, 'health.googleapis.com', 'google.devicesandservices.health.v4.DataPointsService.ListDataPoints');
    const params = req.url.searchParams;
    healthQueries.push({ dataType, filter: params.get('filter'), pageSize: params.get('pageSize') });
    const clauses = filterClauses(params.get('filter'));

    let points: Array<{ readonly sortKey: number; readonly point: Record<string, unknown> }> = [];
    if (dataType === 'heart-rate') {
      points = heartRatePoints()
        .filter((p) => clauses.every((c) => Number.isNaN(Date.parse(c.value)) || compare(p.time, c.op, Date.parse(c.value))))
        .map((p, index) => {
          const local = civil(p.time);
          return {
            sortKey: p.time,
            point: {
              name: `users/me/dataTypes/heart-rate/dataPoints/hr-${p.time}-${index}`,
              heartRate: {
                sampleTime: { physicalTime: new Date(p.time).toISOString(), utcOffset: `${offsetMinutes * 60}s`, civilTime: { date: local.date, time: local.time } },
                // int64 in the proto: a JSON string.
                beatsPerMinute: String(p.bpm),
              },
            },
          };
        });
    } else if (dataType === 'daily-resting-heart-rate' && restingHeartRate !== null) {
      const today = civil(clock.now());
      if (clauses.every((c) => !/^\d{4}-\d{2}-\d{2}/.test(c.value) || compare(today.iso, c.op, c.value.slice(0, 10)))) {
        points = [{ sortKey: 0, point: { name: `users/me/dataTypes/daily-resting-heart-rate/dataPoints/rhr-${today.iso}`, dailyRestingHeartRate: { date: today.date, beatsPerMinute: String(restingHeartRate) } } }];
      }
    }
    points.sort((a, b) => a.sortKey - b.sortKey);
    const sizeRaw = params.get('pageSize');
    const size = sizeRaw !== null && /^\d{1,5}$/.test(sizeRaw) && Number(sizeRaw) > 0 ? Number(sizeRaw) : 1000;
    const offsetRaw = params.get('pageToken');
    const offset = offsetRaw !== null && /^\d{1,9}$/.test(offsetRaw) ? Number(offsetRaw) : 0;
    const page = points.slice(offset, offset + size);
    // proto3 JSON: an empty repeated field is left out, so "no data" is `{}`.
    const body: Record<string, unknown> = {};
    if (page.length > 0) body.dataPoints = page.map((p) => p.point);
    if (offset + page.length < points.length) body.nextPageToken = String(offset + page.length);
    return json(200, body);
  }

  function discovery(): EmulatorResponse {
    return json(200, {
      issuer: origin,
      authorization_endpoint: `${origin}/o/oauth2/v2/auth`,
      token_endpoint: `${origin}/token`,
      userinfo_endpoint: `${origin}/v1/userinfo`,
      revocation_endpoint: `${origin}/revoke`,
      jwks_uri: `${origin}/oauth2/v3/certs`,
      response_types_supported: ['code'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
      scopes_supported: ['openid', 'email', 'profile'],
      token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic'],
      claims_supported: ['aud', 'email', 'email_verified', 'exp', 'family_name', 'given_name', 'iat', 'iss', 'name', 'picture', 'sub'],
      code_challenge_methods_supported: ['plain', 'S256'],
      grant_types_supported: ['authorization_code', 'refresh_token'],
    });
  }

  function route(req: EmulatorRequest): EmulatorResponse {
    const path = req.path;
    if (path === '/o/oauth2/v2/auth') return authorize(req);
    if (path === '/token') return token(req);
    if (path === '/revoke') return revoke(req);
    if (path === '/v1/userinfo' || path === '/oauth2/v3/userinfo') return userinfo(req);
    if (path === '/.well-known/openid-configuration') return discovery();
    const gmailBase = '/gmail/v1/users/me/messages';
    if (path === gmailBase || (path.startsWith(`${gmailBase}/`) && path.indexOf('/', gmailBase.length + 1) < 0)) return gmail(req, path.slice(gmailBase.length));
    if (path.startsWith('/health/')) return health(req, path.slice('/health'.length));
    return notFound();
  }

  const server = await startEmulatorServer(route, { clock });
  origin = server.origin;

  return {
    ...server,
    clientId,
    clientSecret,
    user,
    endpoints: {
      issuer: origin,
      authorization: `${origin}/o/oauth2/v2/auth`,
      token: `${origin}/token`,
      revocation: `${origin}/revoke`,
      userinfo: `${origin}/v1/userinfo`,
      discovery: `${origin}/.well-known/openid-configuration`,
      gmail: `${origin}/gmail/v1/users/me`,
      health: `${origin}/health`,
    },
    secrets: () => [clientSecret, ...book.secrets(), ...idTokens],
    authorizationRequests: () => [...authorizations],
    ...controls,
    healthQueries: () => [...healthQueries],
    setMailbox: (messages) => void (mailbox = [...messages]),
    setDeclinedScopes: (scopes) => void (declined = new Set(scopes)),
    denyConsent: (value) => void (deny = value),
    setHeartRate: (points) => void (heartRate = points === 'generated' ? 'generated' : [...points]),
    setRestingHeartRate: (bpm) => void (restingHeartRate = bpm),
    rateLimit: (limit = {}) => void (rateLimit = { left: limit.count ?? 1, limit }),
  };
}
