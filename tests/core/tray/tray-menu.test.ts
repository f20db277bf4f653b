/** The tray menu model: a pure function of the provider views and the clock. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  LABEL_MAX_LENGTH,
  TOOLTIP_MAX_LENGTH,
  buildTrayMenu,
  cleanLabel,
  createClockTimeFormatter,
} from '../../../electron/core/tray/tray-menu.ts';
import type { TrayMenuFormat, TrayMenuItem, TrayMenuModel } from '../../../electron/core/tray/tray-menu.ts';
import { EXPIRING_SOON_MS } from '../../../electron/shared/connection-state.ts';
import type { ConnectionView, ProviderView } from '../../../electron/shared/view-types.ts';
import { connectionView, providerView } from '../../helpers/views.ts';

const MIN = 60_000;
const NOW = 1_000_000_000_000;

/** Deterministic: minutes relative to NOW, e.g. "T+5m". */
const format: TrayMenuFormat = { formatTime: (at, now) => `T${at >= now ? '+' : '-'}${Math.abs(at - now) / MIN}m` };

function connection(over: Partial<ConnectionView> & { id: string }): ConnectionView {
  return connectionView({ connectedAt: NOW - 60 * MIN, tokensUpdatedAt: NOW - MIN, expiresAt: NOW + 60 * MIN, ...over });
}

function provider(id: string, displayName: string, connections: ConnectionView[]): ProviderView {
  return providerView({ id, displayName, connections: connections.map((c) => ({ ...c, providerId: id })) });
}

const REVOKED = { code: 'refresh_token_revoked', message: 'The provider refused the refresh token.', hint: 'Re-authorize.' };

const infos = (m: TrayMenuModel) => m.items.filter((i): i is Extract<TrayMenuItem, { kind: 'info' }> => i.kind === 'info').map((i) => i.label);
const actions = (m: TrayMenuModel) => m.items.filter((i): i is Extract<TrayMenuItem, { kind: 'action' }> => i.kind === 'action');
const action = (m: TrayMenuModel, label: string) => {
  const found = actions(m).find((i) => i.label === label);
  assert.ok(found, `no action "${label}" in ${JSON.stringify(actions(m).map((a) => a.label))}`);
  return found;
};
const shape = (m: TrayMenuModel) => m.items.map((i) => (i.kind === 'separator' ? '---' : i.kind === 'info' ? `i:${i.label}` : `a:${i.label}${i.enabled ? '' : ' (disabled)'}`));

test('no connections: a "No connections" line, Refresh all disabled, Open and Quit, tooltip says so', () => {
  const m = buildTrayMenu([provider('sandbox', 'Sandbox', [])], NOW, format);
  assert.deepEqual(shape(m), ['i:No connections', '---', 'a:Refresh all (disabled)', '---', 'a:Open OAuth Desk', 'a:Quit']);
  assert.equal(m.tooltip, 'OAuth Desk — no connections');
  assert.equal(m.nextChangeAt, null);
  assert.deepEqual(action(m, 'Open OAuth Desk').action, { type: 'open', connectionId: null });
  assert.deepEqual(action(m, 'Quit').action, { type: 'quit' });
  assert.deepEqual(buildTrayMenu([], NOW, format).tooltip, 'OAuth Desk — no connections');
});

test('a connected account: info line with state and absolute expiry, Refresh items, tooltip names the expiry', () => {
  const m = buildTrayMenu([provider('sandbox', 'Sandbox', [connection({ id: 'c1', accountLabel: 'ada@example.com', expiresAt: NOW + 2 * MIN })])], NOW, format);
  assert.deepEqual(shape(m), [
    'i:Sandbox (ada@example.com) — Connected, expires T+2m',
    '---',
    'a:Refresh all',
    'a:Refresh ada@example.com',
    '---',
    'a:Open OAuth Desk',
    'a:Quit',
  ]);
  assert.deepEqual(action(m, 'Refresh ada@example.com').action, { type: 'refresh', connectionId: 'c1' });
  assert.deepEqual(action(m, 'Refresh all').action, { type: 'refresh-all' });
  assert.equal(m.tooltip, 'OAuth Desk — next expiry: Sandbox (ada@example.com) at T+2m');
  assert.equal(m.nextChangeAt, NOW + 2 * MIN, 'rebuilt when the token expires');
});

