/**
 * End to end, issue 6: the flow inspector and the error doctor as a person uses them — the real
 * renderer in Debian's Chromium, served by `npm run web`, against the real Sandbox. The inspector
 * lists every protocol step with its status and duration, never a whole secret (S29); a step copies
 * as a curl command with placeholders, the timeline exports as JSON, a refresh appears while the
 * page is open, and disconnecting clears it. A refused sign-in shows the doctor's diagnosis on the
 * card and its steps.
 */
import { test } from 'node:test';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { axeViolations } from '../helpers/axe.ts';
import { launchChromium, loopbackOnlyContext } from '../helpers/chromium.ts';
import { tempDataDir } from '../helpers/temp-dir.ts';
import { startWebHost } from '../helpers/web-host.ts';

const ARTIFACTS = 'test-results';
const ACCOUNT = 'ada@sandbox.oauthdesk.test';

async function browserContext(t: TestContext, origin?: string): Promise<BrowserContext> {
  const browser = await launchChromium();
  t.after(() => browser.close());
  const context = await loopbackOnlyContext(browser, { viewport: { width: 1100, height: 900 } });
  if (origin !== undefined) await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
  return context;
}

async function openDesk(context: BrowserContext, url: string): Promise<{ page: Page; pageErrors: string[]; card: Locator }> {
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(url);
  return { page, pageErrors, card: page.getByRole('region', { name: 'Sandbox', exact: true }) };
}

/** Opens the card's sign-in page (no system browser in web mode) and signs in as `login`. */
async function openSignIn(context: BrowserContext, card: Locator, login: string): Promise<Page> {
  const link = card.getByRole('link', { name: 'Open sign-in page', exact: true });
  const [signIn] = await Promise.all([context.waitForEvent('page'), link.click()]);
  await signIn.getByPlaceholder('Enter any login').fill(login);
  await signIn.getByPlaceholder('and password').fill('anything');
  await signIn.getByRole('button', { name: 'Sign-in' }).click();
  return signIn;
}

/** Signs in and consents; answers the callback URL the browser ended on (it holds the code and state). */
async function signInAndConsent(context: BrowserContext, card: Locator, login: string): Promise<URL> {
  const signIn = await openSignIn(context, card, login);
  await signIn.getByRole('button', { name: 'Continue' }).click();
  await signIn.getByText('go back to the app').waitFor();
  const callback = new URL(signIn.url());
  await signIn.close();
  return callback;
}

/** The timeline's steps: their kind (data-step-kind) and visible text, in order. */
async function steps(page: Page): Promise<Array<{ kind: string; text: string }>> {
  return page.locator('ol.flow-timeline > li').evaluateAll((items) =>
    items.map((li) => ({ kind: li.getAttribute('data-step-kind') ?? '', text: (li as HTMLElement).innerText.replace(/\s+/g, ' ').trim() })),
  );
}

/** Everything the page holds: its markup (text and every attribute) and its visible text. */
async function pageContent(page: Page): Promise<string> {
  return page.evaluate(() => `${document.documentElement.outerHTML}\n${document.body.innerText}`);
}

function assertNoSecrets(content: string, secrets: ReadonlyArray<readonly [string, string]>, where: string): void {
  for (const [name, value] of secrets) assert.ok(!content.includes(value), `S29: the ${name} appears in ${where}`);
}

