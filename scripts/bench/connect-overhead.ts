/**
 * 1. Connect overhead. For every run a fresh, real sign-in at the Sandbox (oidc-provider on
 * loopback; the scripted browser fills its login and consent pages over HTTP) up to the redirect,
 * which is not followed. Then, timed:
 *  - the app: from sending the callback GET to the desk's loopback listener until the push that
 *    shows the connection stored. In between the desk validates the callback, answers the browser,
 *    exchanges the code (POST /token with the PKCE verifier), reads the account (GET /me, userinfo),
 *    encrypts the tokens and writes the store file (atomically), re-plans its refresh timer and builds
 *    the provider list it pushes;
 *  - the baseline: a minimal script doing the same two HTTP requests with got (POST /token with the
 *    code and verifier, GET /me), with a code obtained the same way.
 * Warm-up runs first, then the app and the baseline alternate (ABBA order), against one Sandbox.
 */
import { createHash, randomBytes } from 'node:crypto';
import got from 'got';
import { createGotHttpClient } from '../../electron/core/http/got-http-client.ts';
import type { HttpClient } from '../../electron/core/http/http-client.ts';
import { completeAuthorization } from '../../tests/helpers/scripted-browser.ts';
import type { SandboxDesk } from './harness.ts';
import { Cleanups, deliverCallback, sandboxDesk, signInUpToRedirect } from './harness.ts';
import type { BenchResult } from './report.ts';
import { row } from './report.ts';
import { ms, ratio, summarize } from './stats.ts';

export interface ConnectConfig {
  readonly warmup: number;
  readonly runs: number;
}

export const configs = {
  full: { warmup: 5, runs: 40 },
  quick: { warmup: 2, runs: 10 },
  smoke: { warmup: 1, runs: 2 },
} satisfies Record<string, ConnectConfig>;

/** When the desk's own token and userinfo requests started and ended (a pass-through around got). */
interface Marks {
  tokenStart: number;
  tokenEnd: number;
  userinfoStart: number;
  userinfoEnd: number;
}

function timedHttp(inner: HttpClient): HttpClient & { userinfoUrl: string; take(): Marks } {
  let marks: Marks = { tokenStart: NaN, tokenEnd: NaN, userinfoStart: NaN, userinfoEnd: NaN };
  const client = {
    userinfoUrl: '',
    async request(request: Parameters<HttpClient['request']>[0]) {
      const token = request.method === 'POST' && request.form?.grant_type === 'authorization_code';
      const userinfo = request.url === client.userinfoUrl;
      if (token) marks.tokenStart = performance.now();
      if (userinfo) marks.userinfoStart = performance.now();
      try {
        return await inner.request(request);
      } finally {
        if (token) marks.tokenEnd = performance.now();
        if (userinfo) marks.userinfoEnd = performance.now();
      }
    },
    take() {
      const taken = marks;
      marks = { tokenStart: NaN, tokenEnd: NaN, userinfoStart: NaN, userinfoEnd: NaN };
      return taken;
    },
  };
  return client;
}

/** One app run split in its phases (ms). */
interface AppRun {
  readonly total: number;
  /** Sending the callback GET → the token request leaves: the loopback hop, callback validation. */
  readonly callback: number;
  readonly token: number;
  /** Token answer → userinfo request leaves: validating the token response. */
  readonly between: number;
  readonly userinfo: number;
  /** Userinfo answer → the push: encrypting, writing the store, re-planning, building the list. */
  readonly store: number;
}

interface Endpoints {
  readonly authorization: string;
  readonly token: string;
  readonly userinfo: string;
  readonly clientId: string;
  readonly scopes: readonly string[];
}

/** The baseline's own sign-in: PKCE and state made here, the Sandbox's pages played up to the redirect. */
async function baselineCode(endpoints: Endpoints): Promise<{ code: string; verifier: string; redirectUri: string }> {
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const state = randomBytes(16).toString('base64url');
  // The Sandbox's client is a native app: any loopback port is accepted (RFC 8252 7.3); nothing listens there.
  const redirectUri = 'http://127.0.0.1:9/callback';
  const url = new URL(endpoints.authorization);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: endpoints.clientId,
    redirect_uri: redirectUri,
    scope: endpoints.scopes.join(' '),
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString();
  const callback = new URL(await completeAuthorization(url.href, redirectUri, { login: 'ada' }));
  const code = callback.searchParams.get('code');
  if (code === null || callback.searchParams.get('state') !== state) throw new Error('The Sandbox redirected without a code for the baseline.');
  return { code, verifier, redirectUri };
}

/** The minimal got script: the same two requests the desk makes. Returns its duration and its token request's, in ms. */
async function baselineRun(endpoints: Endpoints): Promise<{ total: number; token: number }> {
  const { code, verifier, redirectUri } = await baselineCode(endpoints);
  const t0 = performance.now();
  const tokens = await got
    .post(endpoints.token, {
      form: { grant_type: 'authorization_code', code, redirect_uri: redirectUri, code_verifier: verifier, client_id: endpoints.clientId },
    })
    .json<{ access_token: string }>();
  const tokenMs = performance.now() - t0;
  const profile = await got(endpoints.userinfo, { headers: { authorization: `Bearer ${tokens.access_token}` } }).json<{ sub?: string }>();
  const spent = performance.now() - t0;
  if (typeof profile.sub !== 'string') throw new Error('The baseline read no subject from userinfo.');
  return { total: spent, token: tokenMs };
}