test('the expiry is a clock time from the formatter, not a countdown: the same model a minute later', () => {
  const providers = [provider('sandbox', 'Sandbox', [connection({ id: 'c1', expiresAt: NOW + 30 * MIN })])];
  const clock: TrayMenuFormat = { formatTime: (at) => new Date(at).toISOString().slice(11, 16) };
  const a = buildTrayMenu(providers, NOW, clock);
  const b = buildTrayMenu(providers, NOW + MIN, clock);
  assert.deepEqual(a.items, b.items);
  assert.match(infos(a)[0] ?? '', /expires \d\d:\d\d$/);
});

test('needs re-authorization: no Refresh item, a Re-authorize… item that opens its card, tooltip takes priority', () => {
  const m = buildTrayMenu(
    [
      provider('sandbox', 'Sandbox', [
        connection({ id: 'c1', accountLabel: 'ada', reauthorizationReason: REVOKED, expiresAt: NOW - 5 * MIN }),
        connection({ id: 'c2', accountLabel: 'bob', expiresAt: NOW + 3 * MIN }),
      ]),
    ],
    NOW,
    format,
  );
  assert.deepEqual(shape(m), [
    'i:Sandbox (ada) — Needs re-authorization, expired T-5m',
    'i:Sandbox (bob) — Connected, expires T+3m',
    '---',
    'a:Refresh all',
    'a:Re-authorize ada…',
    'a:Refresh bob',
    '---',
    'a:Open OAuth Desk',
    'a:Quit',
  ]);
  assert.deepEqual(action(m, 'Re-authorize ada…').action, { type: 'open', connectionId: 'c1' });
  assert.equal(m.tooltip, 'OAuth Desk — 1 needs re-authorization');

  const two = buildTrayMenu(
    [provider('sandbox', 'Sandbox', [connection({ id: 'c1', reauthorizationReason: REVOKED }), connection({ id: 'c2', reauthorizationReason: REVOKED })])],
    NOW,
    format,
  );
  assert.equal(two.tooltip, 'OAuth Desk — 2 need re-authorization');
  assert.equal(action(two, 'Refresh all').enabled, false, 'nothing refreshable');
  assert.deepEqual(actions(two).map((a) => a.label), ['Refresh all', 'Re-authorize c1…', 'Re-authorize c2…', 'Open OAuth Desk', 'Quit']);
});

test('refreshing: state line says so and its Refresh item is disabled; Refresh all disabled when every refreshable one is running', () => {
  const m = buildTrayMenu([provider('sandbox', 'Sandbox', [connection({ id: 'c1', refreshing: true, expiresAt: NOW + MIN })])], NOW, format);
  assert.deepEqual(infos(m), ['Sandbox (c1) — Refreshing…, expires T+1m']);
  assert.equal(action(m, 'Refresh c1').enabled, false);
  assert.equal(action(m, 'Refresh all').enabled, false);

  const mixed = buildTrayMenu(
    [provider('sandbox', 'Sandbox', [connection({ id: 'c1', refreshing: true }), connection({ id: 'c2' })])],
    NOW,
    format,
  );
  assert.equal(action(mixed, 'Refresh all').enabled, true);
  assert.equal(action(mixed, 'Refresh c2').enabled, true);
});

test('expired with a refresh token: "Expired at <time>", still refreshable; the tooltip ignores past expiries', () => {
  const m = buildTrayMenu([provider('sandbox', 'Sandbox', [connection({ id: 'c1', expiresAt: NOW - 10 * MIN })])], NOW, format);
  assert.deepEqual(infos(m), ['Sandbox (c1) — Expired at T-10m']);
  assert.equal(action(m, 'Refresh c1').enabled, true);
  assert.equal(m.tooltip, 'OAuth Desk — 1 expired');
  assert.equal(m.nextChangeAt, null);
});

