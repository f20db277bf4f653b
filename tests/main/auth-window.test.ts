import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_REFUSAL_GRACE_MS, createAuthorizationWindow, isRedirectTo } from '../../electron/main/auth-window.ts';
import type { SecureWindowOptions } from '../../electron/main/window-options.ts';
import { fakeTime } from '../helpers/fake-timers.ts';
import { FakeWindow, recordingLogger } from './fakes.ts';

const AUTH_URL = 'http://127.0.0.1:4000/auth?response_type=code&state=s1';
const REDIRECT = 'http://127.0.0.1:53123/callback';

const tick = () => new Promise((r) => setImmediate(r));

function setup(overrides: { url?: string; redirectUri?: string } = {}) {
  const windows: FakeWindow[] = [];
  const redirects: string[] = [];
  let closedCount = 0;
  const opened: string[] = [];
  const logger = recordingLogger();
  const authWindow = createAuthorizationWindow({
    createWindow: (options: SecureWindowOptions) => {
      const w = new FakeWindow(options);
      windows.push(w);
      return w;
    },
    openLink: async (url) => void opened.push(url),
    logger,
  });
  const handle = authWindow.open({
    url: overrides.url ?? AUTH_URL,
    redirectUri: overrides.redirectUri ?? REDIRECT,
    onRedirect: (url) => void redirects.push(url),
    onClosed: () => void (closedCount += 1),
  });
  const win = windows[0];
  assert.ok(win);
  return { win, windows, redirects, closed: () => closedCount, handle, opened, logger };
}

test('isRedirectTo matches the redirect URI plus query or fragment only', () => {
  assert.equal(isRedirectTo(`${REDIRECT}?code=c&state=s`, REDIRECT), true);
  assert.equal(isRedirectTo(`${REDIRECT}#code=c`, REDIRECT), true);
  assert.equal(isRedirectTo(REDIRECT, REDIRECT), true);
  assert.equal(isRedirectTo(`${REDIRECT}evil?code=c`, REDIRECT), false);
  assert.equal(isRedirectTo(`${REDIRECT}/x?code=c`, REDIRECT), false);
  assert.equal(isRedirectTo('http://127.0.0.1:53124/callback?code=c', REDIRECT), false);
  assert.equal(isRedirectTo('com.example.app:/callback?code=1', 'com.example.app:/callback'), true);
  assert.equal(isRedirectTo('anything', ''), false);
  assert.equal(isRedirectTo(undefined, REDIRECT), false);
});

test('S7 the window is built by the factory: no preload, sandboxed, fresh non-persistent partition', () => {
  const a = setup();
  const b = setup();
  const prefs = (w: FakeWindow) => (w.options as SecureWindowOptions).webPreferences as Record<string, unknown>;
  assert.equal(prefs(a.win).preload, undefined);
  assert.equal(prefs(a.win).sandbox, true);
  assert.equal(prefs(a.win).contextIsolation, true);
  assert.equal(prefs(a.win).nodeIntegration, false);
  assert.match(String(prefs(a.win).partition), /^oauth-desk-auth-/);
  assert.notEqual(prefs(a.win).partition, prefs(b.win).partition);
  assert.deepEqual(a.win.loaded, [AUTH_URL]);
});

test('S7 the redirect is caught in will-redirect before it loads: cancelled, reported once, window closed', () => {
  const t = setup();
  const callback = `${REDIRECT}?code=CODE-1&state=s1`;
  assert.equal(t.win.webContents.navigate('will-redirect', callback), true, 'navigation prevented');
  assert.deepEqual(t.redirects, [callback]);
  assert.equal(t.win.isDestroyed(), true);
  assert.equal(t.closed(), 0, 'closing after the redirect is not "closed by the person"');
  // Late duplicates do nothing.
  t.win.webContents.navigate('will-navigate', callback);
  t.win.webContents.session.request(callback);
  assert.equal(t.redirects.length, 1);
  assert.ok(!JSON.stringify(t.logger.entries).includes('CODE-1'), 'S29: the code is never logged');
});

test('S7 the redirect is caught in will-navigate', () => {
  const t = setup();
  assert.equal(t.win.webContents.navigate('will-navigate', `${REDIRECT}?code=c&state=s1`), true);
  assert.equal(t.redirects.length, 1);
});

test('S7 the redirect request is cancelled in onBeforeRequest, even for subresources, and reported once', () => {
  const t = setup();
  assert.deepEqual(t.win.webContents.session.request('http://127.0.0.1:4000/interaction/1'), {});
  assert.deepEqual(t.win.webContents.session.request(`${REDIRECT}?code=x`, 'image'), { cancel: true });
  assert.equal(t.redirects.length, 0, 'a subresource is not the callback');
  assert.deepEqual(t.win.webContents.session.request(`${REDIRECT}?code=c&state=s1`, 'mainFrame'), { cancel: true });
  assert.deepEqual(t.redirects, [`${REDIRECT}?code=c&state=s1`]);
  assert.deepEqual(t.win.webContents.session.request(`${REDIRECT}?code=c2`), { cancel: true }, 'still cancelled afterwards');
  assert.equal(t.redirects.length, 1);
});

