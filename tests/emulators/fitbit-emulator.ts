/**
 * A small emulator of the legacy Fitbit Web API (turned off on 2 November 2026), kept for the
 * lessons it encodes (providers.md): its own error envelope instead of RFC 6749's, HTTP Basic with
 * Base64(client_id:client_secret), single-use rotating refresh tokens, error messages that echo the
 * token, and, with `retired`, the 410 Gone every request gets since the shutdown.
 *
 * One server on 127.0.0.1 (port from the OS). A profile under test replaces https://www.fitbit.com
 * and https://api.fitbit.com with `origin`:
 *
 *   GET  /oauth2/authorize                                    (www.fitbit.com)
 *   POST /oauth2/token, POST /oauth2/revoke                   (api.fitbit.com)
 *   GET  /1/user/-/activities/heart/date/{today|yyyy-MM-dd}/1d.json
 *
 * The envelope: `{"errors":[{"errorType":"expired_token","message":"Access token expired: …"}],"success":false}`
 * (401 from the API), `{"errors":[{"errorType":"invalid_grant","message":"Refresh token invalid: …"}],"success":false}`
 * (400 from the token endpoint). `fitbitEnvelope()` builds it for other emulators. The callback
 * URL ends with Fitbit's `#_=_` fragment. Rate-limit headers `Fitbit-Rate-Limit-Limit`,
 * `-Remaining` and `-Reset` (seconds until the window resets) on every API answer; 429 with
 * `Retry-After` when used up (150 per hour).
 *
 * Unconfirmed: the body of the 410 after the shutdown (an envelope here).
 */
import { basicCredentials, bearerToken, createRateWindow, createTokenBook, htmlPage, json, methodNotAllowed, pkceMatches, readForm, redirectTo, repeatedParameter, splitScopes, startEmulatorServer, systemEmulatorClock, tokenControls, type EmulatorBase, type EmulatorClock, type EmulatorRequest, type EmulatorResponse, type TokenControls, withHeaders } from './emulator-kit.ts';

const VISIT = 'Visit https://dev.fitbit.com/docs/oauth2 for more information on the Fitbit Web API authorization process.';
const FITBIT_SCOPES = ['activity', 'heartrate', 'location', 'nutrition', 'oxygen_saturation', 'profile', 'respiratory_rate', 'settings', 'sleep', 'social', 'temperature', 'weight'];

/** The Fitbit-style error envelope. */
export function fitbitEnvelope(status: number, errorType: string, message: string, headers?: Readonly<Record<string, string>>): EmulatorResponse {
  return json(status, { errors: [{ errorType, message }], success: false }, headers);
}

export interface FitbitEmulatorOptions {
  readonly clientId?: string;
  readonly clientSecret?: string;
  readonly redirectUri?: string;
  readonly clock?: EmulatorClock;
  readonly accessTokenTtlSeconds?: number;
  /** After 2 November 2026: every request gets 410 Gone. */
  readonly retired?: boolean;
  readonly restingHeartRate?: number | null;
  /** Intraday values (one per minute from midnight); undefined leaves `activities-heart-intraday` out. */
  readonly intraday?: readonly number[];
}

export interface FitbitEmulator extends EmulatorBase, TokenControls {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly redirectUri: string;
  readonly userId: string;
  readonly endpoints: { readonly authorization: string; readonly token: string; readonly revocation: string; readonly heartRateToday: string };
  // Controls
  setRetired(retired: boolean): void;
  exhaustRateLimit(): void;
}

