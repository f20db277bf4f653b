/** A clock and timers that move only when a test says so. */
import type { Clock, Timers } from '../../electron/core/ports.ts';

interface Pending {
  readonly id: number;
  readonly at: number;
  readonly callback: () => void;
}

export interface FakeTime {
  readonly clock: Clock;
  readonly timers: Timers;
  /** Timers currently set, with the time each fires. */
  pending(): number[];
  /** Moves time forward, firing due timers in order (letting promises settle after each). */
  advance(ms: number): Promise<void>;
  /** Moves the clock without firing anything, as when the machine sleeps. */
  jump(ms: number): void;
}

export function fakeTime(start = 1_000_000): FakeTime {
  let now = start;
  let nextId = 1;
  const timers = new Map<number, Pending>();
  const settle = async () => {
    for (let i = 0; i < 20; i++) await new Promise<void>((r) => setImmediate(r));
  };
  return {
    clock: { now: () => now },
    timers: {
      setTimeout: (callback, ms) => {
        const id = nextId++;
        timers.set(id, { id, at: now + Math.max(0, ms), callback });
        return id;
      },
      clearTimeout: (handle) => void timers.delete(handle as number),
    },
    jump: (ms) => void (now += ms),
    pending: () => [...timers.values()].map((t) => t.at).sort((a, b) => a - b),
    async advance(ms) {
      const end = now + ms;
      for (;;) {
        const due = [...timers.values()].filter((t) => t.at <= end).sort((a, b) => a.at - b.at || a.id - b.id)[0];
        if (!due) break;
        timers.delete(due.id);
        now = Math.max(now, due.at);
        due.callback();
        await settle();
      }
      now = end;
      await settle();
    },
  };
}
