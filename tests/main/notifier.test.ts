import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_HELD_NOTIFICATIONS, createDesktopNotifier } from '../../electron/main/notifier.ts';
import { FakeEmitter, recordingLogger } from './fakes.ts';

class FakeNotification extends FakeEmitter {
  shows = 0;
  closes = 0;
  failOnShow = false;
  readonly options: { title: string; body: string };
  constructor(options: { title: string; body: string }) {
    super();
    this.options = options;
  }
  show(): void {
    if (this.failOnShow) throw new Error('no notification daemon');
    this.shows += 1;
  }
  close(): void {
    this.closes += 1;
    this.emit('close', {});
  }
}

function setup(supported = true) {
  const created: FakeNotification[] = [];
  const opened: string[] = [];
  const logger = recordingLogger();
  let failNext = false;
  let isSupported = supported;
  const notifier = createDesktopNotifier({
    isSupported: () => isSupported,
    createNotification: (o) => {
      const n = new FakeNotification({ title: o.title, body: o.body });
      n.failOnShow = failNext;
      created.push(n);
      return n;
    },
    onOpenConnection: (id) => void opened.push(id),
    logger,
  });
  return {
    notifier,
    created,
    opened,
    logger,
    failNextShow: () => (failNext = true),
    setSupported: (v: boolean) => (isSupported = v),
  };
}

const REAUTH = { connectionId: 'c1', title: 'Sandbox needs you to sign in again', body: 'ada@example.com: the provider refused the refresh token.' };

test('notify shows a desktop notification with the title and body', () => {
  const t = setup();
  t.notifier.notify(REAUTH);
  assert.equal(t.created.length, 1);
  assert.deepEqual(t.created[0]?.options, { title: REAUTH.title, body: REAUTH.body });
  assert.equal(t.created[0]?.shows, 1);
});

test('a click opens the window on that connection’s card', () => {
  const t = setup();
  t.notifier.notify(REAUTH);
  t.notifier.notify({ ...REAUTH, connectionId: 'c2' });
  t.created[1]?.emit('click', {});
  assert.deepEqual(t.opened, ['c2']);
  t.created[0]?.emit('click', {});
  assert.deepEqual(t.opened, ['c2', 'c1']);
});

test('shown notifications stay referenced until clicked or failed (no garbage collection on screen)', () => {
  const t = setup();
  t.notifier.notify(REAUTH);
  t.notifier.notify({ ...REAUTH, connectionId: 'c2' });
  t.notifier.notify({ ...REAUTH, connectionId: 'c3' });
  assert.equal(t.notifier.held, 3);
  t.created[0]?.emit('click', {});
  assert.equal(t.notifier.held, 2);
  t.created[2]?.emit('failed', {}, 'no daemon');
  assert.equal(t.notifier.held, 1);
  assert.ok(t.logger.entries.some((e) => e.level === 'warn'));
});

test('close does not release: a toast that timed out into the notification centre is still held, and its later click opens the card', () => {
  const t = setup();
  t.notifier.notify(REAUTH);
  // Windows/Linux: the toast times out into the notification centre and Electron emits 'close'.
  t.created[0]?.emit('close', {});
  assert.equal(t.notifier.held, 1, 'still referenced after close');
  t.created[0]?.emit('click', {});
  assert.deepEqual(t.opened, ['c1'], 'the click from the notification centre reaches the card');
  assert.equal(t.notifier.held, 0, 'released once clicked');
});

test(`at most ${MAX_HELD_NOTIFICATIONS} are held: the oldest is dropped first, not closed`, () => {
  const t = setup();
  for (let i = 0; i < MAX_HELD_NOTIFICATIONS + 3; i++) t.notifier.notify({ ...REAUTH, connectionId: `c${i}` });
  assert.equal(t.notifier.held, MAX_HELD_NOTIFICATIONS);
  assert.ok(t.created.every((n) => n.closes === 0), 'dropping a reference does not take it off the screen');
  // A replacement counts as the newest: c3 is re-notified, so c4 (now the oldest) is the next to go.
  t.notifier.notify({ ...REAUTH, connectionId: 'c3' });
  assert.equal(t.notifier.held, MAX_HELD_NOTIFICATIONS, 'a replacement does not add one');
  t.notifier.notify({ ...REAUTH, connectionId: 'new' });
  assert.equal(t.notifier.held, MAX_HELD_NOTIFICATIONS);
  // Released ones are no longer held: a click on a dropped one does not change the count.
  const dropped = t.created[4];
  dropped?.emit('click', {});
  assert.equal(t.notifier.held, MAX_HELD_NOTIFICATIONS, 'c4 had been dropped');
  const kept = t.created[5];
  kept?.emit('click', {});
  assert.equal(t.notifier.held, MAX_HELD_NOTIFICATIONS - 1, 'c5 was still held');
});

test('a newer notification for the same connection replaces the older one (closed, released)', () => {
  const t = setup();
  t.notifier.notify(REAUTH);
  t.notifier.notify(REAUTH);
  assert.equal(t.created[0]?.closes, 1);
  assert.equal(t.notifier.held, 1, 'the close of the old one does not release the new one');
  t.created[1]?.emit('click', {});
  assert.deepEqual(t.opened, ['c1']);
  assert.equal(t.notifier.held, 0);
});

test('unsupported platform: nothing is created, logged once', () => {
  const t = setup(false);
  t.notifier.notify(REAUTH);
  t.notifier.notify(REAUTH);
  assert.equal(t.created.length, 0);
  assert.equal(t.logger.entries.filter((e) => e.message.includes('not supported')).length, 1);
  t.setSupported(true);
  t.notifier.notify(REAUTH);
  assert.equal(t.created.length, 1);
});

test('a failing show or a throwing click handler never escapes into the desk', () => {
  const t = setup();
  t.failNextShow();
  assert.doesNotThrow(() => t.notifier.notify(REAUTH));
  assert.equal(t.notifier.held, 0);
  assert.ok(t.logger.entries.some((e) => e.level === 'warn' && e.message.includes('could not be shown')));

  const logger = recordingLogger();
  const created: FakeNotification[] = [];
  const notifier = createDesktopNotifier({
    isSupported: () => true,
    createNotification: (o) => {
      const n = new FakeNotification({ title: o.title, body: o.body });
      created.push(n);
      return n;
    },
    onOpenConnection: () => {
      throw new Error('window gone');
    },
    logger,
  });
  notifier.notify(REAUTH);
  assert.doesNotThrow(() => created[0]?.emit('click', {}));
  assert.ok(logger.entries.some((e) => e.level === 'warn'));
});

test('S29 nothing of the notification text is logged', () => {
  const t = setup();
  t.failNextShow();
  t.notifier.notify(REAUTH);
  const logged = JSON.stringify(t.logger.entries);
  assert.doesNotMatch(logged, /ada@example\.com|refused|Sandbox/);
});