export async function startFitbitEmulator(options: FitbitEmulatorOptions = {}): Promise<FitbitEmulator> {
  const clock = options.clock ?? systemEmulatorClock;
  const clientId = options.clientId ?? '23EMUL';
  const clientSecret = options.clientSecret ?? '0a1b2c3d4e5f60718293a4b5c6d7e8f9';
  const redirectUri = options.redirectUri ?? 'http://127.0.0.1:8767/callback';
  const accessTtl = options.accessTokenTtlSeconds ?? 28800;
  const userId = '-EMUL1';
  const book = createTokenBook(clock);
  const controls = tokenControls(book);
  const window = createRateWindow(clock, 150, 3600);
  const restingHeartRate = options.restingHeartRate === undefined ? 58 : options.restingHeartRate;
  let retired = options.retired ?? false;

  function authorize(req: EmulatorRequest): EmulatorResponse {
    if (req.method !== 'GET') return methodNotAllowed('GET');
    const q = req.url.searchParams;
    const scopes = splitScopes(q.get('scope'));
    const challenge = q.get('code_challenge');
    const valid =
      repeatedParameter(q) === undefined &&
      q.get('client_id') === clientId &&
      q.get('redirect_uri') === redirectUri &&
      q.get('response_type') === 'code' &&
      scopes.length > 0 &&
      scopes.every((s) => FITBIT_SCOPES.includes(s)) &&
      (challenge === null || q.get('code_challenge_method') === 'S256');
    if (!valid) return htmlPage(400, 'Fitbit', 'The app you are trying to connect did not provide valid information to Fitbit.');
    const state = q.get('state');
    const code = book.issueCode({ clientId, userId, redirectUri, scopes, codeChallenge: challenge, codeChallengeMethod: challenge === null ? null : 'S256', extras: {} });
    return redirectTo(redirectUri, { code, ...(state === null ? {} : { state }) }, '_=_');
  }

  function clientProblem(req: EmulatorRequest): EmulatorResponse | undefined {
    const basic = basicCredentials(req);
    if (basic === undefined || basic === 'malformed') return fitbitEnvelope(401, 'invalid_client', `Invalid authorization header format. ${VISIT}`);
    if (basic.clientId !== clientId || basic.clientSecret !== clientSecret) return fitbitEnvelope(401, 'invalid_client', `Invalid authorization header. Client id invalid. ${VISIT}`);
    return undefined;
  }

  function tokenBody(grant: Parameters<typeof book.issueAccessToken>[0]): EmulatorResponse {
    const access = book.issueAccessToken(grant, accessTtl, 'eyJhbGciOiJIUzI1NiJ9.');
    const refresh = book.issueRefreshToken(grant, '');
    return json(200, { access_token: access.value, expires_in: accessTtl, refresh_token: refresh.value, scope: grant.scopes.join(' '), token_type: 'Bearer', user_id: userId });
  }

  function token(req: EmulatorRequest): EmulatorResponse {
    if (req.method !== 'POST') return methodNotAllowed('POST');
    const form = readForm(req);
    if (form === undefined) return fitbitEnvelope(400, 'invalid_request', `Missing 'grant_type' parameter value. ${VISIT}`);
    const grantType = form.get('grant_type');
    const label = grantType === 'authorization_code' || grantType === 'refresh_token' ? grantType : 'other';
    const rejected = clientProblem(req);
    if (rejected !== undefined) return { ...rejected, label };
    if (grantType === 'authorization_code') {
      const value = form.get('code') ?? '';
      const redeemed = book.redeemCode(value, 10 * 60_000);
      // Fitbit echoes the code (and tokens) in its messages: clients must redact them.
      if (redeemed.outcome !== 'ok') return { ...fitbitEnvelope(400, 'invalid_grant', `Authorization code invalid: ${value} ${VISIT}`), label };
      const code = redeemed.code;
      if (form.get('redirect_uri') !== code.redirectUri) return { ...fitbitEnvelope(400, 'invalid_request', `Incorrect redirect_uri parameter value. ${VISIT}`), label };
      if (code.codeChallenge !== null && !pkceMatches('S256', code.codeChallenge, form.get('code_verifier') ?? '')) {
        return { ...fitbitEnvelope(400, 'invalid_grant', `Invalid code_verifier parameter value. ${VISIT}`), label };
      }
      return { ...tokenBody(book.newGrant(clientId, userId, code.scopes)), label };
    }
    if (grantType === 'refresh_token') {
      const value = form.get('refresh_token') ?? '';
      const found = book.refreshToken(value);
      if (found.status !== 'active' || found.token === undefined) return { ...fitbitEnvelope(400, 'invalid_grant', `Refresh token invalid: ${value}. ${VISIT}`), label };
      found.token.spentAt = clock.now();
      return { ...tokenBody(found.token.grant), label };
    }
    return { ...fitbitEnvelope(400, 'unsupported_grant_type', `The grant type is not supported. ${VISIT}`), label };
  }

  function revoke(req: EmulatorRequest): EmulatorResponse {
    if (req.method !== 'POST') return methodNotAllowed('POST');
    const rejected = clientProblem(req);
    if (rejected !== undefined) return rejected;
    const value = readForm(req)?.get('token') ?? '';
    controls.revokeToken(value);
    return json(200, {});
  }

  function heartRate(req: EmulatorRequest, day: string): EmulatorResponse {
    if (req.method !== 'GET') return methodNotAllowed('GET');
    const presented = bearerToken(req) ?? '';
    const found = book.accessToken(presented);
    if (found.status === 'expired') return fitbitEnvelope(401, 'expired_token', `Access token expired: ${presented}. ${VISIT}`);
    if (found.status !== 'valid' || found.token === undefined) return fitbitEnvelope(401, 'invalid_token', `Access token invalid: ${presented}. ${VISIT}`);
    if (!found.token.scopes.includes('heartrate')) return fitbitEnvelope(403, 'insufficient_scope', `This application does not have permission to access heartrate data. ${VISIT}`);
    const date = day === 'today' ? new Date(clock.now()).toISOString().slice(0, 10) : day;
    const value: Record<string, unknown> = {
      customHeartRateZones: [],
      heartRateZones: [
        { caloriesOut: 1412.3, max: 98, min: 30, minutes: 1190, name: 'Out of Range' },
        { caloriesOut: 402.1, max: 137, min: 98, minutes: 62, name: 'Fat Burn' },
        { caloriesOut: 44.9, max: 166, min: 137, minutes: 5, name: 'Cardio' },
        { caloriesOut: 0, max: 220, min: 166, minutes: 0, name: 'Peak' },
      ],
    };
    if (restingHeartRate !== null) value.restingHeartRate = restingHeartRate;
    const body: Record<string, unknown> = { 'activities-heart': [{ dateTime: date, value }] };
    if (options.intraday !== undefined) {
      body['activities-heart-intraday'] = {
        dataset: options.intraday.map((bpm, i) => ({ time: `${String(Math.floor(i / 60)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:00`, value: bpm })),
        datasetInterval: 1,
        datasetType: 'minute',
      };
    }
    return json(200, body);
  }

  function route(req: EmulatorRequest): EmulatorResponse {
    if (retired) return fitbitEnvelope(410, 'system', 'The Fitbit Web API has been turned off. Use the Google Health API.');
    if (req.path === '/oauth2/authorize') return authorize(req);
    if (req.path === '/oauth2/token') return token(req);
    if (req.path === '/oauth2/revoke') return revoke(req);
    const match = /^\/1\/user\/-\/activities\/heart\/date\/(today|\d{4}-\d{2}-\d{2})\/1d\.json$/.exec(req.path);
    if (match === null) return fitbitEnvelope(404, 'not_found', 'The API you are requesting could not be found.');
    const taken = window.take();
    const headers = {
      'Fitbit-Rate-Limit-Limit': String(taken.limit),
      'Fitbit-Rate-Limit-Remaining': String(taken.remaining),
      'Fitbit-Rate-Limit-Reset': String(Math.ceil(Math.max(0, taken.resetAt - clock.now()) / 1000)),
    };
    if (!taken.allowed) {
      return { ...fitbitEnvelope(429, 'system', 'Too Many Requests', { ...headers, 'Retry-After': headers['Fitbit-Rate-Limit-Reset'] }), label: 'rate-limited' };
    }
    const response = heartRate(req, match[1] as string);
    return withHeaders(response, headers);
  }

  const server = await startEmulatorServer(route, { clock });
  const origin = server.origin;
  return {
    ...server,
    clientId,
    clientSecret,
    redirectUri,
    userId,
    endpoints: {
      authorization: `${origin}/oauth2/authorize`,
      token: `${origin}/oauth2/token`,
      revocation: `${origin}/oauth2/revoke`,
      heartRateToday: `${origin}/1/user/-/activities/heart/date/today/1d.json`,
    },
    secrets: () => [clientSecret, ...book.secrets()],
    ...controls,
    setRetired: (value) => void (retired = value),
    exhaustRateLimit: () => window.exhaust(),
  };
}
