import { test } from 'node:test';
import assert from 'node:assert/strict';
import { baselineHarden, focusWindow, installQuitHandlers } from '../../electron/main/lifecycle.ts';
import { FakeEmitter, FakeWebContents, FakeWindow, recordingLogger } from './fakes.ts';

class FakeApp extends FakeEmitter {
  quits = 0;
  quit(): void {
    this.quits += 1;
    const event = { prevented: false, preventDefault() {
      this.prevented = true;
    } };
    this.emit('before-quit', event);
    if (!event.prevented) this.emit('quit-for-real');
  }
}

const tick = () => new Promise((r) => setImmediate(r));

test('window-all-closed and before-quit close the desk once, then quit', async () => {
  const app = new FakeApp();
  let closes = 0;
  let release: () => void = () => {};
  let reallyQuit = 0;
  app.on('quit-for-real', () => void (reallyQuit += 1));
  const state = installQuitHandlers(app, {
    close: () => {
      closes += 1;
      return new Promise<void>((r) => (release = r));
    },
  });
  assert.equal(state.isQuitting(), false);
  app.emit('window-all-closed');
  assert.equal(state.isQuitting(), true, 'without a tray the last window quits');
  app.quit();
  await tick();
  assert.equal(closes, 1, 'desk.close() called once');
  assert.equal(reallyQuit, 0, 'held until the desk is closed');
  release();
  await tick();
  await tick();
  assert.equal(reallyQuit, 1);
  assert.equal(state.isQuitting(), true);
});

test('with the tray keeping the app, window-all-closed does not quit; before-quit marks the app as quitting', async (t) => {
  const app = new FakeApp();
  let trayAlive = true;
  let reallyQuit = 0;
  app.on('quit-for-real', () => void (reallyQuit += 1));
  const state = installQuitHandlers(app, { close: async () => {}, keepRunningWithoutWindows: () => trayAlive });
  app.emit('window-all-closed');
  assert.equal(app.quits, 0);
  assert.equal(state.isQuitting(), false);
  trayAlive = false;
  app.emit('window-all-closed');
  assert.equal(app.quits, 1, 'no tray any more: the last window quits');
  assert.equal(state.isQuitting(), true, 'set as soon as before-quit is seen, before the desk has closed');
  await tick();
  await tick();
  assert.equal(reallyQuit, 1);

  // Quit from the tray menu (or Cmd+Q) while desk.close() hangs: the shutdown timeout ends the wait.
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const app2 = new FakeApp();
  const logger = recordingLogger();
  let closes2 = 0;
  let reallyQuit2 = 0;
  app2.on('quit-for-real', () => void (reallyQuit2 += 1));
  const state2 = installQuitHandlers(app2, {
    close: () => {
      closes2 += 1;
      return new Promise<void>(() => {});
    },
    keepRunningWithoutWindows: () => true,
    timeoutMs: 20,
    logger,
  });
  app2.quit();
  assert.equal(state2.isQuitting(), true);
  app2.emit('window-all-closed');
  assert.equal(app2.quits, 2, 'while quitting, closing the last window does not hold the app');
  await tick();
  assert.equal(closes2, 1, 'the second quit does not start a second shutdown');
  t.mock.timers.tick(19);
  await tick();
  assert.equal(reallyQuit2, 0, 'held while desk.close() may still finish');
  assert.equal(logger.entries.length, 0, 'nothing logged yet');

  t.mock.timers.tick(1);
  await tick();
  await tick();
  assert.equal(reallyQuit2, 1, 'at the timeout the app quits anyway, once');
  assert.equal(app2.quits, 3, 'by calling app.quit() again, which is no longer held');
  assert.equal(closes2, 1);
  assert.deepEqual(
    logger.entries.map((e) => [e.level, e.message]),
    [['warn', 'shutdown took too long, quitting anyway']],
    'the timeout is logged',
  );
  assert.equal(state2.isQuitting(), true);
  app2.quit();
  assert.equal(reallyQuit2, 2, 'after the shutdown a quit is never held again');
  assert.equal(closes2, 1, 'and never closes the desk again');
});

test('a failing or hanging desk.close() still lets the app quit', async () => {
  const app = new FakeApp();
  let reallyQuit = 0;
  app.on('quit-for-real', () => void (reallyQuit += 1));
  installQuitHandlers(app, {
    close: async () => {
      throw new Error('boom');
    },
  });
  app.quit();
  await tick();
  await tick();
  assert.equal(reallyQuit, 1);

  const app2 = new FakeApp();
  let quit2 = 0;
  app2.on('quit-for-real', () => void (quit2 += 1));
  installQuitHandlers(app2, { close: () => new Promise<void>(() => {}), timeoutMs: 20 });
  app2.quit();
  await new Promise((r) => setTimeout(r, 60));
  assert.equal(quit2, 1);
});

test('a second instance focuses (and restores) the existing window', () => {
  const win = new FakeWindow({});
  win.minimized = true;
  focusWindow(win);
  assert.equal(win.restored, 1);
  assert.equal(win.shown, 1);
  assert.equal(win.focused, 1);
  focusWindow(null);
  win.destroyed = true;
  focusWindow(win);
  assert.equal(win.focused, 1);
});

test('S24 every WebContents starts with window.open denied and <webview> blocked', () => {
  const wc = new FakeWebContents();
  baselineHarden(wc);
  assert.deepEqual(wc.windowOpenHandler?.({ url: 'https://x.example/' }), { action: 'deny' });
  let prevented = false;
  wc.emit('will-attach-webview', { preventDefault: () => (prevented = true) });
  assert.equal(prevented, true);
});

test('quitting saves the window state first, once, while the window still exists; then the desk closes', async () => {
  const app = new FakeApp();
  const order: string[] = [];
  let reallyQuit = 0;
  app.on('quit-for-real', () => void (reallyQuit += 1));
  let release: () => void = () => {};
  installQuitHandlers(app, {
    onQuitStart: () => void order.push('save window'),
    close: () => {
      order.push('close desk');
      return new Promise<void>((r) => (release = r));
    },
  });
  app.quit();
  app.quit();
  assert.deepEqual(order, ['save window', 'close desk'], 'a second quit while closing does not save again');
  release();
  await tick();
  await tick();
  assert.equal(reallyQuit, 1);
  app.quit();
  assert.deepEqual(order, ['save window', 'close desk'], 'nor does the final quit');

  // A failing save is logged and never keeps the app from quitting or the desk from closing.
  const app2 = new FakeApp();
  const logger = recordingLogger();
  let closed = 0;
  let reallyQuit2 = 0;
  app2.on('quit-for-real', () => void (reallyQuit2 += 1));
  installQuitHandlers(app2, {
    onQuitStart: () => {
      throw new Error('disk full');
    },
    close: async () => void (closed += 1),
    logger,
  });
  app2.quit();
  await tick();
  await tick();
  assert.equal(closed, 1);
  assert.equal(reallyQuit2, 1);
  assert.deepEqual(logger.entries.map((e) => [e.level, e.message]), [['error', 'error while preparing to quit']]);
});
