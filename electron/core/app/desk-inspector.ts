/**
 * The desk's side of the flow inspector: which timeline each request is recorded in.
 *
 * - A sign-in records into its provider's 'sign-in' timeline (authorization request, callback, token
 *   request, identity call). A new Connect starts a fresh one. When the sign-in stores tokens, its
 *   steps are appended to that connection's timeline (a re-authorization to the existing one) and
 *   the sign-in timeline is cleared; a failed sign-in leaves them there to be inspected.
 * - A sign-in that a newer one replaced keeps its steps to itself (they do not mix into the newer
 *   sign-in's timeline) and still hands them to its connection if it stores tokens.
 * - Refreshes, data and revocation record into the connection's timeline, which disconnect clears.
 */
import type { FlowStep, FlowTimelineView, InspectorTarget } from '../../shared/flow-types.ts';
import type { HttpClient } from '../http/http-client.ts';
import { FlowJournal, connectionTimeline, signInTimeline } from '../inspector/flow-journal.ts';
import type { FlowStepDraft } from '../inspector/flow-step.ts';
import { createRecordingHttpClient } from '../inspector/recording-http-client.ts';
import type { Clock, Logger } from '../ports.ts';

/** One sign-in's recording. */
export interface SignInRecording {
  /** The HTTP client of this sign-in (token request, identity): every request becomes a step. */
  readonly http: HttpClient;
  /** Records a step the app did not send itself (the authorization request, the callback). */
  record(step: FlowStepDraft): void;
  /** The tokens were stored under this connection: the sign-in's steps continue its timeline. */
  stored(connectionId: string): void;
}

export interface DeskInspector {
  startSignIn(providerId: string, providerName: string): SignInRecording;
  /** The provider was removed: its sign-in timeline goes. */
  forgetSignIn(providerId: string): void;
  /** Records the connection's requests in its timeline. */
  connectionHttp(connectionId: string, providerName: string): HttpClient;
  /** Disconnected: the connection's timeline goes. */
  clearConnection(connectionId: string): void;
  view(target: InspectorTarget): FlowTimelineView;
  onChange(listener: (target: InspectorTarget) => void): () => void;
  close(): void;
}

export interface DeskInspectorOptions {
  readonly http: HttpClient;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly capacity?: number;
}

export function createDeskInspector(options: DeskInspectorOptions): DeskInspector {
  const { http, clock, logger } = options;
  const journal = new FlowJournal({
    ...(options.capacity === undefined ? {} : { capacity: options.capacity }),
    onListenerError: () => logger.error('an inspector change listener failed'),
  });
  /** The sign-in whose steps the provider's sign-in timeline shows. */
  const current = new Map<string, object>();

  const recorder = (record: (step: FlowStepDraft) => void, providerName: string): HttpClient =>
    createRecordingHttpClient(http, { record, clock, providerName, logger });

  return {
    startSignIn(providerId, providerName) {
      const target = signInTimeline(providerId);
      const session = {};
      current.set(providerId, session);
      journal.clear(target);
      // The session's own copy, bounded like a timeline: what it hands to its connection.
      const steps: FlowStep[] = [];
      let dropped = 0;
      let connection: InspectorTarget | null = null;
      const isCurrent = () => current.get(providerId) === session;
      const record = (draft: FlowStepDraft) => {
        const step = journal.stamp(draft);
        if (connection !== null) {
          journal.append(connection, [step]);
          return;
        }
        steps.push(step);
        if (steps.length > journal.capacity) {
          steps.shift();
          dropped++;
        }
        if (isCurrent()) journal.append(target, [step]);
      };
      return {
        http: recorder(record, providerName),
        record,
        stored(connectionId) {
          connection = connectionTimeline(connectionId);
          journal.append(connection, steps.splice(0), dropped);
          if (isCurrent()) {
            current.delete(providerId);
            journal.clear(target);
          }
        },
      };
    },
    forgetSignIn(providerId) {
      current.delete(providerId);
      journal.clear(signInTimeline(providerId));
    },
    connectionHttp(connectionId, providerName) {
      const target = connectionTimeline(connectionId);
      return recorder((draft) => journal.record(target, draft), providerName);
    },
    clearConnection(connectionId) {
      journal.clear(connectionTimeline(connectionId));
    },
    view: (target) => journal.view(target),
    onChange: (listener) => journal.onChange(listener),
    close() {
      current.clear();
      journal.reset();
    },
  };
}
