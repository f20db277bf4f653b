import { test } from 'node:test';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { createExternalOpener, isAllowedExternalUrl, parseSecureOrLoopbackUrl } from '../../electron/main/external-opener.ts';
import { createDesk } from '../../electron/core/app/desk.ts';
import type { Desk } from '../../electron/core/app/desk-types.ts';
import { toErrorInfo } from '../../electron/core/errors.ts';
import { createGotHttpClient } from '../../electron/core/http/got-http-client.ts';
import { silentLogger, systemClock } from '../../electron/core/ports.ts';
import { openProviderCatalog } from '../../electron/core/providers/open-provider-catalog.ts';
import { createFileStore } from '../../electron/core/storage/file-store.ts';
import type { ProviderView } from '../../electron/shared/view-types.ts';
import { createTestCipher } from '../helpers/test-cipher.ts';
import { tempDataDir } from '../helpers/temp-dir.ts';
import { recordingLogger } from './fakes.ts';

/** Exact links, as the desk names them: a pending authorization URL on https and on the loopback Sandbox, a console page. */
const ALLOWED = [
  'https://accounts.example.com/authorize?response_type=code&state=abc',
  'http://127.0.0.1:53123/auth?client_id=x',
  'https://console.example.com/apis/credentials',
];

test('S12 allowed: exactly the links the desk names, once normalized (case of the host, default port, empty path)', () => {
  for (const url of [
    'https://accounts.example.com/authorize?response_type=code&state=abc',
    'https://accounts.example.com:443/authorize?response_type=code&state=abc',
    'https://ACCOUNTS.example.com/authorize?response_type=code&state=abc',
    'http://127.0.0.1:53123/auth?client_id=x',
    'https://console.example.com/apis/credentials',
  ]) {
    assert.equal(isAllowedExternalUrl(url, ALLOWED), true, url);
  }
  assert.equal(isAllowedExternalUrl('https://accounts.example.com', ['https://accounts.example.com/']), true, 'an empty path is "/"');
});

test('S12 refused: other paths, queries or fragments on an allowed origin', () => {
  for (const url of [
    'https://accounts.example.com/',
    'https://accounts.example.com/authorize',
    'https://accounts.example.com/authorize?response_type=code&state=abd',
    'https://accounts.example.com/authorize?response_type=code&state=abc&prompt=none',
    'https://accounts.example.com/authorize?state=abc&response_type=code',
    'https://accounts.example.com/authorize?response_type=code&state=abc#x',
    'https://accounts.example.com/Authorize?response_type=code&state=abc',
    'https://accounts.example.com/logout?next=https://evil.example',
    'http://127.0.0.1:53123/',
    'http://127.0.0.1:53123/auth?client_id=y',
    'https://console.example.com/',
    'https://console.example.com/apis/credentials?project=other',
    'https://console.example.com/apis/credentials/',
    'https://console.example.com/apis/library',
  ]) {
    assert.equal(isAllowedExternalUrl(url, ALLOWED), false, url);
  }
});

test('S12 rejected: dangerous schemes', () => {
  for (const url of [
    'javascript:alert(1)',
    'JAVASCRIPT:alert(1)',
    'file:///etc/passwd',
    'file://accounts.example.com/x',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox',
    'ftp://accounts.example.com/',
    'ms-msdt:/id',
    'smb://accounts.example.com/share',
    'about:blank',
    'chrome://settings',
    'app://oauth-desk/index.html',
  ]) {
    assert.equal(isAllowedExternalUrl(url, ALLOWED), false, url);
  }
});

test('S12 rejected: credentials, lookalikes and other hosts', () => {
  for (const url of [
    'https://user:pass@accounts.example.com/',
    'https://user@accounts.example.com/',
    'https://@accounts.example.com/',
    'https://accounts.example.com@evil.example/',
    'https://accounts.example.com.evil.example/',
    'https://evil.example/https://accounts.example.com',
    'https://accounts.example.com./authorize?response_type=code&state=abc',
    'https://accounts-example.com/',
    'https://accounts.exаmple.com/', // Cyrillic "а"
    'https://accounts.example.com:8443/',
    'https://evil.example\\@accounts.example.com/',
    'https:\\\\accounts.example.com/',
    'https:accounts.example.com/',
    'https:/accounts.example.com/',
    ' https://accounts.example.com/',
    'https://accounts.example.com/\n',
    'https://accounts.exa\tmple.com/',
    'http://accounts.example.com/',
  ]) {
    assert.equal(isAllowedExternalUrl(url, ALLOWED), false, JSON.stringify(url));
  }
});

