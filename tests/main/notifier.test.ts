import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createDesktopNotifier } from '../../electron/main/notifier.ts';
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

test('shown notifications stay referenced until clicked, closed or failed (no garbage collection on screen)', () => {
  const t = setup();
  t.notifier.notify(REAUTH);
  t.notifier.notify({ ...REAUTH, connectionId: 'c2' });
  t.notifier.notify({ ...REAUTH, connectionId: 'c3' });
  assert.equal(t.notifier.held, 3);
  t.created[0]?.emit('click', {});
  assert.equal(t.notifier.held, 2);
  t.created[1]?.emit('close', {});
  assert.equal(t.notifier.held, 1);
  t.created[2]?.emit('failed', {}, 'no daemon');
  assert.equal(t.notifier.held, 0);
  assert.ok(t.logger.entries.some((e) => e.level === 'warn'));
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
