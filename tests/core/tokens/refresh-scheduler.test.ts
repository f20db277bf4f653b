import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RefreshScheduler } from '../../../electron/core/tokens/refresh-scheduler.ts';
import { fakeTime } from '../../helpers/fake-timers.ts';

function setup(deadlines: Map<string, number>, run?: (id: string) => Promise<void>) {
  const time = fakeTime(0);
  const ran: Array<[string, number]> = [];
  const scheduler = new RefreshScheduler({
    clock: time.clock,
    timers: time.timers,
    deadlines: () => deadlines,
    run: async (id) => {
      ran.push([id, time.clock.now()]);
      await run?.(id);
    },
  });
  return { time, ran, scheduler };
}

test('one timer, set for the nearest deadline; re-planning replaces it instead of adding another', async () => {
  const deadlines = new Map([['a', 5_000], ['b', 2_000], ['c', 9_000]]);
  const { time, scheduler } = setup(deadlines);
  scheduler.replan();
  scheduler.replan();
  assert.deepEqual(time.pending(), [2_000]);
  assert.equal(scheduler.nextAt, 2_000);
  deadlines.set('b', 7_000);
  scheduler.replan();
  assert.deepEqual(time.pending(), [5_000]);
});

test('firing runs what is due, then plans the next deadline the runs produced', async () => {
  const deadlines = new Map([['a', 1_000], ['b', 1_000], ['c', 4_000]]);
  // Each run moves the connection's deadline a lifetime ahead, as a successful refresh does.
  const { time, ran, scheduler } = setup(deadlines, async (id) => void deadlines.set(id, time.clock.now() + 10_000));
  scheduler.replan();
  await time.advance(1_000);
  assert.deepEqual(ran, [['a', 1_000], ['b', 1_000]]);
  assert.deepEqual(time.pending(), [4_000]);
  await time.advance(3_000);
  assert.deepEqual(ran.at(-1), ['c', 4_000]);
  assert.deepEqual(time.pending(), [11_000]);
});

test('a deadline in the past fires at once; nothing due means no timer at all', async () => {
  const deadlines = new Map([['a', -50]]);
  const { time, ran, scheduler } = setup(deadlines, async () => void deadlines.delete('a'));
  scheduler.replan();
  assert.deepEqual(time.pending(), [0]);
  await time.advance(0);
  assert.deepEqual(ran, [['a', 0]]);
  assert.deepEqual(time.pending(), []);
  assert.equal(scheduler.nextAt, null);
});

test('a running refresh is not started twice, and a failing run does not stop the schedule', async () => {
  const deadlines = new Map([['a', 0], ['b', 100]]);
  let release: () => void = () => {};
  const { time, ran, scheduler } = setup(deadlines, (id) =>
    id === 'a' ? new Promise<void>((r) => (release = r)) : Promise.reject(new Error('boom')).finally(() => deadlines.set('b', 10_000)),
  );
  scheduler.replan();
  await time.advance(0);
  await time.advance(200);
  assert.deepEqual(ran, [['a', 0], ['b', 100]], '"a" still running is skipped, "b" ran');
  release();
  deadlines.set('a', 20_000);
  await time.advance(0);
  assert.deepEqual(time.pending(), [10_000]);
});

test('stop clears the timer and later re-plans do nothing', () => {
  const { time, scheduler } = setup(new Map([['a', 1_000]]));
  scheduler.replan();
  scheduler.stop();
  scheduler.replan();
  assert.deepEqual(time.pending(), []);
});

test('deadlines beyond setTimeout\'s 24.8-day limit are capped and re-planned when the timer fires', async () => {
  const far = 40 * 24 * 3600_000;
  const { time, ran, scheduler } = setup(new Map([['a', far]]));
  scheduler.replan();
  assert.deepEqual(time.pending(), [2 ** 31 - 1]);
  await time.advance(2 ** 31 - 1);
  assert.deepEqual(ran, []);
  assert.deepEqual(time.pending(), [far]);
});
