import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { MAX_REBUILD_DELAY_MS, createTrayController, escapeMenuLabel, trayIconPath } from '../../electron/main/tray.ts';
import type { TrayActions, TrayMenuTemplateItem } from '../../electron/main/tray.ts';
import type { TrayMenuFormat } from '../../electron/core/tray/tray-menu.ts';
import { TokenEndpointError } from '../../electron/core/errors.ts';
import type { ConnectionView, ProviderView, RefreshAllResult } from '../../electron/shared/view-types.ts';
import { FakeEmitter, recordingLogger } from './fakes.ts';
import { connectionView, providerView } from '../helpers/views.ts';

const MIN = 60_000;
const NOW = 1_700_000_000_000;
const ROOT = path.resolve(import.meta.dirname, '../..');

class FakeTray extends FakeEmitter {
  tooltip: string | null = null;
  menu: TrayMenuTemplateItem[] | null = null;
  menus = 0;
  destroyed = 0;
  setToolTip(text: string): void {
    this.tooltip = text;
  }
  setContextMenu(menu: TrayMenuTemplateItem[] | null): void {
    this.menus += 1;
    this.menu = menu;
  }
  destroy(): void {
    this.destroyed += 1;
  }
}

class FakeTimers {
  now = NOW;
  next = 1;
  readonly pending = new Map<number, { at: number; callback: () => void }>();
  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.next++;
    this.pending.set(id, { at: this.now + ms, callback });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }
  /** Moves the clock and runs the timers that are due, in order. */
  advance(ms: number): void {
    const until = this.now + ms;
    for (;;) {
      const due = [...this.pending.entries()].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
      if (due === undefined) break;
      this.pending.delete(due[0]);
      this.now = due[1].at;
      due[1].callback();
    }
    this.now = until;
  }
}

const format: TrayMenuFormat = { formatTime: (at) => `@${(at - NOW) / MIN}` };

function connection(over: Partial<ConnectionView> & { id: string }): ConnectionView {
  return connectionView({ connectedAt: NOW - MIN, tokensUpdatedAt: NOW - MIN, expiresAt: NOW + 60 * MIN, grantedScopes: [], requestedScopes: [], ...over });
}

function providers(...connections: ConnectionView[]): ProviderView[] {
  return [providerView({ connections })];
}

interface Setup {
  initial?: readonly ProviderView[] | Promise<readonly ProviderView[]>;
  actions?: Partial<TrayActions>;
  openOnClick?: boolean;
}

function setup(opts: Setup = {}) {
  const tray = new FakeTray();
  const timers = new FakeTimers();
  const logger = recordingLogger();
  const calls: string[] = [];
  let listener: ((p: readonly ProviderView[]) => void) | null = null;
  let unsubscribed = 0;
  const actions: TrayActions = {
    refreshConnection: async (id) => void calls.push(`refresh:${id}`),
    refreshAll: async () => {
      calls.push('refresh-all');
      return { refreshed: 1, failed: [] };
    },
    open: (id) => void calls.push(`open:${id ?? ''}`),
    quit: () => void calls.push('quit'),
    ...opts.actions,
  };
  const controller = createTrayController<TrayMenuTemplateItem[]>({
    createTray: () => tray,
    buildMenu: (template) => template,
    listProviders: () => Promise.resolve(opts.initial ?? []),
    subscribe: (l) => {
      listener = l;
      return () => void (unsubscribed += 1);
    },
    actions,
    format,
    openOnClick: opts.openOnClick ?? false,
    clock: { now: () => timers.now },
    timers,
    logger,
  });
  return {
    tray,
    timers,
    logger,
    calls,
    controller,
    push: (p: readonly ProviderView[]) => listener?.(p),
    unsubscribed: () => unsubscribed,
  };
}

const tick = () => new Promise((r) => setImmediate(r));
const labels = (menu: TrayMenuTemplateItem[] | null) => (menu ?? []).map((i) => (i.type === 'separator' ? '---' : `${i.label}${i.enabled === false ? ' (off)' : ''}`));
const click = (tray: FakeTray, label: string) => {
  const item = (tray.menu ?? []).find((i) => i.label === label);
  assert.ok(item?.click, `no clickable "${label}" in ${JSON.stringify(labels(tray.menu))}`);
  item.click();
};

