import { useSyncExternalStore } from 'react';

/**
 * One clock for the whole window: a single timer, aligned to the start of each second, runs while
 * at least one component uses `useNow()`; every countdown re-renders from the same tick.
 */
const listeners = new Set<() => void>();
let now = Date.now();
let timer: ReturnType<typeof setTimeout> | null = null;

function schedule(): void {
  // A few ms past the boundary, so the displayed second has really started.
  timer = setTimeout(tick, 1000 - (Date.now() % 1000) + 5);
}

function tick(): void {
  now = Date.now();
  for (const listener of [...listeners]) listener();
  if (listeners.size > 0) schedule();
  else timer = null;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (timer === null) {
    now = Date.now();
    schedule();
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer !== null) {
      clearTimeout(timer);
      timer = null;
    }
  };
}

function getSnapshot(): number {
  // While no timer runs the stored value goes stale: refresh it, at most once a second so that
  // consecutive reads during one render agree.
  if (timer === null) {
    const current = Date.now();
    if (current - now >= 1000) now = current;
  }
  return now;
}

/** Epoch milliseconds, updated once a second. */
export function useNow(): number {
  return useSyncExternalStore(subscribe, getSnapshot, getSnapshot);
}

/** For tests: how many components are listening. */
export function clockListenerCount(): number {
  return listeners.size;
}
