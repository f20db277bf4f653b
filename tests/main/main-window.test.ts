import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMainWindow } from '../../electron/main/main-window.ts';
import { APP_INDEX_URL } from '../../electron/main/app-protocol.ts';
import type { SecureWindowOptions } from '../../electron/main/window-options.ts';
import { FakeWindow } from './fakes.ts';

function make(url = APP_INDEX_URL, origins = ['app://oauth-desk']) {
  const opened: string[] = [];
  const win = createMainWindow({
    createWindow: (o: SecureWindowOptions) => new FakeWindow(o),
    preloadPath: '/app/out/preload/index.cjs',
    url,
    trustedOrigins: origins,
    openLink: async (u) => void opened.push(u),
  });
  return { win, opened };
}

test('S23 S26 the main window: factory options with the preload, loads app://oauth-desk/index.html, shown when ready', () => {
  const { win } = make();
  const prefs = (win.options as SecureWindowOptions).webPreferences as Record<string, unknown>;
  assert.equal(prefs.preload, '/app/out/preload/index.cjs');
  assert.equal(prefs.sandbox, true);
  assert.equal(prefs.contextIsolation, true);
  assert.deepEqual(win.loaded, ['app://oauth-desk/index.html']);
  assert.equal(win.shown, 0);
  win.emit('ready-to-show');
  assert.equal(win.shown, 1);
});

test('S24 the main window is hardened before it loads anything', () => {
  const { win, opened } = make();
  const wc = win.webContents;
  assert.equal(wc.navigate('will-navigate', 'app://oauth-desk/index.html'), false);
  assert.equal(wc.navigate('will-navigate', 'https://accounts.example.com/'), true);
  assert.equal(wc.navigate('will-redirect', 'file:///etc/passwd'), true);
  assert.deepEqual(wc.windowOpenHandler?.({ url: 'https://accounts.example.com/authorize' }), { action: 'deny' });
  assert.deepEqual(opened, ['https://accounts.example.com/authorize']);
  assert.equal(wc.session.permissionCheckHandler?.({}, 'media'), false);
});

test('S26 the main window refuses to load an untrusted URL', () => {
  assert.throws(() => make('file:///work/out/renderer/index.html'));
  assert.throws(() => make('https://evil.example/'));
  const dev = make('http://localhost:5173/', ['app://oauth-desk', 'http://localhost:5173']);
  assert.deepEqual(dev.win.loaded, ['http://localhost:5173/']);
});
