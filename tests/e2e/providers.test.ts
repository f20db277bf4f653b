/**
 * End to end, issue 4: custom providers, several accounts and the providers file, as a person uses
 * them: the real renderer in Debian's Chromium, served by `npm run web`, against real oidc-provider
 * servers on loopback (the app's own Sandbox, and a second one the test starts as "Acme").
 */
import { test } from 'node:test';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { startSandboxServer } from '../../electron/core/sandbox/sandbox-server.ts';
import { launchChromium, loopbackOnlyContext } from '../helpers/chromium.ts';
import { tempDataDir } from '../helpers/temp-dir.ts';
import { startWebHost } from '../helpers/web-host.ts';

const ARTIFACTS = 'test-results';
/** A secret with every character Basic authentication must form-encode first (S13). */
const ACME_SECRET = 'e2e:acme+se/cret==';

async function browserContext(t: TestContext): Promise<BrowserContext> {
  const browser = await launchChromium();
  t.after(() => browser.close());
  return loopbackOnlyContext(browser, { viewport: { width: 1100, height: 1000 } });
}

async function openDesk(context: BrowserContext, url: string): Promise<{ page: Page; pageErrors: string[] }> {
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(url);
  await page.getByRole('heading', { name: 'OAuth Desk', level: 1 }).waitFor();
  return { page, pageErrors };
}

/** Follows the card's "Open sign-in page" link and signs in at an oidc-provider login page. */
async function signIn(context: BrowserContext, card: Locator, login: string): Promise<URL> {
  const link = card.getByRole('link', { name: 'Open sign-in page', exact: true });
  const authorizationUrl = new URL((await link.getAttribute('href')) ?? '');
  const [page] = await Promise.all([context.waitForEvent('page'), link.click()]);
  await page.getByPlaceholder('Enter any login').fill(login);
  await page.getByPlaceholder('and password').fill('anything');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByText('go back to the app').waitFor();
  await page.close();
  return authorizationUrl;
}

test('e2e: add a custom OpenID Connect provider in Settings (discovery, client_secret_basic with : + / = in the secret), connect it and see its userinfo as a tree; the secret never comes back', async (t) => {
  const acme = await startSandboxServer({
    extraClients: [
      {
        client_id: 'acme-desk',
        client_secret: ACME_SECRET,
        application_type: 'native',
        token_endpoint_auth_method: 'client_secret_basic',
        redirect_uris: ['http://127.0.0.1/callback'],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
      },
    ],
  });
  t.after(() => acme.close());
  const dataDir = tempDataDir(t);
  const host = await startWebHost({ OAUTH_DESK_DATA_DIR: dataDir });
  t.after(() => host.stop());
  const context = await browserContext(t);
  const { page, pageErrors } = await openDesk(context, host.url);

  await page.getByRole('button', { name: 'Add custom provider' }).click();
  const form = page.getByRole('main');
  await form.getByRole('heading', { name: 'Add a custom provider' }).waitFor();
  await form.getByRole('textbox', { name: 'ID', exact: true }).fill('acme');
  await form.getByRole('textbox', { name: 'Display name' }).fill('Acme');
  await form.getByRole('textbox', { name: 'Issuer URL' }).fill(acme.issuer);
  await form.getByRole('textbox', { name: 'Client ID', exact: true }).fill('acme-desk');
  await form.getByLabel('Client secret (optional)').fill(ACME_SECRET);
  await form.getByRole('combobox', { name: 'Client authentication' }).selectOption('client_secret_basic');
  await form.getByRole('textbox', { name: 'Scopes' }).fill('openid profile email');

  // A mistake first: the field is marked and every value stays.
  await form.getByRole('textbox', { name: 'Issuer URL' }).fill('http://acme.example');
  await form.getByRole('button', { name: 'Add provider' }).click();
  const issuer = form.getByRole('textbox', { name: 'Issuer URL' });
  await page.waitForFunction(() => document.querySelector('[aria-invalid="true"]') !== null);
  assert.equal(await issuer.getAttribute('aria-invalid'), 'true');
  assert.match((await form.textContent()) ?? '', /https/, 'the problem says what a valid URL looks like');
  assert.equal(await form.getByRole('textbox', { name: 'Display name' }).inputValue(), 'Acme', 'nothing typed is lost');
  await issuer.fill(acme.issuer);
  await form.getByRole('button', { name: 'Add provider' }).click();

  const card = page.getByRole('region', { name: 'Acme', exact: true });
  await card.getByText('Not connected').waitFor();
  await card.getByRole('button', { name: 'Connect', exact: true }).click();
  const authorizationUrl = await signIn(context, card, 'carol');
  assert.equal(authorizationUrl.origin, acme.issuer, 'discovered authorization endpoint');
  assert.equal(authorizationUrl.searchParams.get('code_challenge_method'), 'S256');
  assert.equal(authorizationUrl.searchParams.get('client_secret'), null, 'S29 the secret is never in the URL');

  await card.getByText('Connected', { exact: true }).waitFor();
  const data = card.getByRole('region', { name: 'Userinfo' });
  await data.getByText('carol', { exact: false }).first().waitFor();
  assert.match((await data.textContent()) ?? '', /sub/, 'the claims are shown as a tree');
  assert.equal(acme.tokenRequestCounts().authorization_code, 1, 'the code was exchanged with Basic authentication');

  // Settings shows the provider without its secret.
  await card.getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('heading', { name: /Acme/ }).first().waitFor();
  const settingsText = (await page.getByRole('main').textContent()) ?? '';
  assert.ok(!settingsText.includes(ACME_SECRET), 'S29 the saved secret is not shown');
  for (const input of await page.locator('input[type="password"]').all()) assert.equal(await input.inputValue(), '');
  assert.ok(!readFileSync(path.join(dataDir, 'oauth-desk.json'), 'utf8').includes(ACME_SECRET), 'S20 the secret is stored encrypted');

  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: `${ARTIFACTS}/custom-provider-settings.png`, fullPage: true });
  assert.deepEqual(pageErrors, []);
});