test('S6 S7 a custom-scheme redirect URI is caught too', () => {
  const t = setup({ redirectUri: 'com.oauthdesk.app:/callback' });
  assert.equal(t.win.webContents.navigate('will-navigate', 'com.oauthdesk.app:/callback?code=c'), true);
  assert.deepEqual(t.redirects, ['com.oauthdesk.app:/callback?code=c']);
});

test('S7 closing the window before the redirect reports onClosed once', async () => {
  const t = setup();
  t.win.close();
  assert.equal(t.closed(), 1);
  assert.equal(t.redirects.length, 0);
  t.win.emit('closed');
  assert.equal(t.closed(), 1);
  await new Promise((r) => setImmediate(r));
  assert.ok(t.win.webContents.session.cleared >= 1, 'the in-memory partition is cleared');
});

test('S7 close() from the desk closes the window without onClosed; it is idempotent', () => {
  const t = setup();
  t.handle.close();
  assert.equal(t.win.isDestroyed(), true);
  assert.equal(t.closed(), 0);
  t.handle.close();
  assert.equal(t.win.closeCalls, 1);
});

test('S7 S24 the auth page is hardened: permissions denied, window.open denied, non-https navigation blocked', () => {
  const t = setup();
  const wc = t.win.webContents;
  let granted: boolean | undefined;
  wc.session.permissionRequestHandler?.({}, 'media', (g) => (granted = g));
  assert.equal(granted, false);
  assert.equal(wc.session.permissionCheckHandler?.({}, 'clipboard-read'), false);
  assert.deepEqual(wc.windowOpenHandler?.({ url: 'https://provider.example/terms' }), { action: 'deny' });
  assert.deepEqual(t.opened, ['https://provider.example/terms']);
  assert.equal(wc.navigate('will-navigate', 'https://provider.example/login'), false, 'the sign-in flow may move between https pages');
  assert.equal(wc.navigate('will-navigate', 'http://127.0.0.1:4000/interaction/x'), false);
  for (const url of ['http://provider.example/login', 'file:///etc/passwd', 'app://oauth-desk/index.html', 'javascript:alert(1)']) {
    assert.equal(wc.navigate('will-navigate', url), true, url);
  }
  let prevented = false;
  wc.emit('will-attach-webview', { preventDefault: () => (prevented = true) }, {}, {});
  assert.equal(prevented, true);
  assert.equal(t.redirects.length, 0);
});

test('S7 S29 a failing load is swallowed and logged without the URL', async () => {
  const logger = recordingLogger();
  createAuthorizationWindow({
    createWindow: (o) => {
      const w = new FakeWindow(o);
      w.loadResult = Promise.reject(new Error('ERR_FAILED (-2) loading http://127.0.0.1:4000/auth?state=SECRET'));
      return w;
    },
    logger,
  }).open({ url: AUTH_URL, redirectUri: REDIRECT, onRedirect: () => {}, onClosed: () => {} });
  await tick();
  assert.equal(logger.entries.filter((e) => e.level === 'warn').length, 1);
  assert.ok(!JSON.stringify(logger.entries).includes('SECRET'));
});

test('S7 the load aborted by the intercepted redirect is not reported as a failure', async () => {
  const logger = recordingLogger();
  let win: FakeWindow | undefined;
  let rejectLoad: (e: Error) => void = () => {};
  createAuthorizationWindow({
    createWindow: (o) => {
      win = new FakeWindow(o);
      win.loadResult = new Promise<void>((_, reject) => (rejectLoad = reject));
      return win;
    },
    logger,
  }).open({ url: AUTH_URL, redirectUri: REDIRECT, onRedirect: () => {}, onClosed: () => {} });
  win?.webContents.navigate('will-redirect', `${REDIRECT}?code=c`);
  rejectLoad(new Error('ERR_ABORTED'));
  await tick();
  assert.equal(logger.entries.filter((e) => e.level === 'warn').length, 0);
});

test('S7 S12 only https or loopback-http authorization pages are opened', () => {
  for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'http://provider.example/auth', 'data:text/html,x']) {
    let created = false;
    const aw = createAuthorizationWindow({
      createWindow: (o) => {
        created = true;
        return new FakeWindow(o);
      },
    });
    assert.throws(() => aw.open({ url, redirectUri: REDIRECT, onRedirect: () => {}, onClosed: () => {} }), url);
    assert.equal(created, false, url);
  }
});

