import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KeyValueStore } from '../../electron/core/ports.ts';
import { createMainWindow } from '../../electron/main/main-window.ts';
import { APP_INDEX_URL } from '../../electron/main/app-protocol.ts';
import { MAIN_WINDOW_SIZE } from '../../electron/main/window-options.ts';
import type { SecureWindowOptions } from '../../electron/main/window-options.ts';
import { createWindowPresenter } from '../../electron/main/window-presenter.ts';
import { SAVE_DELAY_MS, WINDOW_STATE_KEY, createWindowStateKeeper, parseWindowState, placeWindow } from '../../electron/main/window-state.ts';
import type { DisplayLike, Rect } from '../../electron/main/window-state.ts';
import { fakeTime } from '../helpers/fake-timers.ts';
import { memoryStore } from '../helpers/memory-store.ts';
import { FakeStatefulWindow, recordingLogger } from './fakes.ts';

const LAPTOP: DisplayLike = { workArea: { x: 0, y: 0, width: 1920, height: 1040 } };
/** A second monitor to the right of the laptop. */
const MONITOR: DisplayLike = { workArea: { x: 1920, y: 0, width: 2560, height: 1400 } };
const LIMITS = { minWidth: MAIN_WINDOW_SIZE.minWidth, minHeight: MAIN_WINDOW_SIZE.minHeight };
const both = { displays: [LAPTOP, MONITOR], primary: LAPTOP };
const laptopOnly = { displays: [LAPTOP], primary: LAPTOP };

const saved = (bounds: Rect, maximized = false) => ({ bounds, maximized });

/** Wholly inside one of the displays' work areas. */
const insideSomeDisplay = (r: Rect, displays: readonly DisplayLike[]) =>
  displays.some(({ workArea: a }) => r.x >= a.x && r.y >= a.y && r.x + r.width <= a.x + a.width && r.y + r.height <= a.y + a.height);

function setup(options: { initial?: Record<string, unknown>; screen?: { displays: DisplayLike[]; primary: DisplayLike | null }; store?: KeyValueStore } = {}) {
  const time = fakeTime();
  const store = memoryStore(options.initial ?? {});
  let writes = 0;
  const counting: KeyValueStore = options.store ?? {
    get: (k) => store.get(k),
    set: (k, v) => {
      writes++;
      store.set(k, v);
    },
    delete: (k) => store.delete(k),
  };
  let screen = options.screen ?? both;
  const logger = recordingLogger();
  const keeper = createWindowStateKeeper({ store: counting, screen: () => screen, limits: LIMITS, timers: time.timers, logger });
  return {
    time,
    keeper,
    logger,
    stored: () => store.raw(WINDOW_STATE_KEY),
    writes: () => writes,
    setScreen: (s: typeof screen) => (screen = s),
    newWindow: () => keeper.manage(new FakeStatefulWindow({})),
  };
}

test('the stored record is checked against its schema; anything malformed counts as nothing saved', () => {
  const good = { bounds: { x: -1200, y: 40, width: 900, height: 700 }, maximized: true };
  assert.deepEqual(parseWindowState(good), good);
  const bad: unknown[] = [
    undefined,
    null,
    'x=1',
    42,
    [],
    { bounds: good.bounds },
    { bounds: good.bounds, maximized: 'yes' },
    { bounds: null, maximized: false },
    { bounds: [0, 0, 800, 600], maximized: false },
    { bounds: { ...good.bounds, x: '10' }, maximized: false },
    { bounds: { ...good.bounds, width: 0 }, maximized: false },
    { bounds: { ...good.bounds, height: -5 }, maximized: false },
    { bounds: { ...good.bounds, width: 800.5 }, maximized: false },
    { bounds: { ...good.bounds, x: Number.NaN }, maximized: false },
    { bounds: { ...good.bounds, y: Number.POSITIVE_INFINITY }, maximized: false },
    { bounds: { ...good.bounds, x: 1e12 }, maximized: false },
    { bounds: { ...good.bounds, height: 1e9 }, maximized: false },
  ];
  for (const raw of bad) assert.equal(parseWindowState(raw), null, JSON.stringify(raw) ?? 'undefined');
});

test('garbage in the store: the window keeps its default size, centred, and nothing breaks', () => {
  for (const initial of [{ [WINDOW_STATE_KEY]: 'garbage' }, { [WINDOW_STATE_KEY]: { bounds: { x: 1 }, maximized: false } }, {}]) {
    const t = setup({ initial });
    const win = t.newWindow();
    assert.deepEqual(win.setBoundsCalls, [], 'default placement');
    win.emit('ready-to-show');
    assert.equal(win.maximized, false);
    assert.deepEqual(t.logger.entries, []);
  }
  const logger = recordingLogger();
  const broken: KeyValueStore = {
    get: () => {
      throw new Error('unreadable');
    },
    set: () => {
      throw new Error('disk full');
    },
    delete: () => {},
  };
  const keeper = createWindowStateKeeper({ store: broken, screen: () => both, limits: LIMITS, timers: fakeTime().timers, logger });
  const win = keeper.manage(new FakeStatefulWindow({}));
  assert.deepEqual(win.setBoundsCalls, []);
  assert.doesNotThrow(() => win.close(), 'a store that cannot be written never stops the window from closing');
  assert.equal(win.destroyed, true);
  assert.deepEqual(
    logger.entries.map((e) => [e.level, e.message]),
    [
      ['warn', 'could not read the window position'],
      ['warn', 'could not save the window position'],
    ],
  );
});