test('e2e: two accounts of one provider: Add another account asks for a new login and each account gets its own section, refresh and disconnect', async (t) => {
  const dataDir = tempDataDir(t);
  const host = await startWebHost({ OAUTH_DESK_DATA_DIR: dataDir, OAUTH_DESK_SANDBOX_TOKEN_TTL: '300' });
  t.after(() => host.stop());
  const context = await browserContext(t);
  const { page, pageErrors } = await openDesk(context, host.url);
  const card = page.getByRole('region', { name: 'Sandbox', exact: true });

  await card.getByRole('button', { name: 'Connect', exact: true }).click();
  await signIn(context, card, 'ada');
  await card.getByText('ada@sandbox.oauthdesk.test').first().waitFor();

  await card.getByRole('button', { name: 'Add another account' }).click();
  const second = await signIn(context, card, 'grace');
  assert.equal(second.searchParams.get('prompt'), 'login', 'a new login, not the remembered one');
  await card.getByText('grace@sandbox.oauthdesk.test').first().waitFor();
  await card.getByText('ada@sandbox.oauthdesk.test').first().waitFor();
  assert.equal(await card.getByRole('article').count(), 2, 'one section per account');
  assert.equal(await card.getByRole('button', { name: 'Disconnect' }).count(), 2);
  // The new account's panels load after its section appears.
  await card.getByRole('region', { name: 'Profile' }).nth(1).waitFor();
  assert.equal(await card.getByRole('region', { name: 'Profile' }).count(), 2);

  // The same account again updates its connection instead of adding a third.
  await card.getByRole('button', { name: 'Add another account' }).click();
  await signIn(context, card, 'grace');
  await card.getByText('Waiting for browser…').waitFor({ state: 'detached' });
  assert.equal(await card.getByRole('button', { name: 'Disconnect' }).count(), 2, 'the same account is recognised');

  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: `${ARTIFACTS}/sandbox-two-accounts.png`, fullPage: true });

  // Each section refreshes on its own: Grace's tokens change, Ada's stay.
  const graceSection = card.getByRole('article', { name: 'Connection grace@sandbox.oauthdesk.test' });
  const adaSection = card.getByRole('article', { name: 'Connection ada@sandbox.oauthdesk.test' });
  await graceSection.getByRole('button', { name: 'Refresh', exact: true }).click();
  await graceSection.getByText(/^Succeeded at /).waitFor();
  assert.equal(await adaSection.getByText(/^Succeeded at /).count(), 0, 'only the chosen account was refreshed');

  // Disconnecting one leaves the other connected.
  await graceSection.getByRole('button', { name: 'Disconnect' }).click();
  await graceSection.waitFor({ state: 'detached' });
  await card.getByText('ada@sandbox.oauthdesk.test').first().waitFor();
  assert.equal(await card.getByRole('button', { name: 'Disconnect', exact: true }).count(), 1);
  assert.deepEqual(pageErrors, []);
});

test('e2e: an invalid providers file shows its error (file, provider, field) and the app starts with everything else, including the file\'s valid provider', async (t) => {
  const dataDir = tempDataDir(t);
  const file = path.join(dataDir, 'team-providers.json');
  writeFileSync(
    file,
    JSON.stringify({
      providers: [
        { id: 'broken', displayName: 'Broken', issuer: 'ftp://login.example', clientId: 'x' },
        { id: 'good', displayName: 'Good Co', authorizationEndpoint: 'https://login.good.example/authorize', tokenEndpoint: 'https://login.good.example/token', clientId: 'desk' },
      ],
    }),
  );
  const host = await startWebHost({ OAUTH_DESK_DATA_DIR: dataDir, OAUTH_DESK_PROVIDERS: file });
  t.after(() => host.stop());
  const context = await browserContext(t);
  const { page, pageErrors } = await openDesk(context, host.url);

  const problems = page.getByRole('region', { name: 'Some settings could not be loaded' });
  await problems.waitFor();
  const text = (await problems.textContent()) ?? '';
  assert.ok(text.includes(file), 'names the file');
  assert.match(text, /broken/, 'names the provider');
  assert.match(text, /issuer/, 'names the field');

  await page.getByRole('region', { name: 'Good Co', exact: true }).getByText('Not connected').waitFor();
  assert.equal(await page.getByRole('region', { name: 'Broken', exact: true }).count(), 0);
  const sandbox = page.getByRole('region', { name: 'Sandbox', exact: true });
  await sandbox.getByRole('button', { name: 'Connect', exact: true }).click();
  await signIn(context, sandbox, 'ada');
  await sandbox.getByText('Connected', { exact: true }).waitFor();

  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: `${ARTIFACTS}/providers-file-error.png`, fullPage: true });
  assert.deepEqual(pageErrors, []);
});