test('e2e: the flow inspector shows a Sandbox connection’s steps with status and duration and no whole secret (S29); copy as curl, export JSON, a live refresh, cleared by Disconnect', async (t) => {
  const dataDir = tempDataDir(t);
  const host = await startWebHost({ OAUTH_DESK_DATA_DIR: dataDir, OAUTH_DESK_SANDBOX_TOKEN_TTL: '600' });
  t.after(() => host.stop());
  const context = await browserContext(t, new URL(host.url).origin);
  const { page, pageErrors, card } = await openDesk(context, host.url);
  // S26: the Content-Security-Policy blocks nothing the inspector does (the export's blob: download included).
  let cspReports = 0;
  page.on('request', (request) => {
    if (/\/api\/invoke\/system(%3A|:)report-csp-violation$/.test(request.url())) cspReports++;
  });

  await card.getByRole('button', { name: 'Connect', exact: true }).click();
  const callback = await signInAndConsent(context, card, 'ada');
  const secrets = [
    ['authorization code', callback.searchParams.get('code') ?? ''],
    ['state', callback.searchParams.get('state') ?? ''],
  ] as const;
  for (const [name, value] of secrets) assert.ok(value.length > 10, `the callback carried a ${name}`);
  await card.getByText('Connected', { exact: true }).waitFor();
  await card.getByRole('region', { name: 'Profile' }).getByText('Ada', { exact: true }).waitFor();
  await card.getByRole('region', { name: 'Unread mail' }).getByRole('listitem').first().waitFor();

  // Open it from the connection; the page's heading takes focus.
  const connection = card.getByRole('article', { name: `Connection ${ACCOUNT}` });
  await connection.getByRole('button', { name: 'Inspect flow' }).click();
  const heading = page.getByRole('heading', { name: `Flow inspector: ${ACCOUNT} at Sandbox`, level: 2 });
  await heading.waitFor();
  assert.equal(await heading.evaluate((h) => h === document.activeElement), true, 'the heading has focus');
  await page.locator('ol.flow-timeline > li[data-step-kind="api-call"]').first().waitFor();

  // The sign-in's steps in order, then the data calls, each with its status; requests the app sent with their duration.
  const listed = await steps(page);
  const kinds = listed.map((s) => s.kind);
  assert.deepEqual(kinds.slice(0, 3), ['authorization-request', 'callback', 'token-request'], kinds.join(', '));
  assert.ok(kinds.filter((k) => k === 'api-call').length >= 2, `the profile and mail calls are listed: ${kinds.join(', ')}`);
  assert.match(listed[0]!.text, /OK: Sent to the browser/);
  assert.match(listed[1]!.text, /OK: Received/);
  assert.match(listed[2]!.text, /OK: HTTP 200 OK .* took \d+(\.\d)? m?s/);
  for (const call of listed.filter((s) => s.kind === 'api-call')) assert.match(call.text, /OK: HTTP 200 OK .* took \d+(\.\d)? m?s/);
  const summary = await page.locator('.inspector-summary').innerText();
  assert.match(summary, new RegExp(`Sandbox · ${ACCOUNT.replace(/\./g, '\\.')}\\s+${listed.length} steps, oldest first`));
  assertNoSecrets(await pageContent(page), secrets, 'the inspector');

  // Open the token request: its form shows the code masked (a prefix and its length), the response its status.
  const tokenStep = page.locator('ol.flow-timeline > li[data-step-kind="token-request"]');
  const disclose = tokenStep.getByRole('button', { name: 'Show details' });
  assert.equal(await disclose.getAttribute('aria-expanded'), 'false');
  await disclose.click();
  assert.equal(await tokenStep.getByRole('button', { name: 'Hide details' }).getAttribute('aria-expanded'), 'true');
  const form = tokenStep.getByRole('table', { name: 'Form' });
  await form.getByRole('row', { name: /grant_type authorization_code/ }).waitFor();
  const codeRow = (await form.getByRole('row', { name: /^code\b/ }).textContent()) ?? '';
  assert.match(codeRow, new RegExp(`authorization code, masked(, first characters \\S{1,4})?, ${secrets[0][1].length} characters`));
  await tokenStep.getByRole('heading', { name: 'Response' }).waitFor();
  assert.match((await tokenStep.locator('.flow-details').textContent()) ?? '', /Status 200 OK/);
  assert.match((await tokenStep.locator('.flow-pre').textContent()) ?? '', /"token_type": "Bearer"/);
  assertNoSecrets(await pageContent(page), secrets, 'the opened token request');
  assert.deepEqual(await axeViolations(page), [], 'axe finds nothing on the inspector with a step open');

  mkdirSync(ARTIFACTS, { recursive: true });
  // The page down to the opened step.
  await page.evaluate(() => window.scrollTo(0, 0));
  const opened = await tokenStep.boundingBox();
  assert.ok(opened);
  await page.screenshot({ path: `${ARTIFACTS}/inspector.png`, fullPage: true, clip: { x: 0, y: 0, width: 1100, height: Math.ceil(opened.y + opened.height + 24) } });
  if (process.env.OAUTH_DESK_UPDATE_SCREENSHOTS === '1') copyFileSync(`${ARTIFACTS}/inspector.png`, 'docs/screenshot-inspector.png');

  // Copy as curl: an API call's command asks for $ACCESS_TOKEN instead of the token.
  const apiStep = page.locator('ol.flow-timeline > li[data-step-kind="api-call"]').first();
  assert.match((await apiStep.locator('.flow-curl-label').textContent()) ?? '', /Secrets replaced by \$ACCESS_TOKEN/);
  await apiStep.getByRole('button', { name: 'Copy as curl', exact: true }).click();
  await apiStep.getByRole('status').getByText('Copied').waitFor();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.match(copied, /^curl /);
  assert.match(copied, /--header 'authorization: Bearer '"\$ACCESS_TOKEN"/);
  assertNoSecrets(copied, secrets, 'the copied command');
  const tokenCommand = await (async () => {
    await tokenStep.getByRole('button', { name: 'Copy as curl', exact: true }).click();
    await tokenStep.getByRole('status').getByText('Copied').waitFor();
    return page.evaluate(() => navigator.clipboard.readText());
  })();
  assert.match(tokenCommand, /--data-urlencode 'code='"\$CODE"/);
  assertNoSecrets(tokenCommand, secrets, 'the copied token request');

  // Export JSON: a file named after the provider, whose JSON holds the steps shown.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export JSON' }).click()]);
  assert.match(download.suggestedFilename(), /^oauth-desk-sandbox-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ\.json$/);
  const exported = readFileSync(await download.path(), 'utf8');
  const saved = JSON.parse(exported) as { format: string; provider: string; account: string; steps: Array<{ kind: string }> };
  assert.equal(saved.format, 'oauth-desk-flow-timeline');
  assert.equal(saved.provider, 'Sandbox');
  assert.equal(saved.account, ACCOUNT);
  assert.deepEqual(saved.steps.map((s) => s.kind), kinds);
  assertNoSecrets(exported, secrets, 'the exported file');
  await page.getByRole('status').getByText(`Exported as ${download.suggestedFilename()}.`).waitFor();

  // Back to the list: focus returns to the button that opened the page.
  await page.getByRole('button', { name: 'Back to providers' }).click();
  await card.getByText('Connected', { exact: true }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.hasAttribute('data-inspect-connection') ?? false), true, 'focus is back on Inspect flow');
  await connection.getByRole('button', { name: 'Inspect flow' }).click();
  await heading.waitFor();

  // A refresh made in another window of the desk appears here while the page is open.
  const other = await openDesk(context, host.url);
  await other.card.getByRole('button', { name: 'Refresh', exact: true }).click();
  const refreshStep = page.locator('ol.flow-timeline > li[data-step-kind="refresh"]');
  await refreshStep.waitFor();
  assert.match((await refreshStep.textContent()) ?? '', /OK: HTTP 200 OK/);
  assert.ok((await steps(page)).length > listed.length, 'the timeline grew');
  assertNoSecrets(await pageContent(page), secrets, 'the inspector after a refresh');


  // Disconnecting clears the timeline: the open page says so and shows no step any more.
  await other.card.getByRole('button', { name: 'Disconnect', exact: true }).click();
  await other.card.getByText('Not connected').waitFor();
  await page.getByText('This connection was disconnected, so its steps were cleared.').waitFor();
  await page.getByText('No steps yet: Connect, Refresh or Reload data to see them here.').waitFor();
  assert.equal(await page.locator('ol.flow-timeline > li').count(), 0);
  await page.getByRole('button', { name: 'Back to providers' }).click();
  await card.getByText('Not connected').waitFor();
  assert.equal(await page.locator('[data-inspect-connection]').count(), 0);
  assert.equal(cspReports, 0, 'no Content-Security-Policy violation');
  assert.deepEqual(pageErrors, []);
  assert.deepEqual(other.pageErrors, []);
});

