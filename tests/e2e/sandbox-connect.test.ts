/**
 * End to end, as a person: the real renderer in Debian's Chromium, served by `npm run web` (the
 * main-process services under Node), the real Sandbox authorization server, real HTTP throughout.
 */
import { test } from 'node:test';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync } from 'node:fs';
import type { BrowserContext, Locator, Page, Request } from 'playwright-core';
import { launchChromium, loopbackOnlyContext } from '../helpers/chromium.ts';
import { tempDataDir } from '../helpers/temp-dir.ts';
import { startWebHost } from '../helpers/web-host.ts';

const ARTIFACTS = 'test-results';

/** Polls `condition` every 25 ms until it holds; fails with `what` after `timeoutMs`. */
async function waitUntil(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * How long the page must stay free of data fetches, once everything has settled, before "there was
 * no second fetch" is believed. A second fetch would come from a later push of the connection list,
 * and the refresh's pushes all arrive within milliseconds of its answer, well inside this window.
 */
const QUIET_MS = 500;

test('connect the Sandbox from the UI: sign in, consent, then Connected with a moving countdown, profile and unread mail; refresh one and all', async (t) => {
  const dataDir = tempDataDir(t);
  const host = await startWebHost({ OAUTH_DESK_DATA_DIR: dataDir, OAUTH_DESK_SANDBOX_TOKEN_TTL: '120' });
  t.after(() => host.stop());
  assert.match(host.url, /^http:\/\/127\.0\.0\.1:\d+\/#key=[A-Za-z0-9_-]{20,}$/);
  assert.equal(host.output().stdout.trim().split('\n').length, 1, 'exactly one line on stdout');

  const context = await browserContext(t);
  const { page, pageErrors, card } = await openDesk(context, host.url);
  await card.getByText('Not connected').waitFor();
  await card.getByRole('button', { name: 'Connect', exact: true }).click();
  await card.getByText('Waiting for browser…').waitFor();
  await card.getByRole('button', { name: 'Cancel', exact: true }).waitFor();

  // S5: a forged callback carrying a script is answered with a static page; nothing runs, the wait goes on.
  const signInLink = card.getByRole('link', { name: 'Open sign-in page', exact: true });
  const redirectUri = new URL((await signInLink.getAttribute('href')) ?? '').searchParams.get('redirect_uri') ?? '';
  assert.match(redirectUri, /^http:\/\/127\.0\.0\.1:\d+\/callback$/);
  const forged = await context.newPage();
  let dialogs = 0;
  forged.on('dialog', (d) => (dialogs++, void d.dismiss()));
  const payload = '<img src=x onerror="alert(1)"><script>alert(2)</script>';
  const forgedResponse = await forged.goto(`${redirectUri}?state=forged&error=x&error_description=${encodeURIComponent(payload)}`);
  assert.equal(forgedResponse?.status(), 400);
  assert.doesNotMatch(await forged.content(), /alert|onerror|forged/);
  assert.equal(dialogs, 0);
  await forged.close();
  await card.getByText('Waiting for browser…').waitFor();

  // No system browser in web mode: the person follows the link.
  const callbackUrl = await signInFromCard(context, card, 'ada');
  assert.match(callbackUrl, /^http:\/\/127\.0\.0\.1:\d+\/callback\?/);
  const callback = new URL(callbackUrl).searchParams;

  await card.getByText('Connected', { exact: true }).waitFor();
  await card.getByText('ada@sandbox.oauthdesk.test').first().waitFor();
  const countdown = card.locator('time').first();
  const first = await countdown.textContent();
  assert.match(first ?? '', /^expires in (2:00|1:5\d)$/);
  const dateTime = await countdown.getAttribute('datetime');
  assert.ok(dateTime !== null && Math.abs(Date.parse(dateTime) - (Date.now() + 118_000)) < 10_000, `absolute expiry ${dateTime}`);
  await page.waitForFunction((initial) => document.querySelector('section time')?.textContent !== initial, first, { timeout: 5_000 });

  const profile = card.getByRole('region', { name: 'Profile' });
  await profile.getByText('Ada', { exact: true }).waitFor();
  const mail = card.getByRole('region', { name: 'Unread mail' });
  await mail.getByRole('listitem').first().waitFor();
  assert.ok((await mail.getByRole('listitem').count()) > 0);
  const mailText = (await mail.textContent()) ?? '';
  assert.doesNotMatch(mailText, /&(amp|quot|lt|gt|#39);/, 'snippets shown decoded');

  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: `${ARTIFACTS}/sandbox-connected.png`, fullPage: true });
  assert.deepEqual(pageErrors, []);

  // Issue 3: the card says when the tokens were last replaced, that a refresh token is held, and that
  // no refresh ran yet; its facts are a description list, read here by their terms.
  const fact = (term: string) => card.locator('dl.facts > dt', { hasText: new RegExp(`^${term}$`) }).locator('xpath=following-sibling::dd[1]');
  await card.getByText(/^Refreshed (just now|\d+ min ago)$/).waitFor();
  assert.match((await fact('Refresh token').textContent()) ?? '', /^Held\b/);
  const lastRefresh = fact('Last refresh');
  assert.match((await lastRefresh.textContent()) ?? '', /^(None yet|Succeeded at )/);

  // Refresh: new tokens (a later expiry), a new last-refresh time marked as succeeded, and the data
  // panels fetched again, exactly once.
  const dataFetch = /\/api\/invoke\/data(%3A|:)fetch$/;
  let fetches = 0;
  let fetchesInFlight = 0;
  let lastFetchActivity = Date.now();
  page.on('request', (request) => {
    if (!dataFetch.test(request.url())) return;
    fetches++;
    fetchesInFlight++;
    lastFetchActivity = Date.now();
  });
  const fetchEnded = (request: Request): void => {
    if (!dataFetch.test(request.url())) return;
    fetchesInFlight--;
    lastFetchActivity = Date.now();
  };
  page.on('requestfinished', fetchEnded);
  page.on('requestfailed', fetchEnded);
  const expiryBefore = Date.parse((await countdown.getAttribute('datetime')) ?? '');
  const refetched = page.waitForResponse((response) => dataFetch.test(response.url()));
  const clickedAt = Date.now();
  await card.getByRole('button', { name: 'Refresh', exact: true }).click();
  await lastRefresh.getByText(/^Succeeded at /).waitFor();
  const refreshedAt = Date.parse((await lastRefresh.locator('time').first().getAttribute('datetime')) ?? '');
  assert.ok(refreshedAt >= clickedAt - 1_000 && refreshedAt <= Date.now() + 1_000, `last refresh at ${new Date(refreshedAt).toISOString()}`);
  await card.getByText('Connected', { exact: true }).waitFor();
  await card.getByRole('button', { name: 'Refresh', exact: true }).waitFor();
  assert.ok(Date.parse((await countdown.getAttribute('datetime')) ?? '') > expiryBefore, 'the new access token expires later');
  await refetched;
  await card.locator('.panel[aria-busy="false"]').nth(1).waitFor();
  await profile.getByText('Ada', { exact: true }).waitFor();
  await mail.getByRole('listitem').first().waitFor();
  // Settled: the card shows the refresh's outcome, both panels are idle with the new data and no data
  // fetch is in flight. Then no fetch at all for QUIET_MS: a second one in that window is counted.
  await waitUntil(
    () => fetchesInFlight === 0 && Date.now() - lastFetchActivity >= QUIET_MS,
    `${QUIET_MS} ms without a data fetch after the refresh settled`,
  );
  assert.equal(fetches, 1, 'one refresh, one re-fetch of the data');

  // Refresh all, in the header, says what it did in a polite status line; the card shows the newer refresh.
  const header = page.getByRole('banner');
  await header.getByRole('button', { name: 'Refresh all', exact: true }).click();
  await header.getByRole('status').getByText('Refreshed 1 connection.', { exact: true }).waitFor();
  await page.waitForFunction(
    ({ before }) => {
      const terms = [...document.querySelectorAll('dl.facts > dt')];
      const dd = terms.find((dt) => dt.textContent === 'Last refresh')?.nextElementSibling;
      const at = Date.parse(dd?.querySelector('time')?.getAttribute('datetime') ?? '');
      return at > before && (dd?.textContent ?? '').startsWith('Succeeded at ');
    },
    { before: refreshedAt },
    { timeout: 10_000 },
  );

  // The network coming back is passed on to the app once per `online` event. The handler sends its
  // request synchronously, so every request the two events cause is reported before the answers to
  // them: once both calls are answered, the count is complete.
  const networkOnline = /\/api\/invoke\/system(%3A|:)network-online$/;
  let onlineCalls = 0;
  let onlineAnswers = 0;
  page.on('request', (request) => {
    if (networkOnline.test(request.url())) onlineCalls++;
  });
  page.on('requestfinished', (request) => {
    if (networkOnline.test(request.url())) onlineAnswers++;
  });
  await page.evaluate(() => {
    window.dispatchEvent(new Event('online'));
    window.dispatchEvent(new Event('online'));
  });
  await waitUntil(() => onlineAnswers >= 2, 'both network-online calls to be answered');
  assert.equal(onlineCalls, 2);
  assert.deepEqual(pageErrors, []);

  // Re-authorize and Disconnect are offered on the connected card; Disconnect returns it to Not connected.
  await card.getByRole('button', { name: 'Re-authorize', exact: true }).waitFor();
  await card.getByRole('button', { name: 'Disconnect', exact: true }).click();
  await card.getByText('Not connected').waitFor();

  assert.equal(await host.stop('SIGTERM'), 0, 'SIGTERM shuts the web host down cleanly');

  assert.equal(host.output().stdout.trim().split('\n').length, 1, 'still exactly one line on stdout after a whole session');

  // S29: neither the authorization code, the state nor the channel key appears in anything the host printed.
  const printed = host.output().stderr + host.output().stdout.replace(host.url, '');
  const key = new URL(host.url).hash.slice('#key='.length);
  for (const [name, value] of [['code', callback.get('code')], ['state', callback.get('state')], ['key', key]] as const) {
    assert.ok(value && value.length > 10, name);
    assert.ok(!printed.includes(value), `the ${name} was printed`);
  }
});

/**
 * Follows the card's "Open sign-in page" link (no system browser in web mode) and signs in at the
 * Sandbox as `login`, consenting. Answers the callback URL the sign-in page ended on.
 */
async function signInFromCard(context: BrowserContext, card: Locator, login: string): Promise<string> {
  const link = card.getByRole('link', { name: 'Open sign-in page', exact: true });
  const [signIn] = await Promise.all([context.waitForEvent('page'), link.click()]);
  await signIn.getByPlaceholder('Enter any login').fill(login);
  await signIn.getByPlaceholder('and password').fill('anything');
  await signIn.getByRole('button', { name: 'Sign-in' }).click();
  await signIn.getByRole('button', { name: 'Continue' }).click();
  await signIn.getByText('go back to the app').waitFor();
  const callbackUrl = signIn.url();
  await signIn.close();
  return callbackUrl;
}

/** A Chromium context that reaches loopback only, closed after the test. */
async function browserContext(t: TestContext): Promise<BrowserContext> {
  const browser = await launchChromium();
  t.after(() => browser.close());
  return loopbackOnlyContext(browser, { viewport: { width: 1100, height: 900 } });
}

/** Opens the desk's UI in a new page, collecting uncaught page errors; answers the Sandbox card. */
async function openDesk(context: BrowserContext, url: string): Promise<{ page: Page; pageErrors: string[]; card: Locator }> {
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(url);
  return { page, pageErrors, card: page.getByRole('region', { name: 'Sandbox', exact: true }) };
}

test('after a restart the Sandbox connection needs re-authorization: the card says why, highlights Re-authorize, and signing in again heals it', async (t) => {
  const dataDir = tempDataDir(t);
  const context = await browserContext(t);

  const first = await startWebHost({ OAUTH_DESK_DATA_DIR: dataDir });
  t.after(() => first.stop());
  const before = await openDesk(context, first.url);
  await before.card.getByRole('button', { name: 'Connect', exact: true }).click();
  await signInFromCard(context, before.card, 'grace');
  await before.card.getByText('Connected', { exact: true }).waitFor();
  await before.page.close();
  assert.equal(await first.stop('SIGTERM'), 0);

  // The Sandbox starts afresh (a new address, no memory of sign-ins): the stored tokens are not sent to it.
  const second = await startWebHost({ OAUTH_DESK_DATA_DIR: dataDir });
  t.after(() => second.stop());
  const { page, pageErrors, card } = await openDesk(context, second.url);
  await card.locator('.status').getByText('Needs re-authorization', { exact: true }).waitFor();
  const notice = card.locator('.notice', { hasText: 'Sign in again to keep using this connection' });
  await notice.getByText(/no longer the one that issued this connection's tokens/).waitFor();
  await notice.getByText(/gets a new address at every app start/).waitFor();
  const reauthorize = card.getByRole('button', { name: 'Re-authorize', exact: true });
  assert.match((await reauthorize.getAttribute('class')) ?? '', /\bbutton-primary\b/, 'Re-authorize is the highlighted action');
  assert.equal(await card.getByRole('button', { name: 'Refresh', exact: true }).isDisabled(), true, 'nothing to refresh with');
  await card.getByText("The connection's data appears again once you re-authorize.").waitFor();
  assert.equal(await card.getByRole('region', { name: 'Profile' }).count(), 0, 'no panel repeats the same error');
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: `${ARTIFACTS}/sandbox-needs-reauthorization.png`, fullPage: true });

  await reauthorize.click();
  await card.getByText('Waiting for browser…').waitFor();
  await signInFromCard(context, card, 'grace');
  await card.locator('.status').getByText('Connected', { exact: true }).waitFor();
  assert.equal(await card.getByRole('article').count(), 1, 'the same connection, healed, not a second one');
  assert.doesNotMatch((await reauthorize.getAttribute('class')) ?? '', /button-primary/);
  await card.getByRole('region', { name: 'Profile' }).getByText('Grace', { exact: true }).waitFor();
  assert.deepEqual(pageErrors, []);
});

test('with 5-second Sandbox tokens the card stays Connected across automatic refreshes, pushed as events: no polling, no refetch storm', async (t) => {
  const dataDir = tempDataDir(t);
  const host = await startWebHost({ OAUTH_DESK_DATA_DIR: dataDir, OAUTH_DESK_SANDBOX_TOKEN_TTL: '5' });
  t.after(() => host.stop());
  const context = await browserContext(t);
  const { page, pageErrors, card } = await openDesk(context, host.url);
  await card.getByRole('button', { name: 'Connect', exact: true }).click();
  await signInFromCard(context, card, 'ada');
  await card.locator('.status').getByText('Connected', { exact: true }).waitFor();

  const invoked: string[] = [];
  page.on('request', (request) => {
    const match = /\/api\/invoke\/([^/?]+)$/.exec(request.url());
    if (match) invoked.push(decodeURIComponent(match[1]!));
  });
  const expiries = new Set<string>();
  const start = Date.now();
  while (Date.now() - start < 10_000) {
    expiries.add((await card.locator('time').first().getAttribute('datetime')) ?? '');
    const status = await card.locator('.status').textContent();
    assert.ok(status === 'Connected' || status === 'Refreshing…', `status ${status}`);
    await page.waitForTimeout(250);
  }
  // 5 s tokens count as 4 s and are refreshed about 3 s after each refresh: three or more in 10 s.
  assert.ok(expiries.size >= 3, `the countdown moved to ${expiries.size} new expiries on its own`);
  assert.equal(invoked.filter((c) => c === 'providers:list').length, 0, 'no polling: state changes arrive as events');
  const fetches = invoked.filter((c) => c === 'data:fetch').length;
  assert.ok(fetches >= expiries.size - 1 && fetches <= expiries.size + 1, `one data fetch per refresh (${fetches} for ${expiries.size})`);
  assert.match((await card.locator('dl.facts > dt', { hasText: /^Last refresh$/ }).locator('xpath=following-sibling::dd[1]').textContent()) ?? '', /^Succeeded at /);
  assert.deepEqual(pageErrors, []);
});
