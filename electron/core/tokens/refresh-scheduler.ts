/**
 * Proactive refresh with one timer: it is set for the nearest deadline among all connections, fires,
 * refreshes whatever is due, and plans again. No polling; `replan()` after any change (new tokens,
 * a failure's backoff, resume from sleep, the network coming back).
 */
import type { Clock, Timers } from '../ports.ts';

/** setTimeout's limit is 2^31-1 ms; longer waits are re-planned when the timer fires. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export interface RefreshSchedulerDeps {
  readonly clock: Clock;
  readonly timers: Timers;
  /** When each connection should be refreshed next (epoch ms); connections that need nothing are left out. */
  readonly deadlines: () => ReadonlyMap<string, number>;
  /** Refreshes one connection; the scheduler never awaits failures beyond logging them in `run`. */
  readonly run: (connectionId: string) => Promise<void>;
}

export class RefreshScheduler {
  readonly #deps: RefreshSchedulerDeps;
  #timer: unknown = null;
  #nextAt: number | null = null;
  #stopped = false;
  readonly #running = new Set<string>();

  constructor(deps: RefreshSchedulerDeps) {
    this.#deps = deps;
  }

  /** When the timer fires next (epoch ms), or null when nothing is planned. */
  get nextAt(): number | null {
    return this.#nextAt;
  }

  replan(): void {
    if (this.#stopped) return;
    this.#clear();
    let nearest: number | null = null;
    for (const [connectionId, at] of this.#deps.deadlines()) {
      if (this.#running.has(connectionId)) continue;
      if (nearest === null || at < nearest) nearest = at;
    }
    if (nearest === null) return;
    const delay = Math.min(Math.max(0, nearest - this.#deps.clock.now()), MAX_TIMER_MS);
    this.#nextAt = nearest;
    this.#timer = this.#deps.timers.setTimeout(() => this.#fire(), delay);
  }

  stop(): void {
    this.#stopped = true;
    this.#clear();
  }

  #clear(): void {
    if (this.#timer !== null) this.#deps.timers.clearTimeout(this.#timer);
    this.#timer = null;
    this.#nextAt = null;
  }

  #fire(): void {
    this.#timer = null;
    this.#nextAt = null;
    if (this.#stopped) return;
    const now = this.#deps.clock.now();
    for (const [connectionId, at] of this.#deps.deadlines()) {
      if (at > now || this.#running.has(connectionId)) continue;
      this.#running.add(connectionId);
      void this.#deps
        .run(connectionId)
        .catch(() => {})
        .finally(() => {
          this.#running.delete(connectionId);
          this.replan();
        });
    }
    this.replan();
  }
}