test('renders a menu at once, then the listed connections: info lines disabled, separators, tooltip', async () => {
  const t = setup({ initial: providers(connection({ id: 'c1', accountLabel: 'ada', expiresAt: NOW + 5 * MIN })) });
  assert.deepEqual(labels(t.tray.menu), ['No connections (off)', '---', 'Refresh all (off)', '---', 'Open OAuth Desk', 'Quit']);
  await tick();
  assert.deepEqual(labels(t.tray.menu), ['Sandbox (ada) — Connected, expires @5 (off)', '---', 'Refresh all', 'Refresh ada', '---', 'Open OAuth Desk', 'Quit']);
  assert.equal(t.tray.tooltip, 'OAuth Desk — next expiry: Sandbox (ada) at @5');
  const info = t.tray.menu?.[0];
  assert.equal(info?.click, undefined, 'an info line does nothing');
  assert.deepEqual(t.tray.menu?.[1], { type: 'separator' });
});

test('rebuilds on every providers change; an identical push does not rebuild', async () => {
  const t = setup();
  await tick();
  const before = t.tray.menus;
  t.push(providers(connection({ id: 'c1', reauthorizationReason: { code: 'refresh_token_revoked', message: 'm', hint: 'h' } })));
  assert.equal(t.tray.menus, before + 1);
  assert.ok(labels(t.tray.menu).includes('Re-authorize c1…'));
  assert.equal(t.tray.tooltip, 'OAuth Desk — 1 needs re-authorization');
  t.push(providers(connection({ id: 'c1', reauthorizationReason: { code: 'refresh_token_revoked', message: 'm', hint: 'h' } })));
  assert.equal(t.tray.menus, before + 1);
});

test('a push that arrives before the initial list wins over it', async () => {
  let resolve: (p: readonly ProviderView[]) => void = () => {};
  const t = setup({ initial: new Promise((r) => (resolve = r)) });
  t.push(providers(connection({ id: 'new' })));
  resolve(providers(connection({ id: 'stale' })));
  await tick();
  assert.ok(labels(t.tray.menu).includes('Refresh new'));
  assert.ok(!labels(t.tray.menu).includes('Refresh stale'));
});

test('clicks run the actions: refresh one, refresh all, re-authorize opens the card, open, quit', async () => {
  const t = setup({
    initial: providers(connection({ id: 'c1' }), connection({ id: 'c2', reauthorizationReason: { code: 'x', message: 'm', hint: 'h' } })),
  });
  await tick();
  click(t.tray, 'Refresh c1');
  click(t.tray, 'Refresh all');
  click(t.tray, 'Re-authorize c2…');
  click(t.tray, 'Open OAuth Desk');
  click(t.tray, 'Quit');
  assert.deepEqual(t.calls, ['refresh:c1', 'refresh-all', 'open:c2', 'open:', 'quit']);
});

test('clicking the icon opens the window only when asked to (not on macOS, where it shows the menu)', () => {
  const on = setup({ openOnClick: true });
  on.tray.emit('click');
  assert.deepEqual(on.calls, ['open:']);
  const off = setup({ openOnClick: false });
  assert.equal(off.tray.count('click'), 0);
});

test('failures are logged by code only and never escape a click handler', async () => {
  const secretish = 'ada@example.com the server said something long';
  const t = setup({
    initial: providers(connection({ id: 'c1' })),
    actions: {
      refreshConnection: async () => {
        throw new TokenEndpointError('refresh_failed', secretish, { hint: 'h' });
      },
      refreshAll: async (): Promise<RefreshAllResult> => ({
        refreshed: 0,
        failed: [{ connectionId: 'c1', accountLabel: 'ada@example.com', error: { code: 'network_error', message: secretish, hint: 'h' } }],
      }),
      open: () => {
        throw new Error('window gone');
      },
      quit: () => {
        throw new Error('already quitting');
      },
    },
  });
  await tick();
  assert.doesNotThrow(() => click(t.tray, 'Refresh c1'));
  assert.doesNotThrow(() => click(t.tray, 'Refresh all'));
  assert.doesNotThrow(() => click(t.tray, 'Open OAuth Desk'));
  assert.doesNotThrow(() => click(t.tray, 'Quit'));
  await tick();
  const warnings = t.logger.entries.filter((e) => e.message === 'tray action failed').map((e) => e.fields);
  // open and quit fail synchronously; the refreshes when their promises settle.
  assert.deepEqual(warnings, [
    { action: 'open', code: 'unexpected' },
    { action: 'quit', code: 'unexpected' },
    { action: 'refresh', code: 'refresh_failed' },
    { action: 'refresh-all', code: 'network_error' },
  ]);
  assert.doesNotMatch(JSON.stringify(t.logger.entries), /ada@example\.com|server said/);
});