test('a window saved on a display that is still there comes back exactly where it was', () => {
  for (const bounds of [
    { x: 100, y: 50, width: 1000, height: 700 },
    { x: 2100, y: 200, width: 1600, height: 1000 },
  ]) {
    assert.deepEqual(placeWindow(saved(bounds), both, LIMITS), { bounds, maximized: false });
  }
});

test('the second monitor was disconnected: the window saved there is recentred on the remaining display', () => {
  const onMonitor = saved({ x: 2400, y: 300, width: 1000, height: 700 });
  const placed = placeWindow(onMonitor, laptopOnly, LIMITS);
  assert.deepEqual(placed.bounds, { x: 460, y: 170, width: 1000, height: 700 });
  assert.ok(placed.bounds && insideSomeDisplay(placed.bounds, [LAPTOP]));

  // A big window from the big monitor is also shrunk to the laptop's work area.
  const big = placeWindow(saved({ x: 2000, y: 20, width: 2400, height: 1300 }, true), laptopOnly, LIMITS);
  assert.deepEqual(big, { bounds: { x: 0, y: 0, width: 1920, height: 1040 }, maximized: true });
});

test('bounds entirely off screen (also to the left of and above every display) are recentred on the primary display', () => {
  for (const bounds of [
    { x: 9000, y: 9000, width: 800, height: 600 },
    { x: -3000, y: 100, width: 800, height: 600 },
    { x: 100, y: -2000, width: 800, height: 600 },
  ]) {
    const placed = placeWindow(saved(bounds), both, LIMITS);
    assert.deepEqual(placed.bounds, { x: 560, y: 220, width: 800, height: 600 }, JSON.stringify(bounds));
  }
  // The primary display need not be the first one listed.
  const placed = placeWindow(saved({ x: -5000, y: 0, width: 800, height: 600 }), { displays: [LAPTOP, MONITOR], primary: MONITOR }, LIMITS);
  assert.deepEqual(placed.bounds, { x: 1920 + 880, y: 400, width: 800, height: 600 });
});

test('a window partly off screen is moved fully onto the display it overlaps most', () => {
  // Hanging off the bottom-left corner of the laptop.
  const placed = placeWindow(saved({ x: -300, y: 800, width: 1000, height: 700 }), laptopOnly, LIMITS);
  assert.deepEqual(placed.bounds, { x: 0, y: 340, width: 1000, height: 700 });
  // Straddling the two displays, mostly on the monitor.
  const straddling = placeWindow(saved({ x: 1700, y: 100, width: 1000, height: 700 }), both, LIMITS);
  assert.deepEqual(straddling.bounds, { x: 1920, y: 100, width: 1000, height: 700 });
  for (const p of [placed, straddling]) assert.ok(p.bounds && insideSomeDisplay(p.bounds, both.displays));
});

test('the restored size respects the window minimum, even on a display smaller than it', () => {
  const tiny = placeWindow(saved({ x: 10, y: 10, width: 200, height: 100 }), laptopOnly, LIMITS);
  assert.deepEqual(tiny.bounds, { x: 10, y: 10, width: 640, height: 480 });
  const small: DisplayLike = { workArea: { x: 0, y: 0, width: 600, height: 400 } };
  const onSmall = placeWindow(saved({ x: 50, y: 50, width: 900, height: 700 }), { displays: [small], primary: small }, LIMITS);
  assert.deepEqual(onSmall.bounds, { x: 0, y: 0, width: 640, height: 480 }, 'top-left corner visible, title bar reachable');
  assert.deepEqual(placeWindow(saved({ x: 10, y: 10, width: 900, height: 700 }), { displays: [], primary: null }, LIMITS), { bounds: null, maximized: false });
  assert.deepEqual(placeWindow(null, both, LIMITS), { bounds: null, maximized: false });
});

