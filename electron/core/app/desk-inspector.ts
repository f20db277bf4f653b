/**
 * The desk's side of the flow inspector: which timeline each request is recorded in, and the steps
 * built from the sign-in's own events (the authorization request, the callbacks).
 *
 * - A sign-in records into its provider's 'sign-in' timeline (authorization request, callback, token
 *   request, identity call). A new Connect starts a fresh one. When the sign-in stores tokens, its
 *   steps are appended to that connection's timeline (a re-authorization to the existing one) and
 *   the sign-in timeline is cleared; a failed sign-in leaves them there to be inspected.
 * - A sign-in that a newer one replaced keeps its steps to itself (they do not mix into the newer
 *   sign-in's timeline) and still hands them to its connection if it stores tokens.
 * - Refreshes and data record into the connection's timeline. A disconnect records its revocation
 *   requests into the provider's 'disconnect' timeline (replaced at the provider's next disconnect)
 *   and clears the connection's; a step for a cleared connection that arrives late (a data call in
 *   flight during the disconnect) is dropped, as is everything once the inspector is closed.
 * - Each timeline remembers the secret values its steps carried (memory only, bounded) so a later
 *   step that echoes one (a refresh token in an error text) has it scrubbed too (secret-scrub.ts).
 */
import type { FlowStep, FlowTimelineView, InspectorTarget } from '../../shared/flow-types.ts';
import type { AttemptDependencies } from '../auth/authorization-attempt.ts';
import type { HttpClient } from '../http/http-client.ts';
import { FlowJournal, connectionTimeline, disconnectTimeline, signInTimeline } from '../inspector/flow-journal.ts';
import type { BuiltStep, FlowStepDraft } from '../inspector/flow-step.ts';
import { buildAuthorizationRequestStep, buildCallbackStep } from '../inspector/flow-step.ts';
import { createRecordingHttpClient } from '../inspector/recording-http-client.ts';
import type { Scrub } from '../inspector/secret-scrub.ts';
import { SecretMemory, chainScrubbers, unchanged } from '../inspector/secret-scrub.ts';
import type { Clock, Logger } from '../ports.ts';

/** Cleared connections remembered so their late steps are dropped (ids are never reused; the oldest are forgotten). */
const MAX_CLEARED_CONNECTIONS = 1000;

/** One sign-in's recording. */
export interface SignInRecording {
  /** The HTTP client of this sign-in (token request, identity): every request becomes a step. */
  readonly http: HttpClient;
  /** The attempt's events (its authorization URL, its callbacks), which become steps here. */
  readonly attemptEvents: Pick<AttemptDependencies, 'onAuthorizationRequest' | 'onCallback'>;
  /** The tokens were stored under this connection: the sign-in's steps continue its timeline. */
  stored(connectionId: string): void;
}

export interface DeskInspector {
  startSignIn(providerId: string, providerName: string): SignInRecording;
  /** The provider was removed: its sign-in and disconnect timelines go. */
  forgetProvider(providerId: string): void;
  /** Records the connection's requests in its timeline. */
  connectionHttp(connectionId: string, providerName: string): HttpClient;
  /** A disconnect of this connection starts: the provider's disconnect timeline starts afresh and records its requests. */
  disconnectHttp(providerId: string, connectionId: string, providerName: string): HttpClient;
  /** Disconnected: the connection's timeline goes, and steps that still arrive for it are dropped. */
  clearConnection(connectionId: string): void;
  view(target: InspectorTarget): FlowTimelineView;
  onChange(listener: (target: InspectorTarget) => void): () => void;
  /** Drops every timeline and stops recording. */
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
  let closed = false;
  /** The sign-in whose steps the provider's sign-in timeline shows; the disconnect whose its disconnect timeline shows. */
  const currentSignIn = new Map<string, object>();
  const currentDisconnect = new Map<string, object>();
  const cleared = new Set<string>();
  const memories = new Map<string, SecretMemory>();