async function appRun(setup: SandboxDesk, http: ReturnType<typeof timedHttp>): Promise<AppRun> {
  const callback = await signInUpToRedirect(setup.desk, 'ada');
  http.take();
  const sentAt = Date.now();
  const t0 = performance.now();
  await deliverCallback(setup.desk, callback, sentAt);
  const t1 = performance.now();
  const m = http.take();
  return {
    total: t1 - t0,
    callback: m.tokenStart - t0,
    token: m.tokenEnd - m.tokenStart,
    between: m.userinfoStart - m.tokenEnd,
    userinfo: m.userinfoEnd - m.userinfoStart,
    store: t1 - m.userinfoEnd,
  };
}

export async function run(config: ConnectConfig): Promise<BenchResult> {
  const cleanups = new Cleanups();
  try {
    const http = timedHttp(createGotHttpClient());
    // The real default: the proactive schedule is on, so storing the tokens re-plans the refresh timer.
    const setup = await sandboxDesk(cleanups, { ttlSeconds: 120, proactive: true, http });
    const runtime = setup.fixture.runtime;
    const metadata = await got(`${setup.fixture.server.issuer}/.well-known/openid-configuration`).json<{ userinfo_endpoint: string }>();
    const userinfo = metadata.userinfo_endpoint;
    http.userinfoUrl = userinfo;
    const endpoints: Endpoints = {
      authorization: runtime.server.authorizationEndpoint,
      token: runtime.server.tokenEndpoint,
      userinfo,
      clientId: runtime.server.client.clientId,
      scopes: runtime.server.scopes,
    };
    for (let i = 0; i < config.warmup; i++) {
      await appRun(setup, http);
      await baselineRun(endpoints);
    }
    const app: AppRun[] = [];
    const baseline: Array<{ total: number; token: number }> = [];
    for (let i = 0; i < config.runs; i++) {
      // ABBA: neither side always goes first.
      if (i % 2 === 0) {
        app.push(await appRun(setup, http));
        baseline.push(await baselineRun(endpoints));
      } else {
        baseline.push(await baselineRun(endpoints));
        app.push(await appRun(setup, http));
      }
    }
    const appTotal = summarize(app.map((r) => r.total));
    const base = summarize(baseline.map((b) => b.total));
    const baseToken = summarize(baseline.map((b) => b.token));
    const baseUserinfo = summarize(baseline.map((b) => b.total - b.token));
    const phase = (key: keyof AppRun) => summarize(app.map((r) => r[key]));
    const phases = { callback: phase('callback'), token: phase('token'), between: phase('between'), userinfo: phase('userinfo'), store: phase('store') };
    const codeExchanges = setup.fixture.server.tokenRequestCounts().authorization_code ?? 0;
    return {
      name: 'connect',
      title: '1. Connect overhead',
      rows: [
        row('Callback → connection stored, app (median / p90)', `${ms(appTotal.median)} / ${ms(appTotal.p90)}`),
        row('Same two requests with got, baseline (median / p90)', `${ms(base.median)} / ${ms(base.p90)}`),
        row('Ratio app / baseline (medians)', ratio(appTotal.median, base.median)),
        row(
          "The app's run in phases (medians): callback hop / token request / token checks / userinfo request / store and push",
          [phases.callback, phases.token, phases.between, phases.userinfo, phases.store].map((p) => ms(p.median)).join(' / '),
        ),
        row("The baseline's token request / userinfo request (medians)", `${ms(baseToken.median)} / ${ms(baseUserinfo.median)}`),
      ],
      notes: [
        `${config.runs} runs each after ${config.warmup} warm-up ${config.warmup === 1 ? 'run' : 'runs'}, app and baseline alternating (ABBA), against one Sandbox in the same process; a fresh sign-in at the Sandbox's pages before every run (not timed).`,
        'The app run starts when the callback GET is sent to the loopback listener and ends at the providers:changed push showing the connection stored; it includes the loopback hop, the token exchange, the userinfo request, encrypting the tokens (AES-256-GCM test cipher), the atomic store write, re-planning the refresh timer and building the pushed list.',
        'The baseline is plain got: POST /token (code, verifier, redirect URI, client ID), then GET userinfo with the access token.',
        "Phases are cut at the moments the desk's HTTP client starts and finishes its two requests (a pass-through wrapper around its got client). The Sandbox runs on the same thread, so the desk's own work at the same moment (answering the browser, closing the loopback listener) lengthens its token request too.",
      ],
      details: { config, app: appTotal, baseline: base, phases, baselinePhases: { token: baseToken, userinfo: baseUserinfo }, codeExchanges, appRunsMs: app, baselineRunsMs: baseline },
    };
  } finally {
    await cleanups.run();
  }
}
