import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MenuItemConstructorOptions } from 'electron';
import { REFRESH_ALL_ACCELERATOR, appMenuTemplate } from '../../electron/main/app-menu.ts';
import type { AppMenuInput } from '../../electron/main/app-menu.ts';
import type { RefreshAllResult } from '../../electron/shared/view-types.ts';
import { recordingLogger } from './fakes.ts';

const PLATFORMS = ['darwin', 'win32', 'linux'] as const;

function menu(overrides: Partial<AppMenuInput> = {}): MenuItemConstructorOptions[] {
  return appMenuTemplate({ platform: 'linux', appName: 'OAuth Desk', isPackaged: true, ...overrides });
}

/** The top-level menu titles without mnemonics. */
const titles = (items: MenuItemConstructorOptions[]) => items.map((i) => String(i.label).replace('&', ''));

function submenu(items: MenuItemConstructorOptions[], title: string): MenuItemConstructorOptions[] {
  const found = items.find((i) => String(i.label).replace('&', '') === title);
  assert.ok(found, `a ${title} menu`);
  assert.ok(Array.isArray(found.submenu), `${title} has items`);
  return found.submenu as MenuItemConstructorOptions[];
}

const roles = (items: MenuItemConstructorOptions[]) => items.filter((i) => i.role !== undefined).map((i) => i.role);

function allItems(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((i) => [i, ...(Array.isArray(i.submenu) ? allItems(i.submenu as MenuItemConstructorOptions[]) : [])]);
}

const result = (failedCodes: string[] = []): RefreshAllResult => ({
  refreshed: 1,
  failed: failedCodes.map((code, n) => ({ connectionId: `c${n}`, accountLabel: `person${n}@example.com`, error: { code, message: 'm', hint: 'h' } })),
});

const settle = () => new Promise((r) => setImmediate(r));

test('macOS: the app menu named after the app with about, services, hide, hide others, show all and quit', () => {
  const items = menu({ platform: 'darwin' });
  assert.deepEqual(titles(items), ['OAuth Desk', 'File', 'Edit', 'View', 'Window']);
  assert.deepEqual(roles(submenu(items, 'OAuth Desk')), ['about', 'services', 'hide', 'hideOthers', 'unhide', 'quit']);
  assert.deepEqual(roles(submenu(items, 'File')), ['close'], 'Quit lives in the app menu on macOS');
  assert.deepEqual(roles(submenu(items, 'Window')), ['minimize', 'zoom', 'front']);
  assert.equal(items.find((i) => i.label === 'Window')?.role, 'window', 'macOS adds the window list');
  assert.ok(items.every((i) => !String(i.label).includes('&')), 'no mnemonic markers on macOS');
});

test('Windows and Linux: no app menu; File closes the window and quits; About is in Help', () => {
  for (const platform of ['win32', 'linux'] as const) {
    const items = menu({ platform });
    assert.deepEqual(titles(items), ['File', 'Edit', 'View', 'Window', 'Help'], platform);
    assert.deepEqual(roles(submenu(items, 'File')), ['close', 'quit'], platform);
    assert.deepEqual(roles(submenu(items, 'Window')), ['minimize', 'close'], platform);
    assert.deepEqual(roles(submenu(items, 'Help')), ['about'], platform);
    assert.ok(items.every((i) => String(i.label).startsWith('&')), 'Alt+letter opens each menu');
  }
});

test('Quit is in the menu on every platform, exactly once', () => {
  for (const platform of PLATFORMS) {
    const quits = allItems(menu({ platform })).filter((i) => i.role === 'quit');
    assert.equal(quits.length, 1, platform);
  }
});

test('Edit has the clipboard roles on every platform, so copy and paste work in the inputs', () => {
  for (const platform of PLATFORMS) {
    const edit = roles(submenu(menu({ platform }), 'Edit'));
    for (const role of ['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll'] as const) assert.ok(edit.includes(role), `${platform}: ${role}`);
    assert.equal(edit.includes('pasteAndMatchStyle'), platform === 'darwin');
  }
});

test('a packaged app has no reload and no developer tools anywhere in its menu; development has both', () => {
  for (const platform of PLATFORMS) {
    const packaged = allItems(menu({ platform, isPackaged: true })).map((i) => i.role);
    for (const role of ['reload', 'forceReload', 'toggleDevTools'] as const) assert.equal(packaged.includes(role), false, `${platform}: ${role}`);
    assert.deepEqual(roles(submenu(menu({ platform, isPackaged: true }), 'View')), ['resetZoom', 'zoomIn', 'zoomOut', 'togglefullscreen']);
    assert.deepEqual(roles(submenu(menu({ platform, isPackaged: false }), 'View')), ['reload', 'toggleDevTools', 'resetZoom', 'zoomIn', 'zoomOut', 'togglefullscreen']);
  }
});

test('S12 no menu item opens a link: every clickable item is a role or Refresh all', () => {
  for (const platform of PLATFORMS) {
    const items = allItems(menu({ platform, isPackaged: false, actions: { refreshAll: async () => result() } }));
    const custom = items.filter((i) => i.role === undefined && i.type !== 'separator' && !Array.isArray(i.submenu));
    assert.deepEqual(custom.map((i) => i.label), ['Refresh all'], platform);
  }
});

test('Refresh all in the File menu refreshes every connection, with a shortcut that is not the developer reload', async () => {
  let calls = 0;
  const items = menu({ platform: 'win32', isPackaged: false, actions: { refreshAll: async () => (calls++, result()) } });
  const refresh = submenu(items, 'File').find((i) => i.label === 'Refresh all');
  assert.ok(refresh?.click, 'a Refresh all item');
  assert.equal(refresh.accelerator, REFRESH_ALL_ACCELERATOR);
  const accelerators = allItems(items).map((i) => i.accelerator).filter((a) => a !== undefined);
  assert.equal(new Set(accelerators).size, accelerators.length, 'no shortcut twice');
  assert.notEqual(REFRESH_ALL_ACCELERATOR, 'CmdOrCtrl+R');
  (refresh.click as () => void)();
  await settle();
  assert.equal(calls, 1);
  assert.equal(allItems(menu()).some((i) => i.label === 'Refresh all'), false, 'absent without actions');
});

test('a failing Refresh all is logged by its error codes only and never escapes the click', async () => {
  const logger = recordingLogger();
  const run = async (refreshAll: () => Promise<RefreshAllResult>) => {
    const item = submenu(menu({ actions: { refreshAll }, logger }), 'File').find((i) => i.label === 'Refresh all');
    (item?.click as () => void)();
    await settle();
  };
  await run(async () => result(['invalid_grant', 'network_error']));
  await run(async () => {
    throw Object.assign(new Error('down'), { code: 'storage_failed' });
  });
  await run(() => {
    throw new Error('sync failure');
  });
  assert.deepEqual(
    logger.entries.map((e) => [e.level, e.message, e.fields?.action]),
    Array.from({ length: 4 }, () => ['warn', 'menu action failed', 'refresh-all']),
  );
  assert.deepEqual(logger.entries.slice(0, 2).map((e) => e.fields?.code), ['invalid_grant', 'network_error']);
  assert.ok(!JSON.stringify(logger.entries).includes('example.com'), 'no account labels in the log');
});