  /** The connection's secret memory, or null once it was cleared (or the inspector closed). */
  const memoryOf = (connectionId: string): SecretMemory | null => {
    if (closed || cleared.has(connectionId)) return null;
    let memory = memories.get(connectionId);
    if (memory === undefined) memories.set(connectionId, (memory = new SecretMemory()));
    return memory;
  };
  /** Appends to a connection's timeline unless it was cleared. */
  const appendToConnection = (connectionId: string, steps: readonly FlowStep[], secrets: readonly string[], dropped = 0) => {
    const memory = memoryOf(connectionId);
    if (memory === null) return;
    memory.add(secrets);
    journal.append(connectionTimeline(connectionId), steps, dropped);
  };
  const recorder = (record: (draft: FlowStepDraft, secrets: readonly string[]) => void, earlier: () => Scrub, providerName: string): HttpClient =>
    createRecordingHttpClient(http, { record, earlier, clock, providerName, logger });

  return {
    startSignIn(providerId, providerName) {
      const target = signInTimeline(providerId);
      const session = {};
      currentSignIn.set(providerId, session);
      journal.clear(target);
      // The session's own copy, bounded like a timeline: what it hands to its connection.
      const steps: FlowStep[] = [];
      const memory = new SecretMemory();
      let dropped = 0;
      let connection: string | null = null;
      const isCurrent = () => currentSignIn.get(providerId) === session;
      const earlier = () => (connection === null ? memory.scrubber() : (memoryOf(connection)?.scrubber() ?? unchanged));
      const record = (draft: FlowStepDraft, secrets: readonly string[]) => {
        if (closed) return;
        if (connection !== null) {
          appendToConnection(connection, [journal.stamp(draft)], secrets);
          return;
        }
        memory.add(secrets);
        const step = journal.stamp(draft);
        steps.push(step);
        if (steps.length > journal.capacity) {
          steps.shift();
          dropped++;
        }
        if (isCurrent()) journal.append(target, [step]);
      };
      const recordBuilt = ({ draft, secrets }: BuiltStep) => record(draft, secrets);
      return {
        http: recorder(record, earlier, providerName),
        attemptEvents: {
          onAuthorizationRequest: (url, at) => recordBuilt(buildAuthorizationRequestStep(url, at, earlier())),
          onCallback: (url, at, problem) => recordBuilt(buildCallbackStep(url, at, problem, earlier())),
        },
        stored(connectionId) {
          if (closed) return;
          connection = connectionId;
          appendToConnection(connectionId, steps.splice(0), memory.values(), dropped);
          if (isCurrent()) {
            currentSignIn.delete(providerId);
            journal.clear(target);
          }
        },
      };
    },
    forgetProvider(providerId) {
      currentSignIn.delete(providerId);
      currentDisconnect.delete(providerId);
      journal.clear(signInTimeline(providerId));
      journal.clear(disconnectTimeline(providerId));
    },
    connectionHttp(connectionId, providerName) {
      const target = connectionTimeline(connectionId);
      const record = (draft: FlowStepDraft, secrets: readonly string[]) => {
        const memory = memoryOf(connectionId);
        if (memory === null) return;
        memory.add(secrets);
        journal.record(target, draft);
      };
      return recorder(record, () => memoryOf(connectionId)?.scrubber() ?? unchanged, providerName);
    },
    disconnectHttp(providerId, connectionId, providerName) {
      const target = disconnectTimeline(providerId);
      const session = {};
      currentDisconnect.set(providerId, session);
      journal.clear(target);
      const memory = new SecretMemory();
      const record = (draft: FlowStepDraft, secrets: readonly string[]) => {
        // A newer disconnect of the provider replaced this one's timeline.
        if (closed || currentDisconnect.get(providerId) !== session) return;
        memory.add(secrets);
        journal.record(target, draft);
      };
      return recorder(record, () => chainScrubbers(memory.scrubber(), memories.get(connectionId)?.scrubber() ?? unchanged), providerName);
    },
    clearConnection(connectionId) {
      if (closed) return;
      cleared.add(connectionId);
      if (cleared.size > MAX_CLEARED_CONNECTIONS) cleared.delete(cleared.values().next().value!);
      memories.delete(connectionId);
      journal.clear(connectionTimeline(connectionId));
    },
    view: (target) => journal.view(target),
    onChange: (listener) => journal.onChange(listener),
    close() {
      closed = true;
      currentSignIn.clear();
      currentDisconnect.clear();
      memories.clear();
      journal.reset();
    },
  };
}
