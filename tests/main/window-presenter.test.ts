import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createWindowPresenter } from '../../electron/main/window-presenter.ts';
import { createMainWindow } from '../../electron/main/main-window.ts';
import { APP_INDEX_URL } from '../../electron/main/app-protocol.ts';
import type { SecureWindowOptions } from '../../electron/main/window-options.ts';
import { FakeWindow, recordingLogger } from './fakes.ts';

const APP_URL = 'app://oauth-desk/index.html';

function setup(opts: { hideOnClose?: boolean } = {}) {
  const windows: FakeWindow[] = [];
  const logger = recordingLogger();
  let hideOnClose = opts.hideOnClose ?? true;
  const presenter = createWindowPresenter({
    createWindow: () => {
      const win = new FakeWindow({});
      win.loadURL(APP_URL);
      windows.push(win);
      return win;
    },
    hideOnClose: () => hideOnClose,
    isTrustedUrl: (url) => url.startsWith('app://oauth-desk/'),
    logger,
  });
  return { presenter, windows, logger, setHideOnClose: (v: boolean) => (hideOnClose = v) };
}

const focusEvents = (win: FakeWindow) => win.webContents.sent.filter((s) => s.channel === 'connections:focus').map((s) => s.args);

test('closing the window hides it while the tray keeps the app; it is not destroyed', () => {
  const { presenter, windows } = setup();
  const win = presenter.ensure();
  win.show();
  win.close();
  assert.equal(win.destroyed, false);
  assert.equal(win.hidden, 1);
  assert.equal(win.visible, false);
  assert.equal(presenter.current(), win);
  assert.equal(windows.length, 1);
});

test('when quitting (or without a tray) closing really closes, and the next show creates a new window', () => {
  const t = setup();
  const win = t.presenter.ensure();
  t.setHideOnClose(false);
  win.close();
  assert.equal(win.destroyed, true);
  assert.equal(win.hidden, 0);
  assert.equal(t.presenter.current(), null);
  t.presenter.show();
  assert.equal(t.windows.length, 2);
  assert.equal(t.presenter.current(), t.windows[1]);
});

test('a full-screen window leaves full screen before it is hidden (macOS black-screen pitfall)', () => {
  const { presenter } = setup();
  const win = presenter.ensure();
  win.fullScreen = true;
  win.close();
  assert.equal(win.fullScreen, false);
  assert.equal(win.hidden, 1);
  assert.equal(win.destroyed, false);
});

test('Windows session end: closing is no longer held', () => {
  const { presenter } = setup();
  const win = presenter.ensure();
  win.emit('session-end', {});
  win.close();
  assert.equal(win.destroyed, true);
});

test('show() brings a hidden or minimized window back and focuses it, without creating another', () => {
  const { presenter, windows } = setup();
  const win = presenter.ensure();
  win.close();
  win.minimized = true;
  presenter.show();
  assert.equal(windows.length, 1);
  assert.equal(win.restored, 1);
  assert.equal(win.visible, true);
  assert.equal(win.focused, 1);
  assert.equal(presenter.ensure(), win, 'ensure() reuses it');
});

test('show(id) on a loaded window sends connections:focus at once', () => {
  const { presenter } = setup();
  const win = presenter.ensure();
  win.webContents.finishLoad(APP_URL);
  win.close();
  presenter.show('conn-1');
  assert.equal(win.visible, true);
  assert.deepEqual(focusEvents(win), [[{ connectionId: 'conn-1' }]]);
});

test('show(id) with no window creates one and sends the focus only after its page finished loading (latest wins)', () => {
  const { presenter, windows } = setup();
  presenter.show('conn-1');
  const win = windows[0] as FakeWindow;
  assert.equal(win.shown, 0, 'a new window shows itself on ready-to-show, not before');
  presenter.show('conn-2');
  assert.equal(windows.length, 1);
  assert.deepEqual(focusEvents(win), [], 'nothing sent before the page loaded');
  win.webContents.finishLoad(APP_URL);
  assert.deepEqual(focusEvents(win), [[{ connectionId: 'conn-2' }]]);
  win.webContents.finishLoad(APP_URL);
  assert.equal(focusEvents(win).length, 1, 'a reload does not repeat it');
});

test('show(id) while the page is reloading waits for the load to finish', () => {
  const { presenter } = setup();
  const win = presenter.ensure();
  win.webContents.finishLoad(APP_URL);
  win.webContents.loading = true;
  presenter.show('conn-1');
  assert.deepEqual(focusEvents(win), []);
  win.webContents.finishLoad(APP_URL);
  assert.deepEqual(focusEvents(win), [[{ connectionId: 'conn-1' }]]);
});

test('the focus event goes only to a trusted page', () => {
  const { presenter, logger } = setup();
  const win = presenter.ensure();
  win.webContents.finishLoad('https://evil.example/');
  presenter.show('conn-1');
  assert.deepEqual(focusEvents(win), []);
  assert.ok(logger.entries.some((e) => e.level === 'warn' && e.fields?.event === 'connections:focus'));
});

test('a pending focus for a window that was destroyed is not sent to its successor', () => {
  const t = setup({ hideOnClose: false });
  t.presenter.show('conn-1');
  const first = t.windows[0] as FakeWindow;
  first.close();
  t.presenter.show();
  const second = t.windows[1] as FakeWindow;
  first.webContents.finishLoad(APP_URL);
  second.webContents.finishLoad(APP_URL);
  assert.deepEqual(focusEvents(first), []);
  assert.deepEqual(focusEvents(second), []);
});

test('works with the real main window factory: hardened, loads the app, shown on ready-to-show', () => {
  const created: FakeWindow[] = [];
  const presenter = createWindowPresenter({
    createWindow: () =>
      createMainWindow({
        createWindow: (o: SecureWindowOptions) => {
          const w = new FakeWindow(o);
          created.push(w);
          return w;
        },
        preloadPath: '/app/out/preload/index.cjs',
        url: APP_INDEX_URL,
        trustedOrigins: ['app://oauth-desk'],
      }),
    hideOnClose: () => true,
    isTrustedUrl: (url) => url.startsWith('app://oauth-desk/'),
  });
  presenter.show('conn-9');
  const win = created[0] as FakeWindow;
  assert.deepEqual(win.loaded, [APP_INDEX_URL]);
  win.emit('ready-to-show');
  assert.equal(win.visible, true);
  win.webContents.finishLoad(APP_INDEX_URL);
  assert.deepEqual(focusEvents(win), [[{ connectionId: 'conn-9' }]]);
});