test('no refresh token, expiring soon: no Refresh item, Re-authorize… instead, Refresh all disabled; rebuilt when it starts expiring soon', () => {
  const soon = buildTrayMenu([provider('sandbox', 'Sandbox', [connection({ id: 'c1', hasRefreshToken: false, expiresAt: NOW + 4 * MIN })])], NOW, format);
  assert.deepEqual(shape(soon), [
    'i:Sandbox (c1) — Expiring soon, expires T+4m',
    '---',
    'a:Refresh all (disabled)',
    'a:Re-authorize c1…',
    '---',
    'a:Open OAuth Desk',
    'a:Quit',
  ]);
  assert.equal(soon.tooltip, 'OAuth Desk — next expiry: Sandbox (c1) at T+4m');
  assert.equal(soon.nextChangeAt, NOW + 4 * MIN);

  const later = buildTrayMenu([provider('sandbox', 'Sandbox', [connection({ id: 'c1', hasRefreshToken: false, expiresAt: NOW + 25 * MIN })])], NOW, format);
  assert.deepEqual(infos(later), ['Sandbox (c1) — Connected, expires T+25m']);
  assert.deepEqual(actions(later).map((a) => a.label), ['Refresh all', 'Open OAuth Desk', 'Quit'], 'nothing to do for it yet');
  assert.equal(later.nextChangeAt, NOW + 25 * MIN - EXPIRING_SOON_MS, 'the moment it turns "expiring soon"');
  const atThatMoment = buildTrayMenu([provider('sandbox', 'Sandbox', [connection({ id: 'c1', hasRefreshToken: false, expiresAt: NOW + 25 * MIN })])], later.nextChangeAt ?? 0, format);
  assert.match(infos(atThatMoment)[0] ?? '', /Expiring soon/);
});

test('no refresh token and the token is gone, even with an old refresh error on record: Re-authorize… is offered (the shared needsSignIn rule)', () => {
  const m = buildTrayMenu(
    [
      provider('sandbox', 'Sandbox', [
        connection({
          id: 'c1',
          hasRefreshToken: false,
          expiresAt: NOW - MIN,
          lastRefresh: { at: NOW - 2 * MIN, error: { code: 'network_error', message: 'offline', hint: 'retry' } },
        }),
      ]),
    ],
    NOW,
    format,
  );
  assert.deepEqual(actions(m).map((a) => a.label), ['Refresh all', 'Re-authorize c1…', 'Open OAuth Desk', 'Quit']);
  assert.deepEqual(action(m, 'Re-authorize c1…').action, { type: 'open', connectionId: 'c1' });
});

test('a failed refresh shows the error state and keeps Refresh available; no expiry given: no time at all', () => {
  const m = buildTrayMenu(
    [
      provider('sandbox', 'Sandbox', [
        connection({ id: 'c1', lastRefresh: { at: NOW - MIN, error: { code: 'network_error', message: 'offline', hint: 'retry' } } }),
        connection({ id: 'c2', expiresAt: null }),
      ]),
    ],
    NOW,
    format,
  );
  assert.deepEqual(infos(m), ['Sandbox (c1) — Error, expires T+60m', 'Sandbox (c2) — Connected']);
  assert.equal(action(m, 'Refresh c1').enabled, true);
  const none = buildTrayMenu([provider('sandbox', 'Sandbox', [connection({ id: 'c2', expiresAt: null })])], NOW, format);
  assert.equal(none.tooltip, 'OAuth Desk — 1 connection');
  assert.equal(none.nextChangeAt, null);
});

