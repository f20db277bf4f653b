/**
 * What Storage & security, the providers page's storage notice and the saved-data banner show for
 * given data (static render under Node: no effects run, so the presentational parts are rendered).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ConfigProblemView, StorageView } from '../../../electron/shared/settings-types.ts';
import { buttonTag, isDisabled, renderToHtml } from '../../helpers/render-component.ts';

// After render-component.ts has installed the .tsx (and stylesheet) hook.
const { StoragePanel } = await import('../../../renderer/src/components/settings/StoragePanel.tsx');
const { StorageNotice } = await import('../../../renderer/src/components/StorageNotice.tsx');
const { ConfigProblemList } = await import('../../../renderer/src/components/ConfigProblems.tsx');

const noop = (): void => {};

function storageView(over: Partial<StorageView> = {}): StorageView {
  return {
    backend: 'basic_text',
    backendLabel: 'No keyring (basic text)',
    protection: 'weak',
    description: 'No system keyring is available, so secrets are encrypted with a fixed key built into the app.',
    remedy: 'To use the system keyring instead, install and unlock a Secret Service keyring (GNOME Keyring, or KWallet on KDE), then restart OAuth Desk.',
    keepRefreshTokensOnDisk: false,
    refreshTokensOnDisk: false,
    refreshTokensInMemory: 2,
    storeFile: '/home/ada/.config/OAuth Desk/oauth-desk.json',
    ...over,
  };
}

function decode(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&amp;/g, '&');
}

const textOf = (html: string): string =>
  decode(html.replace(/<[^>]*>/g, ' '))
    .replace(/\s+/g, ' ')
    .replace(/ ([.,;:)])/g, '$1')
    .trim();

const attr = (tag: string, name: string): string | null => {
  const match = new RegExp(`\\s${name}="([^"]*)"`, 'i').exec(tag);
  return match ? decode(match[1] ?? '') : null;
};

const checkbox = (html: string): string | null => /<input\b[^>]*type="checkbox"[^>]*>/.exec(html)?.[0] ?? null;

function renderPanel(storage: StorageView, over: { saving?: boolean; status?: string } = {}): string {
  return renderToHtml(StoragePanel, { storage, saving: over.saving ?? false, status: over.status ?? '', error: null, onKeepRefreshTokensChange: noop });
}

test('S20 on a weak backend Storage & security names it, warns, and offers "Keep refresh tokens on disk" with a label and what it means', () => {
  const html = renderPanel(storageView());
  const text = textOf(html);
  assert.match(text, /Protection No keyring \(basic text\) Not protected by a system keyring/);
  assert.match(text, /No system keyring protects these secrets/);
  assert.match(text, /install and unlock a Secret Service keyring/, 'how to get one');
  assert.match(text, /2 refresh tokens are held in memory only and will be lost when OAuth Desk closes\./);
  assert.match(text, /\/home\/ada\/\.config\/OAuth Desk\/oauth-desk\.json/);
  const box = checkbox(html);
  assert.ok(box, 'the opt-in is a checkbox');
  assert.equal(/\schecked=""/.test(box), false, 'off unless the person chose it');
  const id = attr(box, 'id') ?? '';
  const label = new RegExp(`<label for="${id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}">([^<]*)</label>`).exec(html);
  assert.equal(label?.[1], 'Keep refresh tokens on disk');
  const describedBy = attr(box, 'aria-describedby') ?? '';
  const detail = new RegExp(`<p id="${describedBy.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"[^>]*>([\\s\\S]*?)</p>`).exec(html);
  assert.match(textOf(detail?.[1] ?? ''), /anyone who can read your files could use them/);
  assert.match(textOf(detail?.[1] ?? ''), /Off: they are kept in memory only/);
});

test('the opt-in shows the saved choice, is disabled and busy while saving ("Saving…"), and the outcome is announced politely', () => {
  const chosen = storageView({ keepRefreshTokensOnDisk: true, refreshTokensOnDisk: true, refreshTokensInMemory: 0 });
  const saving = renderPanel(chosen, { saving: true });
  const box = checkbox(saving) ?? '';
  assert.match(box, /\schecked=""/);
  assert.match(box, /aria-disabled="true"/, 'unavailable while saving');
  assert.equal(isDisabled(box), false, 'but still focusable, so keyboard focus stays on it');
  assert.match(saving, /<section class="settings-section" aria-labelledby="[^"]+-refresh" aria-busy="true">/);
  assert.match(saving, /<p class="settings-saved settings-busy" role="status">Saving…<\/p>/);

  const done = renderPanel(chosen, { saving: false, status: 'Refresh tokens are now saved on disk (encrypted).' });
  assert.doesNotMatch(checkbox(done) ?? '', /aria-disabled/);
  assert.match(done, /aria-busy="false"/);
  assert.match(done, /<p class="settings-saved" role="status">Refresh tokens are now saved on disk \(encrypted\)\.<\/p>/);
  assert.match(textOf(done), /No refresh token is held in memory only right now\./);
});

test('S20 with the OS keyring the page says the secrets are protected and offers no opt-in', () => {
  const html = renderPanel(storageView({ backend: 'keychain', backendLabel: 'macOS Keychain', protection: 'os', description: 'Secrets are encrypted with a key kept in your login keychain.', remedy: null, refreshTokensOnDisk: true, refreshTokensInMemory: 0 }));
  const text = textOf(html);
  assert.match(text, /macOS Keychain Protected by the system keyring/);
  assert.match(text, /Refresh tokens are saved encrypted like every other secret/);
  assert.equal(checkbox(html), null);
  assert.doesNotMatch(text, /No system keyring protects/);
  assert.doesNotMatch(html, /role="alert"/);
});

test('S20 the providers page says so on a weak backend, and leads to Storage & security; nothing on a keyring or before it is known', () => {
  const html = renderToHtml(StorageNotice, { storage: storageView(), onOpenStorage: noop });
  const section = /<section class="storage-notice" aria-labelledby="([^"]*)">/.exec(html);
  assert.ok(section, 'a region named by its heading');
  assert.match(html, new RegExp(`<h2 id="${section[1]}">Secrets are not protected by a system keyring</h2>`));
  assert.match(textOf(html), /refresh tokens are kept in memory only: after OAuth Desk restarts, each account needs Re-authorize/);
  assert.equal(attr(buttonTag(html, 'Review storage settings'), 'type'), 'button');

  const optedIn = textOf(renderToHtml(StorageNotice, { storage: storageView({ keepRefreshTokensOnDisk: true, refreshTokensOnDisk: true }), onOpenStorage: noop }));
  assert.match(optedIn, /You chose to keep refresh tokens on disk anyway/);
  assert.equal(renderToHtml(StorageNotice, { storage: storageView({ protection: 'os' }), onOpenStorage: noop }), '');
  assert.equal(renderToHtml(StorageNotice, { storage: null, onOpenStorage: noop }), '');
});

test('S21 S22 saved-data problems get their own region ("Some saved data could not be read") with where the old data is kept; configuration problems keep theirs', () => {
  const problems: ConfigProblemView[] = [
    {
      code: 'store_moved_aside',
      message: "OAuth Desk's data file was damaged (it is not valid JSON), so OAuth Desk started signed out, without saved connections or settings.",
      hint: 'Nothing was deleted: the old file was moved to /d/oauth-desk.json.corrupt-1.',
      file: '/d/oauth-desk.json.corrupt-1',
      providerId: null,
      field: null,
      area: 'saved-data',
    },
    { code: 'connections_unreadable', message: '1 saved connection could not be read.', hint: 'It is kept unchanged in the data file.', file: '/d/oauth-desk.json', providerId: null, field: null, area: 'saved-data' },
    { code: 'provider_config_invalid', message: 'providers.json: "issuer" is not a full URL.', hint: 'Enter a full https URL.', file: '/cfg/providers.json', providerId: 'acme', field: 'issuer' },
  ];
  const html = renderToHtml(ConfigProblemList, { problems });
  const sections = [...html.matchAll(/<section class="([^"]*)" aria-labelledby="([^"]*)">([\s\S]*?)<\/section>/g)];
  assert.equal(sections.length, 2);
  const [saved, config] = sections;
  assert.equal(saved?.[1], 'config-problems saved-data-problems', 'saved data first: it explains a signed-out start');
  assert.match(saved?.[3] ?? '', new RegExp(`<h2 id="${saved?.[2]}">Some saved data could not be read</h2>`));
  const savedText = textOf(saved?.[3] ?? '');
  assert.match(savedText, /started signed out/);
  assert.match(savedText, /Kept at: \/d\/oauth-desk\.json\.corrupt-1/);
  assert.match(savedText, /1 saved connection could not be read\./);
  assert.doesNotMatch(savedText, /issuer/);
  assert.equal(config?.[1], 'config-problems');
  assert.match(textOf(config?.[3] ?? ''), /Some settings could not be loaded .*"issuer" is not a full URL\. Enter a full https URL\. File: \/cfg\/providers\.json/);
  assert.doesNotMatch(html, /role="alert"/);
  assert.equal(renderToHtml(ConfigProblemList, { problems: problems.slice(0, 1) }).match(/<section/g)?.length, 1, 'no empty configuration region');
});

test('S20 a connection whose refresh token is held in memory only says it will need re-authorization after a restart', async () => {
  const { ConnectionDetails } = await import('../../../renderer/src/components/ConnectionDetails.tsx');
  const { connectionView } = await import('../../helpers/views.ts');
  const future = Date.now() + 3_600_000;
  const inMemory = textOf(renderToHtml(ConnectionDetails, { connection: connectionView({ expiresAt: future, refreshTokenInMemoryOnly: true }), showStatus: false }));
  assert.match(inMemory, /Held in memory only/);
  assert.match(inMemory, /re-authorize after OAuth Desk restarts/);
  assert.match(inMemory, /Storage & security/);
  const onDisk = textOf(renderToHtml(ConnectionDetails, { connection: connectionView({ expiresAt: future }), showStatus: false }));
  assert.match(onDisk, /Held: the app renews the access token on its own/);
  assert.doesNotMatch(onDisk, /memory only/);
});
