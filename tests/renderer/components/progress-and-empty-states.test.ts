/**
 * Issue 6, UI polish, as static HTML: every control whose call waits on the network says so while
 * it waits (a busy label; aria-disabled, so a second click does nothing while keyboard focus stays
 * on it, where the native `disabled` would drop focus to the page; aria-busy on its region); the first load
 * of a data panel shows a placeholder of its shape; "nothing here" always says what to do next; the
 * profile picture of each provider's data shape, or initials; and why a sign-in failed is spoken in
 * the window's polite live region.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DataPanelView, ProfileData } from '../../../electron/shared/view-types.ts';
import { parseDiscordUser } from '../../../electron/core/providers/data/discord-user.ts';
import { parseUserinfo } from '../../../electron/core/providers/data/userinfo-profile.ts';
import { parseXUser } from '../../../electron/core/providers/data/x-user.ts';
import { joinSentences, statusChanges, statusSnapshot } from '../../../renderer/src/format/status-announcement.ts';
import { localDay } from '../../../renderer/src/format/heart-rate-chart.ts';
import { buttonTag, isDisabled, renderToHtml, visibleText as text } from '../../helpers/render-component.ts';
import { connectionView, providerView } from '../../helpers/views.ts';

// After render-component.ts has installed the .tsx (and stylesheet) hook.
const { PendingAttempt } = await import('../../../renderer/src/components/PendingAttempt.tsx');
const { ConnectionItem } = await import('../../../renderer/src/components/ConnectionItem.tsx');
const { AuthModeChooser } = await import('../../../renderer/src/components/AuthModeChooser.tsx');
const { DataPanels, PendingData } = await import('../../../renderer/src/components/ConnectionData.tsx');
const { ProfilePanel } = await import('../../../renderer/src/components/ProfilePanel.tsx');
const { withSignInFailures } = await import('../../../renderer/src/hooks/useStatusAnnouncement.ts');

const noop = (): void => {};


function openingTag(html: string, pattern: RegExp): string {
  return pattern.exec(html)?.[0] ?? assert.fail(`no tag matching ${pattern} in ${html}`);
}

/** Unavailable while its call runs, yet focusable: aria-disabled, not disabled. */
function busy(tag: string): boolean {
  return /\saria-disabled="true"/.test(tag) && !isDisabled(tag);
}

const pending = {
  attemptId: 'attempt-1',
  providerId: 'sandbox',
  connectionId: null,
  authMode: 'system-browser' as const,
  authorizationUrl: 'http://127.0.0.1:4000/auth?client_id=desk',
  redirectUri: 'http://127.0.0.1:4001/callback',
  startedAt: Date.now(),
  expiresAt: Date.now() + 300_000,
};

test('a waiting sign-in: Cancel reads "Cancelling…" and is unavailable while the app stops it; the sign-in link is where focus goes next', () => {
  const idle = renderToHtml(PendingAttempt, { pending, cancelling: false, onCancel: noop });
  assert.equal(busy(buttonTag(idle, 'Cancel')), false);
  assert.equal(isDisabled(buttonTag(idle, 'Cancel')), false);
  assert.match(openingTag(idle, /<a\b[^>]*>/), /data-focus-rescue="next-step"/, 'the link takes focus when it replaces Connect');

  const cancelling = renderToHtml(PendingAttempt, { pending, cancelling: true, onCancel: noop });
  assert.equal(busy(buttonTag(cancelling, 'Cancelling…')), true);
  assert.doesNotMatch(text(cancelling), /\bCancel\b(?!ling)/);
});

const itemProps = {
  connection: connectionView({ id: 'conn-1', accountLabel: 'ada@sandbox.oauthdesk.test' }),
  showStatus: false,
  attemptRunning: false,
  reauthorizing: false,
  disconnecting: false,
  onReauthorize: noop,
  onDisconnect: noop,
};

test('a connection: Refresh, Re-authorize and Disconnect say "Refreshing…" / "Re-authorizing…" / "Disconnecting…", unavailable, and the connection is marked busy meanwhile', () => {
  const idle = renderToHtml(ConnectionItem, itemProps);
  assert.match(openingTag(idle, /<article\b[^>]*>/), /aria-busy="false"/);
  for (const label of ['Refresh', 'Re-authorize', 'Disconnect']) {
    assert.equal(busy(buttonTag(idle, label)) || isDisabled(buttonTag(idle, label)), false, `${label} is available`);
  }

  const disconnecting = renderToHtml(ConnectionItem, { ...itemProps, disconnecting: true });
  assert.match(openingTag(disconnecting, /<article\b[^>]*>/), /aria-busy="true"/);
  assert.equal(busy(buttonTag(disconnecting, 'Disconnecting…')), true);
  assert.throws(() => buttonTag(disconnecting, 'Disconnect'));

  const reauthorizing = renderToHtml(ConnectionItem, { ...itemProps, reauthorizing: true });
  assert.match(openingTag(reauthorizing, /<article\b[^>]*>/), /aria-busy="true"/);
  assert.equal(busy(buttonTag(reauthorizing, 'Re-authorizing…')), true);

  const refreshing = renderToHtml(ConnectionItem, { ...itemProps, connection: { ...itemProps.connection, refreshing: true } });
  assert.match(openingTag(refreshing, /<article\b[^>]*>/), /aria-busy="true"/);
  assert.equal(busy(buttonTag(refreshing, 'Refreshing…')), true);

  // Blocked (not busy) stays truly disabled: no refresh token to refresh with, a sign-in already running.
  const blocked = renderToHtml(ConnectionItem, { ...itemProps, attemptRunning: true, connection: { ...itemProps.connection, hasRefreshToken: false } });
  assert.equal(isDisabled(buttonTag(blocked, 'Refresh')), true);
  assert.equal(isDisabled(buttonTag(blocked, 'Re-authorize')), true);
});