test('several providers: lines in order, tooltip picks the nearest future expiry, duplicate account names name the provider', () => {
  const m = buildTrayMenu(
    [
      provider('sandbox', 'Sandbox', [
        connection({ id: 's1', accountLabel: 'ada@example.com', expiresAt: NOW + 30 * MIN }),
        connection({ id: 's2', accountLabel: 'old@example.com', expiresAt: NOW - MIN }),
      ]),
      provider('google', 'Google', [
        connection({ id: 'g1', accountLabel: 'ada@example.com', expiresAt: NOW + 7 * MIN }),
        connection({ id: 'g2', accountLabel: 'cy@example.com', expiresAt: NOW + 9 * MIN }),
      ]),
    ],
    NOW,
    format,
  );
  assert.deepEqual(infos(m), [
    'Sandbox (ada@example.com) — Connected, expires T+30m',
    'Sandbox (old@example.com) — Expired at T-1m',
    'Google (ada@example.com) — Connected, expires T+7m',
    'Google (cy@example.com) — Connected, expires T+9m',
  ]);
  assert.equal(m.tooltip, 'OAuth Desk — next expiry: Google (ada@example.com) at T+7m', 'the past expiry of old@ is ignored');
  assert.deepEqual(
    actions(m).map((a) => [a.label, a.action]),
    [
      ['Refresh all', { type: 'refresh-all' }],
      ['Refresh ada@example.com (Sandbox)', { type: 'refresh', connectionId: 's1' }],
      ['Refresh old@example.com', { type: 'refresh', connectionId: 's2' }],
      ['Refresh ada@example.com (Google)', { type: 'refresh', connectionId: 'g1' }],
      ['Refresh cy@example.com', { type: 'refresh', connectionId: 'g2' }],
      ['Open OAuth Desk', { type: 'open', connectionId: null }],
      ['Quit', { type: 'quit' }],
    ],
  );
  assert.equal(m.nextChangeAt, NOW + 7 * MIN);
});

test('labels: control characters removed, long names cut; the tooltip stays within the Windows limit', () => {
  assert.equal(cleanLabel('ada\nmallory\t x'), 'ada mallory x');
  const long = 'a'.repeat(200) + '@example.com';
  assert.equal([...cleanLabel(long)].length, LABEL_MAX_LENGTH);
  assert.ok(cleanLabel(long).endsWith('…'));
  const m = buildTrayMenu(
    [provider('p'.repeat(40), 'Provider '.repeat(20), [connection({ id: 'c1', accountLabel: long + '\r\nInjected line' })])],
    NOW,
    format,
  );
  for (const item of m.items) if (item.kind !== 'separator') assert.doesNotMatch(item.label, /[\r\n]/);
  assert.ok([...m.tooltip].length <= TOOLTIP_MAX_LENGTH, `tooltip of ${[...m.tooltip].length} characters`);
  const blank = buildTrayMenu([provider('sandbox', ' ', [connection({ id: 'c1', accountLabel: '\n' })])], NOW, format);
  assert.deepEqual(infos(blank), ['sandbox (unnamed account) — Connected, expires T+60m']);
});

test('the model is plain data: JSON round-trips, and holds nothing the views did not give it', () => {
  const m = buildTrayMenu([provider('sandbox', 'Sandbox', [connection({ id: 'c1' })])], NOW, format);
  assert.deepEqual(JSON.parse(JSON.stringify(m)), m);
});

test('the default formatter: time today, weekday within a week, date beyond (locale and time zone fixed)', () => {
  const f = createClockTimeFormatter({ locale: 'en-GB', timeZone: 'UTC' });
  const now = Date.UTC(2025, 2, 11, 9, 0); // Tuesday 11 March 2025, 09:00 UTC
  assert.equal(f.formatTime(Date.UTC(2025, 2, 11, 14, 32), now), '14:32');
  assert.equal(f.formatTime(Date.UTC(2025, 2, 12, 0, 5), now), 'Wed 00:05');
  assert.equal(f.formatTime(Date.UTC(2025, 2, 10, 23, 59), now), 'Mon 23:59');
  assert.equal(f.formatTime(Date.UTC(2025, 3, 2, 8, 0), now), '2 Apr 08:00');
  const us = createClockTimeFormatter({ locale: 'en-US', timeZone: 'America/New_York' });
  assert.match(us.formatTime(Date.UTC(2025, 2, 11, 18, 32), now), /^2:32\s?PM$/);
});
