/**
 * The flow inspector re-reads its timeline once per burst of pushed changes (review finding 8): a
 * data reload records many API calls in a row, and each used to re-read the whole timeline. The
 * last change of a burst is always answered; a change that keeps coming is answered at least every
 * `maxWaitMs`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fakeTime } from '../../helpers/fake-timers.ts';
import { coalesceUpdates } from '../../../renderer/src/hooks/coalesce-updates.ts';
import { INSPECTOR_RELOAD } from '../../../renderer/src/hooks/useInspector.ts';

function setup(options = INSPECTOR_RELOAD) {
  const time = fakeTime(0);
  const runs: number[] = [];
  const coalescer = coalesceUpdates(() => runs.push(time.clock.now()), options, { now: time.clock.now, ...time.timers });
  return { time, runs, coalescer };
}

test('a Gmail-like burst of 22 recorded API calls makes the inspector read its timeline once, after the last one', async () => {
  const { time, runs, coalescer } = setup();
  for (let call = 0; call < 22; call++) {
    coalescer.notify();
    await time.advance(15);
  }
  assert.deepEqual(runs, [], 'nothing while the burst goes on');
  await time.advance(1000);
  assert.deepEqual(runs, [21 * 15 + INSPECTOR_RELOAD.quietMs], 'one read, a quiet period after the last change');
});

test('a change after a burst was answered is answered too (the last change is never dropped)', async () => {
  const { time, runs, coalescer } = setup();
  coalescer.notify();
  await time.advance(500);
  assert.equal(runs.length, 1);
  coalescer.notify();
  await time.advance(500);
  assert.equal(runs.length, 2);
  assert.deepEqual(time.pending(), [], 'nothing left waiting');
});

test('changes that never pause are still answered every maxWaitMs, and once more after the last', async () => {
  const { time, runs, coalescer } = setup({ quietMs: 200, maxWaitMs: 1000 });
  for (let tick = 0; tick < 29; tick++) {
    coalescer.notify();
    await time.advance(100);
  }
  // Changes at 0, 100, … 2800: each answered at most a second after it came, the last one 200 ms
  // after it came.
  assert.deepEqual(runs, [1000, 2000]);
  await time.advance(1000);
  assert.deepEqual(runs, [1000, 2000, 3000]);
  assert.deepEqual(time.pending(), []);
});

test('closing the inspector forgets a pending read', async () => {
  const { time, runs, coalescer } = setup();
  coalescer.notify();
  coalescer.cancel();
  await time.advance(5000);
  assert.deepEqual(runs, []);
  coalescer.notify();
  await time.advance(5000);
  assert.equal(runs.length, 1, 'it works again after a cancel');
});