test('a connection has a polite status region from the start, for "Refreshed the tokens of …" after a Refresh asked for here', () => {
  const html = renderToHtml(ConnectionItem, itemProps);
  assert.match(html, /<span class="visually-hidden" role="status"><\/span>/);
});

test('the sign-in mode chooser is marked busy and says "Saving…" while a new mode is saved; its status region is there before', () => {
  const props = { value: 'system-browser' as const, options: ['system-browser', 'app-window'] as const, onChange: noop };
  const idle = renderToHtml(AuthModeChooser, { ...props, disabled: false });
  assert.match(openingTag(idle, /<fieldset\b[^>]*>/), /aria-busy="false"/);
  assert.match(idle, /<p class="auth-mode-status" role="status"><\/p>/);

  const saving = renderToHtml(AuthModeChooser, { ...props, disabled: false, busy: true });
  const fieldset = openingTag(saving, /<fieldset\b[^>]*>/);
  assert.match(fieldset, /aria-busy="true"/);
  assert.doesNotMatch(fieldset, /disabled=""/, 'the focused radio button keeps focus');
  assert.equal([...saving.matchAll(/<input\b[^>]*aria-disabled="true"[^>]*>/g)].length, 2, 'both choices unavailable');
  assert.match(saving, /<p class="auth-mode-status" role="status">Saving…<\/p>/);
});