test('S12 loopback http only on the literal 127.0.0.1 and the known port', () => {
  for (const host of ['localhost:53123', 'LOCALHOST:53123', '127.1:53123', '0x7f.0.0.1:53123', '2130706433:53123', '[::1]:53123', '0.0.0.0:53123', '127.0.0.2:53123', '127.0.0.1:53124', '127.0.0.1.nip.io:53123', '127.0.0.1@evil.example']) {
    const url = `http://${host}/auth?client_id=x`;
    assert.equal(isAllowedExternalUrl(url, ALLOWED), false, url);
  }
  assert.equal(isAllowedExternalUrl('http://localhost:53123/x', ['http://localhost:53123/x']), false, 'allow-list entries obey the same rules');
  assert.equal(isAllowedExternalUrl('https://user@accounts.example.com/x', ['https://user@accounts.example.com/x']), false, 'credentials in the allow-list allow nothing');
});

test('S12 nothing is allowed with an empty allow-list; non-strings and huge URLs are refused', () => {
  assert.equal(isAllowedExternalUrl('https://accounts.example.com/', []), false);
  assert.equal(isAllowedExternalUrl(undefined, ALLOWED), false);
  assert.equal(isAllowedExternalUrl({ toString: () => ALLOWED[0] }, ALLOWED), false);
  const huge = 'https://accounts.example.com/?' + 'a'.repeat(9000);
  assert.equal(isAllowedExternalUrl(huge, [huge]), false);
  assert.equal(parseSecureOrLoopbackUrl(''), null);
});

test('S12 the opener opens only allowed URLs, in normalized form, and asks for the allow-list each time', async () => {
  const opened: string[] = [];
  let links: string[] = [];
  const logger = recordingLogger();
  const opener = createExternalOpener({ openExternal: async (u) => void opened.push(u), allowedLinks: () => links, logger });

  await assert.rejects(opener.open('https://accounts.example.com/authorize?x=1'), (e: unknown) => toErrorInfo(e).code === 'external_url_blocked');
  links = ['https://accounts.example.com/authorize?x=1'];
  await opener.open('https://ACCOUNTS.example.com:443/authorize?x=1');
  assert.deepEqual(opened, ['https://accounts.example.com/authorize?x=1']);
  await assert.rejects(opener.open('https://accounts.example.com/authorize?x=2'));
  links = [];
  await assert.rejects(opener.open('https://accounts.example.com/authorize?x=1'), 'no longer named: refused');

  await assert.rejects(opener.open('javascript:alert(document.cookie)'));
  await assert.rejects(opener.open('https://evil.example/?secret=abc'));
  assert.equal(opened.length, 1);
  const logged = JSON.stringify(logger.entries);
  assert.ok(!logged.includes('evil.example') && !logged.includes('secret=abc'), 'blocked URLs are not logged');
});

test('S12 a failing allow-list source blocks instead of allowing', async () => {
  const opener = createExternalOpener({
    openExternal: async () => assert.fail('must not open'),
    allowedLinks: () => {
      throw new Error('boom');
    },
  });
  await assert.rejects(opener.open('https://accounts.example.com/'), (e: unknown) => toErrorInfo(e).code === 'external_url_blocked');
});

// ---------------------------------------------------------------------------------------------
// The opener over a real desk, as the composition root wires them (desk.openableLinks()).

/** A desk over the real catalog (built-ins, Settings) whose system browser is the allow-listed opener. */
async function deskWithOpener(t: TestContext) {
  const dir = tempDataDir(t);
  const store = createFileStore(dir);
  const cipher = createTestCipher();
  const http = createGotHttpClient();
  const opened: string[] = [];
  let desk: Desk | null = null;
  const opener = createExternalOpener({ openExternal: async (u) => void opened.push(u), allowedLinks: () => (desk === null ? [] : desk.openableLinks()) });
  const catalog = await openProviderCatalog({ store, cipher, http, clock: systemClock, logger: silentLogger, env: {}, dataDir: dir });
  desk = createDesk({ store, cipher, http, catalog, opener, authWindow: null, proactiveRefresh: false });
  const ready = desk;
  t.after(() => ready.close());
  const changes: ProviderView[][] = [];
  ready.onProvidersChanged((views) => void changes.push(views));
  /** Resolves once a list pushed after index `since` shows `providerId` with no sign-in pending. */
  const attemptEnded = async (providerId: string, since: number) => {
    while (!changes.slice(since).some((views) => views.some((p) => p.id === providerId && p.pending === null))) await new Promise((r) => setTimeout(r, 5));
  };
  return { desk: ready, catalog, opener, opened, changes, attemptEnded };
}

