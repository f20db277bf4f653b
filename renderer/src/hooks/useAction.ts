import { useCallback, useEffect, useRef, useState } from 'react';
import type { ErrorInfo } from '../../../electron/shared/error-info.ts';
import { errorInfoOf } from '../bridge/error-info.ts';

export interface ActionState {
  /** Names of the calls in flight. */
  readonly busy: ReadonlySet<string>;
  /** The last failed call's error, until the next call starts or `clearError()`. */
  readonly error: ErrorInfo | null;
  /** Runs `call` under `name` (ignored while a call of that name is in flight); resolves to its value or undefined. */
  run<T>(name: string, call: () => Promise<T>): Promise<T | undefined>;
  clearError(): void;
}

/** Tracks a component's own calls: which are in flight (to disable their buttons) and the last error. */
export function useAction(): ActionState {
  const [busy, setBusy] = useState<ReadonlySet<string>>(() => new Set());
  const [error, setError] = useState<ErrorInfo | null>(null);
  const inFlight = useRef(new Set<string>());
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const run = useCallback(async <T>(name: string, call: () => Promise<T>): Promise<T | undefined> => {
    if (inFlight.current.has(name)) return undefined;
    inFlight.current.add(name);
    setBusy(new Set(inFlight.current));
    setError(null);
    try {
      return await call();
    } catch (reason) {
      if (mounted.current) setError(errorInfoOf(reason));
      return undefined;
    } finally {
      inFlight.current.delete(name);
      if (mounted.current) setBusy(new Set(inFlight.current));
    }
  }, []);

  const clearError = useCallback(() => setError(null), []);
  return { busy, error, run, clearError };
}