test('before the first answer the data region is busy and shows a placeholder of its shape, hidden from screen readers; an answer replaces it', () => {
  const loading = renderToHtml(PendingData, { loading: true, error: null });
  assert.match(openingTag(loading, /<section\b[^>]*>/), /aria-busy="true"/);
  assert.match(loading, /<div class="skeleton" aria-hidden="true">(<span class="skeleton-line[^"]*"><\/span>){3}<\/div>/);
  assert.match(text(loading), /Loading…/);

  const failed = renderToHtml(PendingData, { loading: false, error: { code: 'network_unreachable', message: 'Unreachable.', hint: 'Check the network.' } });
  assert.doesNotMatch(failed, /skeleton/, 'an error is not drawn as loading');

  const mail: DataPanelView = { kind: 'mail', id: 'mail', title: 'Unread mail', result: { ok: true, value: { unreadCount: 0, messages: [] } } };
  const reloading = renderToHtml(DataPanels, { panels: [mail], loading: true });
  assert.match(openingTag(reloading, /<section\b[^>]*>/), /aria-busy="true"/);
  assert.doesNotMatch(reloading, /skeleton/, 'a reload keeps the data it has');
});

test('empty states say what is missing and what to do next, in one shape: no unread mail, no heart-rate readings, no data at all', () => {
  const empty = (html: string): Array<[string, string]> =>
    [...html.matchAll(/<div class="empty-state"><p class="empty-state-title">([^<]*)<\/p><p class="empty-state-hint">([^<]*)<\/p><\/div>/g)].map((m) => [m[1]!, m[2]!]);

  const mail: DataPanelView = { kind: 'mail', id: 'mail', title: 'Unread mail', result: { ok: true, value: { unreadCount: 0, messages: [] } } };
  assert.deepEqual(empty(renderToHtml(DataPanels, { panels: [mail], loading: false })), [
    ['No unread mail.', 'New messages you have not read yet appear here. Choose Reload data to look again.'],
  ]);

  const heart: DataPanelView = { kind: 'heart-rate', id: 'hr', title: 'Heart rate', result: { ok: true, value: { day: localDay(new Date()), points: [], restingBpm: null } } };
  const [heartEmpty] = empty(renderToHtml(DataPanels, { panels: [heart], loading: false }));
  assert.equal(heartEmpty?.[0], 'No heart-rate readings yet today.');
  assert.match(heartEmpty?.[1] ?? '', /synced.*Reload data/);

  const [none] = empty(renderToHtml(DataPanels, { panels: [], loading: false }));
  assert.equal(none?.[0], 'This connection has no data to show.');
  assert.match(none?.[1] ?? '', /account, tokens and scopes above/);
});

/** The profile panel for a parsed profile, as HTML. */
function profileHtml(profile: ProfileData): string {
  return renderToHtml(ProfilePanel, { title: 'Profile', loading: false, callError: null, result: { ok: true, value: profile } });
}

function avatarOf(html: string): { kind: 'image'; tag: string } | { kind: 'initials'; tag: string; text: string } {
  const image = /<img\b[^>]*class="avatar"[^>]*>/.exec(html)?.[0];
  if (image) return { kind: 'image', tag: image };
  const initials = /(<span class="avatar avatar-initials"[^>]*>)([^<]*)<\/span>/.exec(html) ?? assert.fail('no avatar at all');
  return { kind: 'initials', tag: initials[1]!, text: initials[2]! };
}

test('avatars for each provider’s data shape: Google, Discord and X pictures are https images without a referrer; no picture gives initials, hidden from screen readers', () => {
  const google = avatarOf(profileHtml(parseUserinfo({ sub: '1093', name: 'Ada Lovelace', email: 'ada@gmail.com', picture: 'https://lh3.googleusercontent.com/a/ACg8ocK=s96-c' }, 'Google')));
  const discord = avatarOf(profileHtml(parseDiscordUser({ id: '80351110224678912', username: 'nelly', global_name: 'Nelly', avatar: '8342729096ea3675442027381ff50dfe', discriminator: '0' }, 'Discord')));
  const x = avatarOf(profileHtml(parseXUser({ data: { id: '2244994945', name: 'X Dev', username: 'XDevelopers', profile_image_url: 'https://pbs.twimg.com/profile_images/1/abc_normal.jpg' } }, 'X')));
  for (const [name, avatar, host] of [['Google', google, 'lh3.googleusercontent.com'], ['Discord', discord, 'cdn.discordapp.com'], ['X', x, 'pbs.twimg.com']] as const) {
    assert.equal(avatar.kind, 'image', `${name} shows its picture`);
    const src = /\ssrc="([^"]+)"/.exec(avatar.tag)?.[1] ?? '';
    assert.equal(new URL(src.replace(/&amp;/g, '&')).host, host, `${name} picture from ${host}`);
    assert.match(avatar.tag, /\salt=""/, 'decorative: the name is next to it');
    assert.match(avatar.tag, /\sreferrerPolicy="no-referrer"/i);
  }

  // The Sandbox sends no picture; an http picture is dropped before it reaches the window.
  const sandbox = avatarOf(profileHtml(parseUserinfo({ sub: 'ada', name: 'Ada', email: 'ada@sandbox.oauthdesk.test' }, 'Sandbox')));
  assert.deepEqual(sandbox.kind === 'initials' ? [sandbox.text, /aria-hidden="true"/.test(sandbox.tag)] : null, ['A', true]);
  const insecure = avatarOf(profileHtml(parseUserinfo({ sub: 'g', name: 'Grace Hopper', picture: 'http://example.com/g.png' }, 'Custom')));
  assert.deepEqual(insecure.kind === 'initials' ? insecure.text : null, 'GH');
  // A picture the page's policy would refuse is never put in an <img> (S26: img-src 'self' data: https:).
  const forged = avatarOf(profileHtml({ ...parseUserinfo({ sub: 'e', name: 'Eve' }, 'Custom'), pictureUrl: 'javascript:alert(1)' }));
  assert.equal(forged.kind, 'initials');
});

test('a failed sign-in is spoken in the polite live region with its reason, and again after the next failed attempt', () => {
  const denied = { code: 'access_denied', message: 'The sign-in was cancelled at Sandbox.', hint: 'Connect again.' };
  const said: string[] = [];
  let baseline = statusChanges(new Map(), withSignInFailures(statusSnapshot([providerView()], 0), [providerView()])).baseline;
  const step = (providers: ReturnType<typeof providerView>[]): void => {
    const { changes, baseline: next } = statusChanges(baseline, withSignInFailures(statusSnapshot(providers, 0), providers));
    baseline = next;
    if (changes.length > 0) said.push(joinSentences(changes));
  };
  step([providerView({ pending })]);
  step([providerView({ lastError: denied })]);
  step([providerView({ lastError: denied, pending })]);
  step([providerView({ lastError: denied })]);
  step([providerView({ connections: [connectionView()] })]);
  assert.deepEqual(said, [
    'Sandbox: Waiting for browser…',
    'Sandbox: The sign-in did not complete. The sign-in was cancelled at Sandbox.',
    'Sandbox: Waiting for browser…',
    'Sandbox: The sign-in did not complete. The sign-in was cancelled at Sandbox.',
    'Sandbox: Connected.',
  ]);

  // With connections, a failed "Add another account" is said next to the connection's own state.
  const withConnection = [providerView({ connections: [connectionView()], lastError: denied })];
  assert.deepEqual([...withSignInFailures(statusSnapshot(withConnection, 0), withConnection).values()], [
    'Sandbox: Connected',
    'Sandbox: The sign-in did not complete. The sign-in was cancelled at Sandbox.',
  ]);
});
