/**
 * End to end, S20-S22 as a person meets them: `npm run web` started on a data folder whose store
 * file is damaged. The window says what happened, where the old file is and what to do; the app is
 * signed out but works; web mode's key-file storage is named as weak, and Storage & security lets
 * the person keep refresh tokens on disk.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { launchChromium, loopbackOnlyContext } from '../helpers/chromium.ts';
import { tempDataDir } from '../helpers/temp-dir.ts';
import { startWebHost } from '../helpers/web-host.ts';

const ARTIFACTS = 'test-results';

test('e2e S21: a damaged store file is moved aside and the window says so (what, where, what to do); Storage & security names the weak storage and saves the refresh-token choice', async (t) => {
  const dataDir = tempDataDir(t);
  const damaged = '{"connections": {"c1": {"id": "c1", "accountLabel": "ada@sandbox';
  writeFileSync(path.join(dataDir, 'oauth-desk.json'), damaged);
  const host = await startWebHost({ OAUTH_DESK_DATA_DIR: dataDir });
  t.after(() => host.stop());
  const aside = readdirSync(dataDir).filter((name) => name.startsWith('oauth-desk.json.corrupt-'));
  assert.equal(aside.length, 1, 'moved aside, not deleted');
  const asidePath = path.join(dataDir, aside[0] ?? '');
  assert.equal(readFileSync(asidePath, 'utf8'), damaged);

  const browser = await launchChromium();
  t.after(() => browser.close());
  const context = await loopbackOnlyContext(browser, { viewport: { width: 1100, height: 1000 } });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(host.url);

  const savedData = page.getByRole('region', { name: 'Some saved data could not be read' });
  await savedData.waitFor();
  const text = (await savedData.textContent()) ?? '';
  assert.match(text, /not valid JSON/, 'what happened');
  assert.match(text, /started signed out/);
  assert.ok(text.includes(asidePath), 'where the old file is');
  assert.match(text, /Connect your accounts again/, 'what to do');
  await page.getByRole('region', { name: 'Sandbox', exact: true }).getByText('Not connected').waitFor();

  // S20: web mode keeps its key next to the data: the providers page says so without opening Settings.
  const notice = page.getByRole('region', { name: 'Secrets are not protected by a system keyring' });
  await notice.getByText(/refresh tokens are kept in memory only/).waitFor();
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: `${ARTIFACTS}/broken-store.png`, fullPage: true });

  await page.getByRole('button', { name: 'Storage & security', exact: true }).click();
  const heading = page.getByRole('heading', { name: 'Storage & security', level: 2 });
  await heading.waitFor();
  assert.equal(await heading.evaluate((el) => el === document.activeElement), true, 'the page heading has focus');
  const protection = page.getByRole('definition').filter({ hasText: 'Key file in the data folder (web-mode.key)' });
  await protection.getByText('Not protected by a system keyring').waitFor();
  const keep = page.getByRole('checkbox', { name: 'Keep refresh tokens on disk' });
  assert.equal(await keep.isChecked(), false);
  await keep.check();
  await page.getByRole('status').filter({ hasText: 'Refresh tokens are now saved on disk (encrypted).' }).waitFor();
  const stored = JSON.parse(readFileSync(path.join(dataDir, 'oauth-desk.json'), 'utf8')) as { storagePreferences?: { keepRefreshTokensOnDisk?: boolean } };
  assert.equal(stored.storagePreferences?.keepRefreshTokensOnDisk, true, 'the choice is saved');
  await page.screenshot({ path: `${ARTIFACTS}/storage-settings.png`, fullPage: true });

  await page.getByRole('button', { name: 'Back to providers' }).click();
  await notice.getByText(/You chose to keep refresh tokens on disk anyway/).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Storage & security', exact: true }).evaluate((el) => el === document.activeElement), true, 'focus returns to the button that opened the page');
  assert.deepEqual(pageErrors, []);
});
