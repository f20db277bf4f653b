/**
 * Turns a burst of change notices into one action: `notify()` on each change, and `run` is called
 * once the changes have paused for `quietMs` — or, while they keep coming, at most every
 * `maxWaitMs` — so the last change is never left unanswered. Used for the flow inspector: a Gmail
 * fetch records ~20 API calls in a second, and each used to re-read the whole timeline.
 */

/** The clock and timers it runs on (the window's own unless a test passes fake ones). */
export interface CoalesceTimers {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const windowTimers: CoalesceTimers = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface CoalesceOptions {
  /** How long the changes must pause before `run` (a trailing debounce). */
  readonly quietMs: number;
  /** The longest a change waits while changes keep coming. */
  readonly maxWaitMs: number;
}

export interface Coalescer {
  /** A change happened: `run` follows, once per burst. */
  notify(): void;
  /** Forgets a pending `run` (the component went away). */
  cancel(): void;
}

export function coalesceUpdates(run: () => void, options: CoalesceOptions, timers: CoalesceTimers = windowTimers): Coalescer {
  let timer: unknown = null;
  /** When the first change not yet answered arrived; null when none waits. */
  let firstWaiting: number | null = null;

  const fire = (): void => {
    timer = null;
    firstWaiting = null;
    run();
  };

  return {
    notify() {
      const now = timers.now();
      firstWaiting ??= now;
      if (timer !== null) timers.clearTimeout(timer);
      const untilMax = firstWaiting + options.maxWaitMs - now;
      timer = timers.setTimeout(fire, Math.max(0, Math.min(options.quietMs, untilMax)));
    },
    cancel() {
      if (timer !== null) timers.clearTimeout(timer);
      timer = null;
      firstWaiting = null;
    },
  };
}
