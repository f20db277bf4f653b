/**
 * The custom-scheme redirect (RFC 8252 7.1, S6, S9) end to end against the real Sandbox
 * (oidc-provider on loopback, real HTTP through got, a real conf store): the Sandbox client has
 * `com.oauthdesk.app:/callback` registered; the scripted browser signs in and stops at the redirect
 * to the app link, which is then handed over the way the operating system does on Windows and
 * Linux — as an argument of a second launch — through the same functions the main process uses
 * (schemeLinkFromArgv, the link intake, the router).
 */
import { test } from 'node:test';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createDesk } from '../../electron/core/app/desk.ts';
import { silentLogger } from '../../electron/core/ports.ts';
import type { BrowserOpener } from '../../electron/core/ports.ts';
import { SCHEME_REDIRECT_URI } from '../../electron/core/scheme/app-scheme.ts';
import { createSchemeRedirectRouter } from '../../electron/core/scheme/scheme-redirect-router.ts';
import { createFileStore, storeFilePath } from '../../electron/core/storage/file-store.ts';
import { createSchemeLinkIntake, schemeLinkFromArgv } from '../../electron/main/scheme-links.ts';
import type { ErrorInfo } from '../../electron/shared/error-info.ts';
import type { ProviderView } from '../../electron/shared/view-types.ts';
import { recordingHttpClient } from '../helpers/provider-desk.ts';
import { completeAuthorization } from '../helpers/scripted-browser.ts';
import { createTestCipher } from '../helpers/test-cipher.ts';
import { tempDataDir } from '../helpers/temp-dir.ts';

const LAUNCHER = '/opt/OAuth Desk/oauth-desk';