test('the menu is rebuilt when a token expires, with no push (clock-driven)', async () => {
  const t = setup({ initial: providers(connection({ id: 'c1', expiresAt: NOW + 2 * MIN })) });
  await tick();
  assert.equal(t.tray.menu?.[0]?.label, 'Sandbox (c1) — Connected, expires @2');
  t.timers.advance(2 * MIN - 1);
  assert.equal(t.tray.menu?.[0]?.label, 'Sandbox (c1) — Connected, expires @2');
  t.timers.advance(1);
  assert.equal(t.tray.menu?.[0]?.label, 'Sandbox (c1) — Expired at @2');
  assert.equal(t.tray.tooltip, 'OAuth Desk — 1 expired');
  assert.equal(t.timers.pending.size, 0, 'nothing else to wait for');
});

test('one timer at a time, capped at an hour; dispose stops it, unsubscribes and removes the icon', async () => {
  const t = setup({ initial: providers(connection({ id: 'c1', expiresAt: NOW + 5 * 60 * MIN })) });
  await tick();
  t.push(providers(connection({ id: 'c1', expiresAt: NOW + 6 * 60 * MIN })));
  t.push(providers(connection({ id: 'c1', expiresAt: NOW + 7 * 60 * MIN })));
  assert.equal(t.timers.pending.size, 1);
  const only = [...t.timers.pending.values()][0];
  assert.equal(only?.at, NOW + MAX_REBUILD_DELAY_MS);
  t.controller.dispose();
  t.controller.dispose();
  assert.equal(t.timers.pending.size, 0);
  assert.equal(t.unsubscribed(), 1);
  assert.equal(t.tray.destroyed, 1);
  const menus = t.tray.menus;
  t.push(providers());
  t.controller.render();
  assert.equal(t.tray.menus, menus, 'nothing renders after dispose');
});

test('a failing tray update is logged, not thrown', async () => {
  const t = setup();
  t.tray.setContextMenu = () => {
    throw new Error('tray gone');
  };
  assert.doesNotThrow(() => t.push(providers(connection({ id: 'c1' }))));
  assert.ok(t.logger.entries.some((e) => e.level === 'error' && e.message === 'could not update the tray menu'));
});

test('ampersands in names are shown, not taken as mnemonics', async () => {
  assert.equal(escapeMenuLabel('R&D & Co'), 'R&&D && Co');
  const t = setup({ initial: providers(connection({ id: 'c1', accountLabel: 'R&D' })) });
  await tick();
  assert.ok(labels(t.tray.menu).includes('Refresh R&&D'));
});

test('the tray icon ships with the app: packaged and development paths, and electron-builder copies it', () => {
  assert.equal(
    trayIconPath({ isPackaged: true, resourcesPath: '/opt/OAuth Desk/resources', appPath: '/opt/OAuth Desk/resources/app.asar' }),
    path.join('/opt/OAuth Desk/resources', 'tray', 'tray-icon.png'),
  );
  const dev = trayIconPath({ isPackaged: false, resourcesPath: '/x', appPath: ROOT });
  for (const [file, size] of [
    [dev, 16],
    [dev.replace(/\.png$/, '@2x.png'), 32],
  ] as const) {
    const png = readFileSync(file);
    assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG', `${file} is a PNG`);
    assert.equal(png.readUInt32BE(16), size, 'width');
    assert.equal(png.readUInt32BE(20), size, 'height');
  }
  const builder = readFileSync(path.join(ROOT, 'electron-builder.yml'), 'utf8');
  assert.match(builder, /^extraResources:\s*\n\s*-\s*from:\s*resources\/tray\s*\n\s*to:\s*tray\s*$/m);
});
