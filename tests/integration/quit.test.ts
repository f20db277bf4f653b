/**
 * Quitting the app as the Electron host does (installQuitHandlers around desk.close()), against the
 * real Sandbox server and a real conf store in a temporary data folder: a quit that races a refresh
 * waits until the rotated refresh token is on disk, the window's place is saved in the same file,
 * and the Sandbox server is stopped.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createDesk } from '../../electron/core/app/desk.ts';
import { createGotHttpClient } from '../../electron/core/http/got-http-client.ts';
import type { HttpClient } from '../../electron/core/http/http-client.ts';
import { parseJsonBody } from '../../electron/core/http/http-client.ts';
import { silentLogger } from '../../electron/core/ports.ts';
import { ConnectionRepository } from '../../electron/core/storage/connection-repository.ts';
import { createFileStore, storeFilePath } from '../../electron/core/storage/file-store.ts';
import { installQuitHandlers } from '../../electron/main/lifecycle.ts';
import { WINDOW_STATE_KEY, createWindowStateKeeper } from '../../electron/main/window-state.ts';
import { MAIN_WINDOW_SIZE } from '../../electron/main/window-options.ts';
import { fakeTime } from '../helpers/fake-timers.ts';
import { probePort, rawRequest } from '../helpers/raw-http.ts';
import { completeAuthorization } from '../helpers/scripted-browser.ts';
import { createTestCipher } from '../helpers/test-cipher.ts';
import { tempDataDir } from '../helpers/temp-dir.ts';
import { FakeEmitter, FakeStatefulWindow, recordingLogger } from '../main/fakes.ts';

/** Electron's `app` as far as quitting goes: quit() emits a preventable before-quit, then really quits. */
class FakeApp extends FakeEmitter {
  quit(): void {
    let prevented = false;
    this.emit('before-quit', { preventDefault: () => void (prevented = true) });
    if (!prevented) this.emit('quit-for-real');
  }
}

const ticks = async (n: number) => {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
};

test('S16 Quit while a refresh is in flight: the quit waits, the rotated refresh token and the window position are on disk, the Sandbox port is closed', async (t) => {
  const dir = tempDataDir(t);
  const cipher = createTestCipher();
  // The app's one store: the desk's records and the window's place share it (and its file).
  const store = createFileStore(dir);

  // Every refresh token the Sandbox issues, in order; a refresh response can be held back after the
  // Sandbox has answered (it has rotated: the old token is dead, the new one exists only in flight).
  const issued: string[] = [];
  let hold: { reached: () => void; gate: Promise<void> } | null = null;
  let release: () => void = () => {};
  const got = createGotHttpClient();
  const http: HttpClient = {
    async request(req) {
      const res = await got.request(req);
      const grant = req.form?.grant_type;
      if (grant === 'authorization_code' || grant === 'refresh_token') {
        const body = parseJsonBody(res) as { refresh_token?: unknown } | undefined;
        if (typeof body?.refresh_token === 'string') issued.push(body.refresh_token);
        if (grant === 'refresh_token' && hold !== null) {
          hold.reached();
          await hold.gate;
        }
      }
      return res;
    },
  };
  const desk = createDesk({ store, cipher, opener: { open: async () => {} }, authWindow: null, logger: silentLogger, http, proactiveRefresh: false });
  // A failed assertion must not leave the held refresh (and so desk.close()) waiting forever.
  t.after(async () => {
    release();
    await desk.close();
  });

  const connected = new Promise<string>((resolve) =>
    desk.onProvidersChanged((views) => {
      const sandbox = views.find((p) => p.id === 'sandbox');
      const c = sandbox?.connections[0];
      if (c && sandbox?.pending === null) resolve(c.id);
    }),
  );
  const pending = await desk.handlers['auth:connect']({ providerId: 'sandbox' });
  const callback = new URL(await completeAuthorization(pending.authorizationUrl, pending.redirectUri));
  await rawRequest(Number(callback.port), { path: callback.pathname + callback.search });
  const connectionId = await connected;
  assert.equal(issued.length, 1, 'the sign-in gave a refresh token');
  const sandboxPort = Number(new URL(pending.authorizationUrl).port);
  assert.equal(await probePort(sandboxPort), 'connected', 'the Sandbox runs while the app does');

  // The window, moved by the person; the keeper's own save timer never fires in this test.
  const keeper = createWindowStateKeeper({ store, screen: () => ({ displays: [], primary: null }), limits: MAIN_WINDOW_SIZE, timers: fakeTime().timers });
  const win = keeper.manage(new FakeStatefulWindow({}));
  win.userMoves({ x: 120, y: 80, width: 1000, height: 700 });

  const app = new FakeApp();
  const logger = recordingLogger();
  installQuitHandlers(app, { close: () => desk.close(), onQuitStart: () => keeper.save(), logger });
  const atQuit: { file: string | null } = { file: null };
  const fileAtQuit = (): string | null => atQuit.file;
  const quit = new Promise<void>((resolve) =>
    app.on('quit-for-real', () => {
      // What the next start would find, read at the moment the process would exit.
      atQuit.file = readFileSync(storeFilePath(dir), 'utf8');
      resolve();
    }),
  );

  let reached: () => void = () => {};
  const atSandbox = new Promise<void>((resolve) => (reached = resolve));
  hold = { reached, gate: new Promise<void>((resolve) => (release = resolve)) };
  const refreshing = desk.handlers['connections:refresh']({ connectionId });
  refreshing.catch(() => {}); // Awaited below; this only keeps an early failure from being reported twice.
  await atSandbox;
  assert.equal(issued.length, 2, 'the Sandbox has rotated the refresh token');

  app.quit();
  await ticks(20);
  assert.equal(fileAtQuit(), null, 'the quit is held while the rotated token is in flight');
  release();
  await quit;
  const view = await refreshing;
  assert.equal(view.id, connectionId, 'the refresh itself succeeded');
  assert.deepEqual(logger.entries, [], 'a clean shutdown: nothing timed out or failed');

  // The file as it was at exit, read through a new repository: the rotated set, complete.
  const onDiskAtQuit = fileAtQuit();
  assert.ok(onDiskAtQuit !== null);
  const rotated = issued[1]!;
  assert.ok(issued[0] !== rotated, 'a new refresh token was issued');
  const reopened = new ConnectionRepository(createFileStore(dir), cipher, silentLogger).secrets(connectionId);
  assert.ok(reopened.refreshToken === rotated, 'the store holds the latest (rotated) refresh token, not the dead one');
  assert.ok(readFileSync(storeFilePath(dir), 'utf8') === onDiskAtQuit, 'nothing was written after the quit');
  const file = JSON.parse(onDiskAtQuit) as Record<string, unknown>;
  assert.deepEqual(file[WINDOW_STATE_KEY], { bounds: { x: 120, y: 80, width: 1000, height: 700 }, maximized: false }, 'the window position was saved on quit');
  for (const token of issued) assert.ok(!onDiskAtQuit.includes(token), 'S20 no refresh token in clear in the store file');

  assert.equal(await probePort(sandboxPort), 'ECONNREFUSED', 'the Sandbox server stopped with the app');
  assert.equal(await probePort(Number(callback.port)), 'ECONNREFUSED', 'S2 no loopback listener left');
});