test('e2e: a refused consent shows the error doctor’s diagnosis on the card, and “Show sign-in steps” lists that sign-in', async (t) => {
  const dataDir = tempDataDir(t);
  const host = await startWebHost({ OAUTH_DESK_DATA_DIR: dataDir });
  t.after(() => host.stop());
  const context = await browserContext(t);
  const { page, pageErrors, card } = await openDesk(context, host.url);

  await card.getByRole('button', { name: 'Connect', exact: true }).click();
  const signIn = await openSignIn(context, card, 'ada');
  await signIn.getByRole('link', { name: '[ Cancel ]' }).click();
  await signIn.waitForURL(/\/callback\?/);
  const callback = new URL(signIn.url());
  assert.equal(callback.searchParams.get('error'), 'access_denied');
  const state = callback.searchParams.get('state') ?? '';
  assert.ok(state.length > 10);
  await signIn.close();

  const notice = card.locator('.notice', { hasText: 'The last sign-in did not complete' });
  await notice.waitFor();
  const diagnosis = notice.locator('.diagnosis');
  await diagnosis.waitFor();
  const diagnosed = (await diagnosis.textContent()) ?? '';
  assert.match(diagnosed, /^What happened.+Likely cause.+How to fix it/);
  assert.ok((await diagnosis.locator('ol.diagnosis-fix > li').count()) >= 1, 'the fix is a list of steps');
  assert.match((await notice.locator('.notice-code').textContent()) ?? '', /access_denied/, 'the code stays visible');
  await notice.getByRole('button', { name: 'Connect again' }).waitFor();
  assert.deepEqual(await axeViolations(page), [], 'axe finds nothing on the card with its diagnosis');
  mkdirSync(ARTIFACTS, { recursive: true });
  await card.screenshot({ path: `${ARTIFACTS}/sign-in-diagnosis.png` });

  const show = card.getByRole('button', { name: 'Show sign-in steps' });
  await show.click();
  await page.getByRole('heading', { name: 'Flow inspector: the latest sign-in to Sandbox', level: 2 }).waitFor();
  await page.locator('ol.flow-timeline > li[data-step-kind="callback"]').waitFor();
  const listed = await steps(page);
  assert.deepEqual(listed.map((s) => s.kind), ['authorization-request', 'callback']);
  assert.match(listed[1]!.text, /Failed: Received/);
  await page.locator('ol.flow-timeline > li[data-step-kind="callback"]').getByRole('button', { name: 'Show details' }).click();
  const details = (await page.locator('.flow-details').textContent()) ?? '';
  assert.match(details, /Error access_denied/);
  assert.match(details, /error\s*access_denied/, 'the callback’s parameters are listed');
  assert.ok(!(await pageContent(page)).includes(state), 'S29: the state appears in the sign-in steps');

  // Where the clipboard cannot be used, Copy as curl says what to do instead (nothing on the page shows the command to select).
  await page.evaluate(() => {
    navigator.clipboard.writeText = () => Promise.reject(new DOMException('Write permission denied.', 'NotAllowedError'));
  });
  const callbackStep = page.locator('ol.flow-timeline > li[data-step-kind="callback"]');
  await callbackStep.getByRole('button', { name: 'Copy as curl', exact: true }).click();
  await callbackStep.getByRole('status').getByText('Could not copy: the clipboard is not available here. Show details lists the same request, and Export JSON saves every step.').waitFor();

  await page.getByRole('button', { name: 'Back to providers' }).click();
  await show.waitFor();
  assert.equal(await show.evaluate((b) => b === document.activeElement), true, 'focus is back on Show sign-in steps');
  assert.deepEqual(pageErrors, []);
});