test('moves and resizes are saved once the window has been still for a moment (debounced)', async () => {
  const t = setup();
  const win = t.newWindow();
  win.userMoves({ x: 10, y: 10, width: 900, height: 700 });
  await t.time.advance(SAVE_DELAY_MS - 1);
  win.userMoves({ x: 20, y: 30, width: 900, height: 700 });
  await t.time.advance(SAVE_DELAY_MS - 1);
  win.userMoves({ x: 40, y: 50, width: 1000, height: 720 });
  assert.equal(t.writes(), 0, 'nothing written while the window keeps moving');
  assert.equal(t.time.pending().length, 1, 'one timer, restarted by each move');
  await t.time.advance(SAVE_DELAY_MS);
  assert.equal(t.writes(), 1);
  assert.deepEqual(t.stored(), { bounds: { x: 40, y: 50, width: 1000, height: 720 }, maximized: false });
  win.emit('move');
  await t.time.advance(SAVE_DELAY_MS);
  assert.equal(t.writes(), 1, 'an unchanged state is not written again');
});

test('closing the window saves at once, also when closing only hides it in the tray', async () => {
  const t = setup();
  const presenter = createWindowPresenter({
    createWindow: () => t.newWindow(),
    hideOnClose: () => true,
    isTrustedUrl: () => true,
  });
  const win = presenter.ensure();
  win.userMoves({ x: 300, y: 200, width: 1200, height: 800 });
  win.close();
  assert.equal(win.destroyed, false, 'hidden in the tray');
  assert.deepEqual(t.stored(), { bounds: { x: 300, y: 200, width: 1200, height: 800 }, maximized: false });
  assert.deepEqual(t.time.pending(), [], 'the pending save was done, not left for later');
  assert.equal(t.writes(), 1);
  win.destroy();
  t.keeper.save();
  win.emit('move');
  await t.time.advance(SAVE_DELAY_MS);
  assert.equal(t.writes(), 1, 'a destroyed window is not followed any more');
});

test('quitting saves the current state at once (keeper.save), without waiting for the delay', () => {
  const t = setup();
  const win = t.newWindow();
  win.userMoves({ x: 5, y: 6, width: 700, height: 500 });
  t.keeper.save();
  assert.deepEqual(t.stored(), { bounds: { x: 5, y: 6, width: 700, height: 500 }, maximized: false });
  assert.deepEqual(t.time.pending(), []);
});

test('maximized round trip: the normal bounds and the flag are saved; the next window is maximized before it is first shown', () => {
  const t = setup();
  const first = t.newWindow();
  first.userMoves({ x: 2000, y: 100, width: 1300, height: 900 });
  first.maximize();
  first.close();
  assert.deepEqual(t.stored(), { bounds: { x: 2000, y: 100, width: 1300, height: 900 }, maximized: true }, 'normal bounds, not the maximized ones');

  // The next start: the real main window factory, which shows the window on its first paint.
  const created: FakeStatefulWindow[] = [];
  const win = t.keeper.manage(
    createMainWindow({
      createWindow: (o: SecureWindowOptions) => {
        const w = new FakeStatefulWindow(o);
        created.push(w);
        return w;
      },
      preloadPath: '/app/out/preload/index.cjs',
      url: APP_INDEX_URL,
      trustedOrigins: ['app://oauth-desk'],
    }),
  );
  assert.equal(win, created[0]);
  assert.deepEqual(win.setBoundsCalls, [{ x: 2000, y: 100, width: 1300, height: 900 }], 'placed on its monitor while still hidden');
  assert.equal(win.maximized, false, 'not before the first paint');
  let shownWhenMaximized: number | null = null;
  win.on('maximize', () => (shownWhenMaximized = win.shown));
  win.emit('ready-to-show');
  assert.equal(win.maximized, true);
  assert.equal(win.visible, true);
  assert.equal(shownWhenMaximized, 0, 'maximized before it was shown: no flash of the normal size');

  win.unmaximize();
  win.close();
  assert.deepEqual(t.stored(), { bounds: { x: 2000, y: 100, width: 1300, height: 900 }, maximized: false });
});

test('a restored maximized window whose monitor is gone comes back maximized on the remaining display', () => {
  const t = setup({ initial: { [WINDOW_STATE_KEY]: saved({ x: 2000, y: 100, width: 1300, height: 900 }, true) }, screen: laptopOnly });
  const win = t.newWindow();
  assert.deepEqual(win.setBoundsCalls, [{ x: 310, y: 70, width: 1300, height: 900 }]);
  win.emit('ready-to-show');
  assert.equal(win.maximized, true);
});

test('only the newest window is followed: a window replaced by a new one no longer writes', async () => {
  const t = setup();
  const old = t.newWindow();
  const next = t.newWindow();
  old.userMoves({ x: 1, y: 1, width: 700, height: 500 });
  old.close();
  await t.time.advance(SAVE_DELAY_MS);
  assert.equal(t.writes(), 0);
  next.userMoves({ x: 2, y: 2, width: 800, height: 600 });
  await t.time.advance(SAVE_DELAY_MS);
  assert.deepEqual(t.stored(), { bounds: { x: 2, y: 2, width: 800, height: 600 }, maximized: false });
});
