import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AUTH_PARTITION_PREFIX, MAIN_WINDOW_SIZE, freshAuthPartition, windowOptions } from '../../electron/main/window-options.ts';

const HARDENED = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  webviewTag: false,
  spellcheck: false,
  navigateOnDragDrop: false,
} as const;

function prefs(options: ReturnType<typeof windowOptions>): Record<string, unknown> {
  assert.ok(options.webPreferences, 'webPreferences present');
  return options.webPreferences as Record<string, unknown>;
}

test('S23 the main window has every hardened preference and the preload', () => {
  const p = prefs(windowOptions({ kind: 'main', preloadPath: '/app/out/preload/index.cjs' }));
  for (const [key, value] of Object.entries(HARDENED)) assert.equal(p[key], value, key);
  assert.equal(p.preload, '/app/out/preload/index.cjs');
  assert.equal('enableBlinkFeatures' in p, false);
  assert.equal('partition' in p, false, 'the main window uses the default session (where app:// is registered)');
});

test('S7 S23 the auth window: hardened, no preload, its own non-persistent partition', () => {
  const partition = freshAuthPartition();
  const options = windowOptions({ kind: 'auth', partition });
  const p = prefs(options);
  for (const [key, value] of Object.entries(HARDENED)) assert.equal(p[key], value, key);
  assert.equal('preload' in p, false);
  assert.equal(p.partition, partition);
  assert.ok(!String(p.partition).startsWith('persist:'));
  assert.equal('enableBlinkFeatures' in p, false);
});

test('S7 each authorization window gets a fresh partition name', () => {
  const names = new Set(Array.from({ length: 50 }, () => freshAuthPartition()));
  assert.equal(names.size, 50);
  for (const n of names) assert.match(n, /^oauth-desk-auth-[0-9a-f-]{36}$/);
  assert.equal(freshAuthPartition(() => 'x'), AUTH_PARTITION_PREFIX + 'x');
});

test('S7 persistent or shared partitions are refused for the auth window', () => {
  for (const partition of ['persist:oauth-desk-auth-1', '', 'oauth-desk-auth-', 'default', 'persist:x']) {
    assert.throws(() => windowOptions({ kind: 'auth', partition }), /partition/, partition);
  }
});

test('S23 the main window needs a preload path; options objects are never shared', () => {
  assert.throws(() => windowOptions({ kind: 'main', preloadPath: '' }));
  const a = windowOptions({ kind: 'main', preloadPath: '/p' });
  const b = windowOptions({ kind: 'main', preloadPath: '/p' });
  assert.notEqual(a, b);
  assert.notEqual(a.webPreferences, b.webPreferences);
  (a.webPreferences as Record<string, unknown>).sandbox = false;
  assert.equal(prefs(b).sandbox, true);
  assert.equal(a.show, false, 'shown on ready-to-show');
});

test('the main window opens at its default size with the minimum the remembered size is held to', () => {
  const o = windowOptions({ kind: 'main', preloadPath: '/p' });
  assert.deepEqual(
    { width: o.width, height: o.height, minWidth: o.minWidth, minHeight: o.minHeight },
    { width: 1100, height: 760, minWidth: 640, minHeight: 480 },
  );
  assert.deepEqual({ ...MAIN_WINDOW_SIZE }, { width: 1100, height: 760, minWidth: 640, minHeight: 480 });
  assert.equal('x' in o || 'y' in o, false, 'no position: centred until a saved one is restored');
});
