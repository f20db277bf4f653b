/**
 * Counting timers and wake-ups for real, without faking time:
 * - `startWakeProbe` (async_hooks) sees every asynchronous resource created in the process and every
 *   callback it runs: timer callbacks (setTimeout and each setInterval tick), immediates, sockets,
 *   file-system callbacks. Promises are left out (they are continuations, not wake-ups).
 * - `countingTimers` wraps the desk's Timers seam (ports.ts) around the real setTimeout, so the
 *   refresh scheduler's own timers can be told apart from everyone else's.
 */
import { createHook } from 'node:async_hooks';
import type { Timers } from '../../electron/core/ports.ts';
import { systemTimers } from '../../electron/core/ports.ts';

export interface WakeProbe {
  /** Callbacks run since `reset`, by resource type ("Timeout", "Immediate", "TCPWRAP", …). */
  callbacks(): Readonly<Record<string, number>>;
  /**
   * Timers still pending (fired or cleared ones excluded) that were created after `since` (a `mark()`;
   * default: since the probe started), and how many of those repeat (setInterval).
   */
  liveTimers(since?: number): LiveTimers;
  /** A point in time for `liveTimers`. */
  mark(): number;
  /** Counts callbacks afresh from now (resources created before are still watched). */
  resetCallbacks(): void;
  /** Waits `ms` on a timer of the probe's own that is not counted. */
  sleep(ms: number): Promise<void>;
  stop(): void;
}

export interface LiveTimers {
  readonly total: number;
  readonly intervals: number;
  /** Each pending timer: its delay, whether it repeats, and its callback's name (e.g. "bound checkConnections"). */
  readonly timers: ReadonlyArray<{ readonly delayMs: number; readonly repeats: boolean; readonly callback: string }>;
}

interface Tracked {
  readonly type: string;
  readonly seq: number;
  /** The Timeout object, to read whether it repeats. */
  readonly resource: { _repeat?: unknown; _destroyed?: boolean; _idleTimeout?: unknown; _onTimeout?: unknown } | null;
}

export function startWakeProbe(): WakeProbe {
  const tracked = new Map<number, Tracked>();
  let seq = 0;
  let counts: Record<string, number> = {};
  const own = new Set<number>();
  let creatingOwn = false;
  const hook = createHook({
    init(asyncId, type, _trigger, resource) {
      if (type === 'PROMISE') return;
      if (creatingOwn) own.add(asyncId);
      tracked.set(asyncId, { type, seq: ++seq, resource: type === 'Timeout' ? (resource as Tracked['resource']) : null });
    },
    before(asyncId) {
      const entry = tracked.get(asyncId);
      if (entry === undefined || own.has(asyncId)) return;
      counts[entry.type] = (counts[entry.type] ?? 0) + 1;
    },
    destroy(asyncId) {
      tracked.delete(asyncId);
      own.delete(asyncId);
    },
  });
  hook.enable();
  return {
    callbacks: () => ({ ...counts }),
    liveTimers(since = 0) {
      const timers: Array<LiveTimers['timers'][number]> = [];
      for (const [id, entry] of tracked) {
        const timer = entry.resource;
        if (entry.type !== 'Timeout' || timer === null || entry.seq <= since || own.has(id) || timer._destroyed === true) continue;
        timers.push({
          delayMs: typeof timer._idleTimeout === 'number' ? timer._idleTimeout : NaN,
          repeats: typeof timer._repeat === 'number',
          callback: typeof timer._onTimeout === 'function' ? timer._onTimeout.name || '(anonymous)' : '(unknown)',
        });
      }
      return { total: timers.length, intervals: timers.filter((t) => t.repeats).length, timers };
    },
    mark: () => seq,
    resetCallbacks() {
      counts = {};
    },
    sleep(ms) {
      return new Promise<void>((resolve) => {
        // init runs synchronously inside setTimeout: the flag marks this timer as the probe's own.
        creatingOwn = true;
        try {
          setTimeout(resolve, ms);
        } finally {
          creatingOwn = false;
        }
      });
    },
    stop: () => hook.disable(),
  };
}

export interface CountingTimers extends Timers {
  /** Timers set through the seam that have neither fired nor been cleared. */
  held(): number;
  readonly stats: { set: number; cleared: number; fired: number };
}

/** The desk's Timers seam over the real timers (systemTimers: unref'd setTimeout), counting what it holds. */
export function countingTimers(inner: Timers = systemTimers): CountingTimers {
  const live = new Set<unknown>();
  const stats = { set: 0, cleared: 0, fired: 0 };
  return {
    stats,
    held: () => live.size,
    setTimeout(callback, ms) {
      stats.set++;
      const handle: unknown = inner.setTimeout(() => {
        if (live.delete(handle)) stats.fired++;
        callback();
      }, ms);
      live.add(handle);
      return handle;
    },
    clearTimeout(handle) {
      if (live.delete(handle)) stats.cleared++;
      inner.clearTimeout(handle);
    },
  };
}