const AUTHORIZE = 'https://sso.custom.example/oauth2/authorize';

test('S12 a custom provider added in Settings opens only its pending authorization URL, never other pages of its server', async (t) => {
  const h = await deskWithOpener(t);
  const saved = await h.desk.handlers['settings:save-custom']({
    form: { id: 'custom', displayName: 'Custom SSO', authorizationEndpoint: AUTHORIZE, tokenEndpoint: 'https://sso.custom.example/oauth2/token', clientId: 'desk', clientAuthMethod: 'none', scopes: ['read'] },
  });
  assert.deepEqual(saved, { saved: true, providerId: 'custom' });
  for (const url of [AUTHORIZE, 'https://sso.custom.example/', 'https://sso.custom.example/account/delete']) {
    await assert.rejects(h.opener.open(url), (e: unknown) => toErrorInfo(e).code === 'external_url_blocked', `${url} with no sign-in pending`);
  }

  const pending = await h.desk.handlers['auth:connect']({ providerId: 'custom' });
  assert.ok(pending.authorizationUrl.startsWith(AUTHORIZE + '?'));
  assert.deepEqual(h.opened, [pending.authorizationUrl], 'the desk opened the authorization URL itself, through the same check');
  assert.ok(h.desk.openableLinks().includes(pending.authorizationUrl));

  // What the window may ask for while the sign-in is pending (window.open / target=_blank).
  await h.opener.open(pending.authorizationUrl);
  assert.equal(h.opened.length, 2, 'the pending authorization URL opens');
  const changedState = new URL(pending.authorizationUrl);
  changedState.searchParams.set('state', 'forged');
  for (const url of [AUTHORIZE, 'https://sso.custom.example/account/delete', 'https://sso.custom.example/oauth2/authorize?client_id=desk', changedState.href, `${pending.authorizationUrl}&prompt=none`]) {
    await assert.rejects(h.opener.open(url), (e: unknown) => toErrorInfo(e).code === 'external_url_blocked', url);
  }
  assert.ok(h.desk.openableLinks().every((link) => link !== AUTHORIZE && new URL(link).pathname !== '/'), 'no bare origins or endpoints are named');

  const since = h.changes.length;
  await h.desk.handlers['auth:cancel']({ attemptId: pending.attemptId });
  await h.attemptEnded('custom', since);
  await assert.rejects(h.opener.open(pending.authorizationUrl), (e: unknown) => toErrorInfo(e).code === 'external_url_blocked', 'refused once the sign-in ended');
  assert.equal(h.opened.length, 2);
  assert.ok(!h.desk.openableLinks().includes(pending.authorizationUrl));
});

test('S12 developer-console links open only as the exact page of a built-in provider', async (t) => {
  const h = await deskWithOpener(t);
  const consoles = [...new Set(h.catalog.profiles().flatMap((p) => (p.console === undefined ? [] : [p.console.url])))];
  assert.ok(consoles.length >= 3, `the built-ins name their consoles: ${consoles.join(', ')}`);
  for (const url of consoles) {
    assert.ok(h.desk.openableLinks().includes(url), url);
    await h.opener.open(url);
  }
  assert.deepEqual(h.opened, consoles.map((u) => new URL(u).href));
  for (const url of consoles) {
    const other = new URL(url);
    for (const variant of [`${other.origin}/`, `${url}?project=someone-else`, `${url}/../settings`, `${other.origin}/other/path`, `${url}#fragment`]) {
      if (new URL(variant).href === new URL(url).href) continue;
      await assert.rejects(h.opener.open(variant), (e: unknown) => toErrorInfo(e).code === 'external_url_blocked', variant);
    }
  }
  assert.equal(h.opened.length, consoles.length);
});
