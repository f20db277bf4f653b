import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  denyAllPermissions,
  hardenWebContents,
  isAuthPageNavigationAllowed,
  isUrlOfOrigins,
  originOf,
} from '../../electron/main/navigation-guard.ts';
import { createExternalOpener } from '../../electron/main/external-opener.ts';
import { FakeSession, FakeWebContents, recordingLogger } from './fakes.ts';

const APP = ['app://oauth-desk'];

test('originOf works for the custom app scheme (whose WHATWG origin is "null")', () => {
  assert.equal(originOf('app://oauth-desk/index.html'), 'app://oauth-desk');
  assert.equal(originOf('APP://OAUTH-DESK/x'), 'app://oauth-desk');
  assert.equal(originOf('https://a.example:8443/x'), 'https://a.example:8443');
  assert.equal(originOf('https://a.example:443/x'), 'https://a.example');
  assert.equal(originOf('data:text/html,hi'), null);
  assert.equal(originOf('about:blank'), null);
  assert.equal(originOf('javascript:alert(1)'), null);
  assert.equal(originOf('app://user@oauth-desk/'), null);
  assert.equal(originOf('not a url'), null);
  assert.equal(originOf(42), null);
});

test('S24 app navigation rule: only the app origin', () => {
  assert.equal(isUrlOfOrigins('app://oauth-desk/index.html', APP), true);
  assert.equal(isUrlOfOrigins('app://oauth-desk/', APP), true);
  for (const url of [
    'app://oauth-desk.evil/index.html',
    'app://evil/index.html',
    'app://oauth-desk:99/index.html',
    'file:///work/out/renderer/index.html',
    'https://oauth-desk/',
    'https://evil.example/',
    'http://127.0.0.1:5173/',
    'javascript:alert(1)',
    'data:text/html,<h1>x</h1>',
    'about:blank',
  ]) {
    assert.equal(isUrlOfOrigins(url, APP), false, url);
  }
  assert.equal(isUrlOfOrigins('http://localhost:5173/src/x', [...APP, 'http://localhost:5173']), true, 'dev server when configured');
});

test('S7 S24 auth page navigation rule: https and loopback http, nothing else', () => {
  assert.equal(isAuthPageNavigationAllowed('https://login.example/authorize'), true);
  assert.equal(isAuthPageNavigationAllowed('http://127.0.0.1:4000/interaction/1'), true);
  for (const url of ['http://login.example/', 'http://localhost:4000/', 'file:///etc/passwd', 'javascript:alert(1)', 'data:text/html,x', 'app://oauth-desk/index.html', 'https://u:p@login.example/']) {
    assert.equal(isAuthPageNavigationAllowed(url), false, url);
  }
});

test('S24 every permission request and check is denied', () => {
  const session = new FakeSession();
  denyAllPermissions(session);
  for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen', 'unknown']) {
    let answer: boolean | undefined;
    session.permissionRequestHandler?.({}, permission, (granted) => {
      answer = granted;
    });
    assert.equal(answer, false, permission);
    assert.equal(session.permissionCheckHandler?.({}, permission), false, permission);
  }
});

test('S24 hardenWebContents blocks navigation and redirects away from the app, allows the app itself', () => {
  const wc = new FakeWebContents();
  const logger = recordingLogger();
  hardenWebContents(wc, { isNavigationAllowed: (url) => isUrlOfOrigins(url, APP), logger });
  assert.ok(wc.session.permissionRequestHandler && wc.session.permissionCheckHandler, 'permissions handled');
  assert.equal(wc.navigate('will-navigate', 'app://oauth-desk/index.html'), false);
  assert.equal(wc.navigate('will-navigate', 'https://evil.example/?token=abc'), true);
  assert.equal(wc.navigate('will-redirect', 'https://evil.example/'), true);
  assert.equal(wc.navigate('will-navigate', 'file:///etc/passwd'), true);
  assert.equal(wc.navigate('will-redirect', 'app://oauth-desk/index.html'), false);
  assert.ok(!JSON.stringify(logger.entries).includes('token=abc'), 'blocked URLs are not logged');
});

test('S24 a throwing navigation rule blocks', () => {
  const wc = new FakeWebContents();
  hardenWebContents(wc, {
    isNavigationAllowed: () => {
      throw new Error('boom');
    },
  });
  assert.equal(wc.navigate('will-navigate', 'app://oauth-desk/index.html'), true);
});

test('S24 window.open is always denied; links go through the opener', async () => {
  const wc = new FakeWebContents();
  const opened: string[] = [];
  hardenWebContents(wc, { isNavigationAllowed: () => true, openLink: async (url) => void opened.push(url) });
  assert.deepEqual(wc.windowOpenHandler?.({ url: 'https://accounts.example.com/authorize' }), { action: 'deny' });
  assert.deepEqual(opened, ['https://accounts.example.com/authorize']);

  // A refusing opener does not make the handler throw or allow.
  const wc2 = new FakeWebContents();
  hardenWebContents(wc2, {
    isNavigationAllowed: () => true,
    openLink: async () => {
      throw new Error('blocked');
    },
  });
  assert.deepEqual(wc2.windowOpenHandler?.({ url: 'javascript:alert(1)' }), { action: 'deny' });
  await new Promise((r) => setImmediate(r));

  const wc3 = new FakeWebContents();
  hardenWebContents(wc3, { isNavigationAllowed: () => true });
  assert.deepEqual(wc3.windowOpenHandler?.({ url: 'https://x.example/' }), { action: 'deny' });
});

test('S12 S24 window.open through the allow-listed opener: only the exact pending sign-in URL reaches the system browser', async () => {
  const pendingUrl = 'https://sso.custom.example/oauth2/authorize?response_type=code&client_id=desk&state=s1';
  const browser: string[] = [];
  const logger = recordingLogger();
  const opener = createExternalOpener({ openExternal: async (u) => void browser.push(u), allowedLinks: () => [pendingUrl], logger });
  const wc = new FakeWebContents();
  hardenWebContents(wc, { isNavigationAllowed: () => false, openLink: (url) => opener.open(url), logger });
  for (const url of [pendingUrl, 'https://sso.custom.example/account/delete', 'https://sso.custom.example/oauth2/authorize', `${pendingUrl}&prompt=none`]) {
    assert.deepEqual(wc.windowOpenHandler?.({ url }), { action: 'deny' }, 'never a new window');
  }
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(browser, [pendingUrl]);
  assert.ok(!JSON.stringify(logger.entries).includes('account/delete'), 'refused URLs are not logged');
});

test('S24 <webview> attachment is prevented', () => {
  const wc = new FakeWebContents();
  hardenWebContents(wc, { isNavigationAllowed: () => true });
  let prevented = false;
  wc.emit('will-attach-webview', { preventDefault: () => (prevented = true) }, {}, { src: 'https://evil.example/' });
  assert.equal(prevented, true);
});
