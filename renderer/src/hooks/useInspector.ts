import { useCallback, useEffect, useRef, useState } from 'react';
import type { ErrorInfo } from '../../../electron/shared/error-info.ts';
import type { FlowTimelineView, InspectorTarget } from '../../../electron/shared/flow-types.ts';
import { errorInfoOf } from '../bridge/error-info.ts';
import { inspectorTargetKey, sameTarget } from '../format/flow-values.ts';
import { coalesceUpdates } from './coalesce-updates.ts';
import { useApi } from './useApi.ts';

/**
 * Pushed changes are answered with one read per burst: after 200 ms without another change, or
 * every second while they keep coming (a data reload records many API calls in a row).
 */
export const INSPECTOR_RELOAD = { quietMs: 200, maxWaitMs: 1000 } as const;

export interface InspectorState {
  /** Null until the first read answered. A later read that fails keeps the timeline shown before. */
  readonly timeline: FlowTimelineView | null;
  /** The last read failed. */
  readonly error: ErrorInfo | null;
  /** Reads the timeline again. */
  readonly reload: () => void;
}

/**
 * One timeline (`inspector:steps`): read when the target changes, on `reload()`, and again after
 * the app pushes `inspector:changed` for this target (new steps, or the timeline cleared) — once
 * per burst of changes, the last change always included (INSPECTOR_RELOAD). Only the answer to the
 * latest read is shown, so a slow early answer never replaces a newer one.
 */
export function useInspector(target: InspectorTarget): InspectorState {
  const api = useApi();
  const [reads, setReads] = useState(0);
  const [timeline, setTimeline] = useState<FlowTimelineView | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const latest = useRef(0);
  // The target as a stable key: a new object for the same timeline does not read it again. (The
  // page is keyed by its target, so one mounted hook only ever reads one timeline.)
  const key = inspectorTargetKey(target);

  useEffect(() => {
    let active = true;
    const read = (): void => {
      const serial = ++latest.current;
      api.inspectorSteps(target).then(
        (view) => {
          if (!active || serial !== latest.current) return;
          setTimeline(view);
          setError(null);
        },
        (reason: unknown) => {
          if (!active || serial !== latest.current) return;
          setError(errorInfoOf(reason));
        },
      );
    };
    const changes = coalesceUpdates(() => {
      if (active) read();
    }, INSPECTOR_RELOAD);
    const off = api.on('inspector:changed', (changed) => {
      if (active && sameTarget(changed, target)) changes.notify();
    });
    read();
    return () => {
      active = false;
      changes.cancel();
      off();
    };
    // `key` stands for `target`.
  }, [api, key, reads]);

  const reload = useCallback(() => setReads((n) => n + 1), []);
  return { timeline, error, reload };
}
