/**
 * The flow inspector's memory: one timeline per connection, one per provider's latest sign-in and
 * one per provider's latest disconnect, each holding at most `capacity` steps (the oldest go first,
 * and are counted). Memory only: nothing is written to disk, and a timeline is gone once cleared.
 * Listeners hear which timeline changed.
 */
import type { FlowStep, FlowTimelineView, InspectorTarget } from '../../shared/flow-types.ts';
import type { FlowStepDraft } from './flow-step.ts';

export const DEFAULT_TIMELINE_CAPACITY = 100;

export function timelineKey(target: InspectorTarget): string {
  return target.kind === 'connection' ? `connection\u0000${target.connectionId}` : `${target.kind}\u0000${target.providerId}`;
}

export function connectionTimeline(connectionId: string): InspectorTarget {
  return { kind: 'connection', connectionId };
}

export function signInTimeline(providerId: string): InspectorTarget {
  return { kind: 'sign-in', providerId };
}

export function disconnectTimeline(providerId: string): InspectorTarget {
  return { kind: 'disconnect', providerId };
}

interface Timeline {
  steps: FlowStep[];
  dropped: number;
}

export type TimelineListener = (target: InspectorTarget) => void;

export class FlowJournal {
  readonly capacity: number;
  readonly #timelines = new Map<string, Timeline>();
  readonly #listeners = new Set<TimelineListener>();
  readonly #onListenerError: (error: unknown) => void;
  #nextId = 1;

  constructor(options: { readonly capacity?: number; readonly onListenerError?: (error: unknown) => void } = {}) {
    const capacity = options.capacity ?? DEFAULT_TIMELINE_CAPACITY;
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('A timeline holds at least one step.');
    this.capacity = capacity;
    this.#onListenerError = options.onListenerError ?? (() => {});
  }

  /** Gives a step its id (increasing within the app run), without adding it anywhere. */
  stamp(draft: FlowStepDraft): FlowStep {
    return { id: this.#nextId++, ...draft };
  }

  /** Adds steps at the end; beyond the capacity the oldest are dropped and counted (`extraDropped` adds to the count). */
  append(target: InspectorTarget, steps: readonly FlowStep[], extraDropped = 0): void {
    if (steps.length === 0 && extraDropped === 0) return;
    const key = timelineKey(target);
    const timeline = this.#timelines.get(key) ?? { steps: [], dropped: 0 };
    timeline.steps.push(...steps);
    timeline.dropped += extraDropped;
    const over = timeline.steps.length - this.capacity;
    if (over > 0) {
      timeline.steps.splice(0, over);
      timeline.dropped += over;
    }
    this.#timelines.set(key, timeline);
    this.#emit(target);
  }

  /** Numbers the step and appends it; returns it with its id. */
  record(target: InspectorTarget, draft: FlowStepDraft): FlowStep {
    const step = this.stamp(draft);
    this.append(target, [step]);
    return step;
  }

  view(target: InspectorTarget): FlowTimelineView {
    const timeline = this.#timelines.get(timelineKey(target));
    return { target, steps: timeline === undefined ? [] : [...timeline.steps], dropped: timeline?.dropped ?? 0, capacity: this.capacity };
  }

  /** Forgets the timeline (its steps and its drop count). Listeners hear of it even when it was empty. */
  clear(target: InspectorTarget): void {
    this.#timelines.delete(timelineKey(target));
    this.#emit(target);
  }

  onChange(listener: TimelineListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Drops every timeline and listener (the app is closing). */
  reset(): void {
    this.#timelines.clear();
    this.#listeners.clear();
  }

  #emit(target: InspectorTarget): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(target);
      } catch (error) {
        this.#onListenerError(error);
      }
    }
  }
}