/** An auth window whose 403 grace period runs on fake timers; refusals are recorded by status. */
function refusalSetup(options: { refusalGraceMs?: number } = {}) {
  const time = fakeTime();
  const refusals: number[] = [];
  const redirects: string[] = [];
  const windows: FakeWindow[] = [];
  const logger = recordingLogger();
  const authWindow = createAuthorizationWindow({
    createWindow: (o: SecureWindowOptions) => {
      const w = new FakeWindow(o);
      windows.push(w);
      return w;
    },
    logger,
    timers: time.timers,
    ...options,
  });
  const handle = authWindow.open({
    url: AUTH_URL,
    redirectUri: REDIRECT,
    onRedirect: (u) => void redirects.push(u),
    onClosed: () => undefined,
    onRefused: (refusal) => void refusals.push(refusal.status),
  });
  const win = windows[0];
  assert.ok(win);
  const page = (url: string, status: number) => win.webContents.emit('did-navigate', {}, url, status);
  return { time, refusals, redirects, win, handle, logger, page };
}

const REFUSED_PAGE = 'https://accounts.google.com/signin/oauth/error?authError=ZGlzYWxsb3dlZF91c2VyYWdlbnQ';

test('a sign-in page that keeps answering the embedded window with 403 (Google disallowed_useragent) is reported once, after the grace period, with its status', async () => {
  const t = refusalSetup();
  t.page('https://accounts.google.com/o/oauth2/v2/auth?client_id=x', 200);
  t.page(REFUSED_PAGE, 403);
  t.page(REFUSED_PAGE, 403);
  assert.deepEqual(t.refusals, [], 'not at once: the page may still move on');
  await t.time.advance(DEFAULT_REFUSAL_GRACE_MS - 1);
  assert.deepEqual(t.refusals, [], 'a further 403 does not restart or shorten the wait');
  await t.time.advance(1);
  assert.deepEqual(t.refusals, [403]);
  await t.time.advance(DEFAULT_REFUSAL_GRACE_MS * 2);
  t.page(REFUSED_PAGE, 403);
  await t.time.advance(DEFAULT_REFUSAL_GRACE_MS);
  assert.deepEqual(t.refusals, [403], 'reported once');
  // The log says what happened without the page's address (it can carry the request's parameters).
  assert.ok(!JSON.stringify(t.logger.entries).includes('accounts.google.com'));
});

test("a Cloudflare challenge in front of the sign-in page (403, then the real page) does not end the sign-in", async () => {
  const t = refusalSetup();
  t.page('https://discord.com/oauth2/authorize?client_id=x', 403);
  await t.time.advance(DEFAULT_REFUSAL_GRACE_MS - 1);
  t.page('https://discord.com/oauth2/authorize?client_id=x', 200);
  await t.time.advance(DEFAULT_REFUSAL_GRACE_MS * 2);
  assert.deepEqual(t.refusals, []);
  assert.deepEqual(t.time.pending(), [], 'no refusal left waiting');
  assert.equal(t.win.isDestroyed(), false, 'the sign-in goes on in the window');
  // A later 403 that stays is still a refusal.
  t.page('https://discord.com/oauth2/authorize?client_id=x', 403);
  await t.time.advance(DEFAULT_REFUSAL_GRACE_MS);
  assert.deepEqual(t.refusals, [403]);
});

test('the grace period is an option', async () => {
  const t = refusalSetup({ refusalGraceMs: 500 });
  t.page(REFUSED_PAGE, 403);
  await t.time.advance(499);
  assert.deepEqual(t.refusals, []);
  await t.time.advance(1);
  assert.deepEqual(t.refusals, [403]);
});

test('S7 a 403 that is still waiting when the redirect is caught, or when the desk closes the window, is not a refusal', async () => {
  const caught = refusalSetup();
  caught.page('http://127.0.0.1:4000/other', 403);
  caught.win.webContents.navigate('will-navigate', `${REDIRECT}?code=c&state=s1`);
  await caught.time.advance(DEFAULT_REFUSAL_GRACE_MS);
  assert.equal(caught.redirects.length, 1);
  assert.deepEqual(caught.refusals, []);

  const closed = refusalSetup();
  closed.page(REFUSED_PAGE, 403);
  closed.handle.close();
  assert.deepEqual(closed.time.pending(), [], 'the waiting refusal is dropped');
  await closed.time.advance(DEFAULT_REFUSAL_GRACE_MS);
  assert.deepEqual(closed.refusals, []);
});

test('a 403 after the redirect was caught is not a refusal', async () => {
  const t = refusalSetup();
  t.win.webContents.navigate('will-navigate', `${REDIRECT}?code=c&state=s1`);
  t.page('http://127.0.0.1:4000/other', 403);
  await t.time.advance(DEFAULT_REFUSAL_GRACE_MS);
  assert.equal(t.redirects.length, 1);
  assert.deepEqual(t.refusals, []);
});