function harness(t: TestContext, options: { withRouter?: boolean } = {}) {
  const dir = tempDataDir(t);
  const opened: string[] = [];
  const opener: BrowserOpener = { open: async (url) => void opened.push(url) };
  const http = recordingHttpClient();
  const router = createSchemeRedirectRouter();
  const desk = createDesk({
    store: createFileStore(dir),
    cipher: createTestCipher(),
    opener,
    authWindow: null,
    http,
    logger: silentLogger,
    schemeRouter: options.withRouter === false ? null : router,
  });
  t.after(() => desk.close());
  const reports: ErrorInfo[] = [];
  let focused = 0;
  const intake = createSchemeLinkIntake({ focus: () => void focused++, report: (e) => void reports.push(e), logger: silentLogger });
  intake.start((link) => router.deliver(link));
  const changes: ProviderView[][] = [];
  desk.onProvidersChanged((views) => changes.push(views));
  const sandbox = async () => (await desk.handlers['providers:list']()).find((p) => p.id === 'sandbox')!;
  const settled = async () => {
    for (let i = 0; i < 200; i++) {
      const view = await sandbox();
      if (view.pending === null) return view;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error('the sign-in did not end');
  };
  /** The OS starting a second instance with the link as its argument. */
  const secondLaunch = async (link: string) => {
    const found = schemeLinkFromArgv([LAUNCHER, link]);
    if (found !== null) intake.receive(found);
    // The person dismisses any dialog before the next link arrives.
    await new Promise((r) => setImmediate(r));
  };
  const tokenRequests = (grant: string) => http.requests.filter((r) => r.form?.grant_type === grant).length;
  return { dir, desk, router, opened, http, reports, changes, sandbox, settled, secondLaunch, tokenRequests, focused: () => focused };
}

test('the app link mode is offered only where the host receives app links (the desktop app, not web mode)', async (t) => {
  const desktop = harness(t);
  assert.ok((await desktop.sandbox()).availableAuthModes.includes('custom-scheme'));
  const web = harness(t, { withRouter: false });
  assert.ok(!(await web.sandbox()).availableAuthModes.includes('custom-scheme'));
  await assert.rejects(web.desk.handlers['providers:set-auth-mode']({ providerId: 'sandbox', authMode: 'custom-scheme' }), { code: 'auth_mode_unavailable' });
});

test('S6 Sandbox (real oidc-provider) connects through com.oauthdesk.app:/callback handed over as a second launch’s argument; the replayed link is refused and makes no second token request (S9)', async (t) => {
  const h = harness(t);
  // Starts the Sandbox server (on the first sign-in) with a loopback sign-in, cancelled at once.
  const warmUp = await h.desk.handlers['auth:connect']({ providerId: 'sandbox' });
  await h.desk.handlers['auth:cancel']({ attemptId: warmUp.attemptId });
  await new Promise((r) => setTimeout(r, 100));
  h.opened.length = 0;
  await h.desk.handlers['providers:set-auth-mode']({ providerId: 'sandbox', authMode: 'custom-scheme' });
  const listenersBefore = process.getActiveResourcesInfo().filter((r) => r === 'TCPServerWrap').length;
  const pending = await h.desk.handlers['auth:connect']({ providerId: 'sandbox' });
  assert.equal(pending.authMode, 'custom-scheme');
  assert.equal(pending.redirectUri, SCHEME_REDIRECT_URI);
  assert.equal(new URL(pending.authorizationUrl).searchParams.get('redirect_uri'), 'com.oauthdesk.app:/callback');
  assert.deepEqual(h.opened, [pending.authorizationUrl], 'the system browser opened the sign-in page');
  assert.equal(process.getActiveResourcesInfo().filter((r) => r === 'TCPServerWrap').length, listenersBefore, 'no loopback listener for this sign-in');
  assert.equal(h.router.pendingCount(), 1);

  const link = await completeAuthorization(pending.authorizationUrl, 'com.oauthdesk.app:', { login: 'grace' });
  assert.ok(link.startsWith('com.oauthdesk.app:/callback?'), 'oidc-provider redirected to the app link');
  await h.secondLaunch(link);
  const view = await h.settled();
  assert.equal(view.lastError, null);
  assert.equal(view.connections.length, 1);
  assert.equal(view.connections[0]?.hasRefreshToken, true);
  assert.equal(h.tokenRequests('authorization_code'), 1);
  const exchange = h.http.requests.find((r) => r.form?.grant_type === 'authorization_code');
  assert.equal(exchange?.form?.redirect_uri, 'com.oauthdesk.app:/callback', 'the token request reuses the exact redirect URI (S11)');
  assert.equal(h.router.pendingCount(), 0);
  assert.ok(h.focused() >= 1, 'the window came forward');

  const data = await h.desk.handlers['data:fetch']({ connectionId: view.connections[0]!.id });
  assert.ok(data.panels.every((p) => p.result.ok), 'the profile and mail load with the tokens');

  await h.secondLaunch(link);
  await new Promise((r) => setTimeout(r, 100));
  assert.deepEqual(h.reports.map((r) => r.code), ['scheme_state_spent']);
  assert.match(h.reports[0]!.hint, /Connect/);
  assert.equal(h.tokenRequests('authorization_code'), 1, 'the replay never reached the token endpoint');
  assert.equal((await h.sandbox()).connections.length, 1);
  const store = readFileSync(storeFilePath(h.dir), 'utf8');
  const code = new URL(link).searchParams.get('code')!;
  assert.ok(!store.includes(code), 'the authorization code is not stored');
});

test('S6 forged, lookalike and stale links never reach the token endpoint; the genuine one still connects', async (t) => {
  const h = harness(t);
  await h.desk.handlers['providers:set-auth-mode']({ providerId: 'sandbox', authMode: 'custom-scheme' });
  const pending = await h.desk.handlers['auth:connect']({ providerId: 'sandbox' });
  const link = await completeAuthorization(pending.authorizationUrl, 'com.oauthdesk.app:');
  const url = new URL(link);
  const code = url.searchParams.get('code')!;
  const state = url.searchParams.get('state')!;

  await h.secondLaunch(`com.oauthdesk.app:/callback?code=${code}&state=forged-state-that-was-never-issued`);
  await h.secondLaunch(`com.oauthdesk.app://callback?code=${code}&state=${state}`);
  await h.secondLaunch(`${link}&state=${state}`);
  await h.secondLaunch(`com.oauthdesk.app:/callback?access_token=x&state=${state}`);
  // A lookalike scheme is not even taken from the command line.
  await h.secondLaunch(`com.oauthdesk.app.evil:/callback?code=${code}&state=${state}`);
  assert.deepEqual(h.reports.map((r) => r.code), ['scheme_state_unknown', 'scheme_url_authority', 'callback_duplicate_parameter', 'callback_carries_tokens']);
  assert.equal(h.tokenRequests('authorization_code'), 0);
  assert.notEqual((await h.sandbox()).pending, null, 'the sign-in is still waiting for its real response');

  await h.secondLaunch(link);
  const view = await h.settled();
  assert.equal(view.connections.length, 1);
  assert.equal(h.tokenRequests('authorization_code'), 1);
});

test('a link arriving after its sign-in was cancelled is refused as ended, and nothing is stored', async (t) => {
  const h = harness(t);
  await h.desk.handlers['providers:set-auth-mode']({ providerId: 'sandbox', authMode: 'custom-scheme' });
  const pending = await h.desk.handlers['auth:connect']({ providerId: 'sandbox' });
  const link = await completeAuthorization(pending.authorizationUrl, 'com.oauthdesk.app:');
  await h.desk.handlers['auth:cancel']({ attemptId: pending.attemptId });
  await h.secondLaunch(link);
  assert.deepEqual(h.reports.map((r) => r.code), ['scheme_state_ended']);
  assert.equal(h.tokenRequests('authorization_code'), 0);
  assert.equal((await h.sandbox()).connections.length, 0);
});

test('the provider’s refusal through the app link (consent denied) ends the sign-in with its error on the card', async (t) => {
  const h = harness(t);
  await h.desk.handlers['providers:set-auth-mode']({ providerId: 'sandbox', authMode: 'custom-scheme' });
  const pending = await h.desk.handlers['auth:connect']({ providerId: 'sandbox' });
  const link = await completeAuthorization(pending.authorizationUrl, 'com.oauthdesk.app:', { consent: false });
  assert.equal(new URL(link).searchParams.get('error'), 'access_denied');
  await h.secondLaunch(link);
  const view = await h.settled();
  assert.equal(view.lastError?.code, 'access_denied');
  assert.deepEqual(h.reports, [], 'delivered to its sign-in, not refused');
  assert.equal(h.tokenRequests('authorization_code'), 0);
});