test('e2e: a refused Re-authorize is retried as a re-authorization of the same connection; after Disconnect, “Show disconnect steps” lists the revocation requests with no whole token (S19, S29)', async (t) => {
  const dataDir = tempDataDir(t);
  const host = await startWebHost({ OAUTH_DESK_DATA_DIR: dataDir, OAUTH_DESK_SANDBOX_TOKEN_TTL: '600' });
  t.after(() => host.stop());
  const context = await browserContext(t);
  const { page, pageErrors, card } = await openDesk(context, host.url);
  const connectPayloads: unknown[] = [];
  page.on('request', (request) => {
    if (/\/api\/invoke\/auth(%3A|:)connect$/.test(request.url())) connectPayloads.push((request.postDataJSON() as { payload: unknown }).payload);
  });

  await card.getByRole('button', { name: 'Connect', exact: true }).click();
  await signInAndConsent(context, card, 'ada');
  const connection = card.getByRole('article', { name: `Connection ${ACCOUNT}` });
  await connection.waitFor();
  const connectionId = await connection.getAttribute('data-connection-id');
  assert.ok(connectionId);
  await card.getByRole('region', { name: 'Unread mail' }).getByRole('listitem').first().waitFor();

  // Reload data in another window records the profile and mail calls (one per message) in a burst:
  // the inspector open here lists every one of them after fewer reads of the timeline than new steps.
  const other = await openDesk(context, host.url);
  await other.card.getByRole('region', { name: 'Unread mail' }).getByRole('listitem').first().waitFor();
  await connection.getByRole('button', { name: 'Inspect flow' }).click();
  await page.locator('ol.flow-timeline > li[data-step-kind="api-call"]').first().waitFor();
  const apiCallsIn = (p: Page): Promise<number> => p.locator('ol.flow-timeline > li[data-step-kind="api-call"]').count();
  const before = await apiCallsIn(page);
  let reads = 0;
  page.on('request', (request) => {
    if (/\/api\/invoke\/inspector(%3A|:)steps$/.test(request.url())) reads++;
  });
  // The reload's answer comes once all its calls are done (and recorded).
  await Promise.all([
    other.page.waitForResponse((response) => /\/api\/invoke\/data(%3A|:)fetch$/.test(response.url())),
    other.card.getByRole('button', { name: 'Reload data', exact: true }).click(),
  ]);
  // Read afresh in the other window once the reload is done: every call of it is recorded by then.
  await other.card.getByRole('button', { name: 'Inspect flow' }).click();
  await other.page.locator('ol.flow-timeline > li[data-step-kind="api-call"]').first().waitFor();
  const recorded = await apiCallsIn(other.page);
  const added = recorded - before;
  assert.ok(added >= 4, `a reload makes several calls: ${added}`);
  await page.waitForFunction((expected) => document.querySelectorAll('ol.flow-timeline > li[data-step-kind="api-call"]').length === expected, recorded);
  t.diagnostic(`${reads} read(s) of the timeline for ${added} new steps`);
  assert.ok(reads >= 1 && reads < added, `${reads} reads of the timeline for ${added} new steps; the last one is listed`);
  await other.page.close();
  await page.getByRole('button', { name: 'Back to providers' }).click();
  await connection.waitFor();

  // Re-authorize, and refuse at the Sandbox (signed out there first, so that its login page shows).
  await context.clearCookies();
  await connection.getByRole('button', { name: 'Re-authorize', exact: true }).click();
  const signIn = await openSignIn(context, card, 'ada');
  await signIn.getByRole('link', { name: '[ Cancel ]' }).click();
  await signIn.waitForURL(/\/callback\?/);
  await signIn.close();
  const notice = card.locator('.notice', { hasText: 'The last sign-in did not complete' });
  await notice.waitFor();

  // The doctor's next step repeats the re-authorization (the connection's id, so consent is asked again), not a new connection.
  await notice.getByRole('button', { name: 'Re-authorize again', exact: true }).click();
  await card.getByRole('link', { name: 'Open sign-in page', exact: true }).waitFor();
  assert.deepEqual(connectPayloads, [{ providerId: 'sandbox' }, { providerId: 'sandbox', connectionId }, { providerId: 'sandbox', connectionId }]);
  await context.clearCookies();
  await signInAndConsent(context, card, 'ada');
  await card.getByText('Connected', { exact: true }).waitFor();
  assert.equal(await card.getByRole('article').count(), 1, 'still one connection');

  // Disconnect: the card says what came of it and offers the revocation requests.
  await connection.getByRole('button', { name: 'Disconnect', exact: true }).click();
  await card.getByText('Not connected').waitFor();
  const showSteps = card.getByRole('button', { name: 'Show disconnect steps', exact: true });
  await showSteps.click();
  const heading = page.getByRole('heading', { name: 'Flow inspector: the latest disconnect of Sandbox', level: 2 });
  await heading.waitFor();
  await page.locator('ol.flow-timeline > li[data-step-kind="revocation"]').first().waitFor();
  const listed = await steps(page);
  assert.ok(listed.length >= 1 && listed.every((s) => s.kind === 'revocation'), listed.map((s) => s.kind).join(', '));
  for (const step of listed) assert.match(step.text, /OK: HTTP 200 OK .* took \d+(\.\d)? m?s/);
  assert.match(await page.locator('.inspector-summary').innerText(), /Sandbox · latest disconnect/);
  // The token sent for revocation is masked: its row names the kind of token, a prefix and the length.
  const first = page.locator('ol.flow-timeline > li[data-step-kind="revocation"]').first();
  await first.getByRole('button', { name: 'Show details' }).click();
  const tokenRow = (await first.getByRole('table', { name: 'Form' }).getByRole('row', { name: /^token\b/ }).textContent()) ?? '';
  assert.match(tokenRow, /token, masked(, first characters \S{1,4})?, \d+ characters/);
  assert.deepEqual(await axeViolations(page), [], 'axe finds nothing on the disconnect’s steps');

  // Back: focus returns to Show disconnect steps.
  await page.getByRole('button', { name: 'Back to providers' }).click();
  await showSteps.waitFor();
  assert.equal(await showSteps.evaluate((b) => b === document.activeElement), true, 'focus is back on Show disconnect steps');
  assert.deepEqual(pageErrors, []);
});
