/**
 * Routes sign-in responses arriving through the app's custom scheme to the sign-in they belong to,
 * by state (S6, S9). Every sign-in in custom-scheme mode registers its state while it waits; a link
 * is delivered at most once. Links for a state that was never issued, that already delivered a
 * response, or whose sign-in ended are refused with a typed error the host shows to the person.
 *
 * States are kept as SHA-256 digests: lookups do not compare secrets byte by byte, and the record of
 * spent states holds nothing that could be replayed.
 */
import { createHash } from 'node:crypto';
import { OAuthDeskError } from '../errors.ts';
import type { SchemeCallback } from './scheme-callback-url.ts';
import { parseSchemeCallbackUrl } from './scheme-callback-url.ts';

export class SchemeDeliveryError extends OAuthDeskError {}

/** What the waiting sign-in answers: its own validation of the full response (attempt.deliverRedirect). */
export type SchemeRedirectOutcome = 'received' | 'failed' | 'invalid';

export interface SchemeRedirectRouter {
  /**
   * Registers a waiting sign-in; the returned function ends the registration (the sign-in finished,
   * was cancelled or timed out), after which its state counts as ended.
   */
  register(state: string, deliver: (callbackUrl: string) => SchemeRedirectOutcome): () => void;
  /**
   * Hands a URL received from the operating system to its sign-in and answers with that sign-in's
   * outcome ('failed': the provider reported an error, which the card now shows). Throws
   * `SchemeUrlError` for a malformed link and `SchemeDeliveryError` for a state that is unknown,
   * spent or ended, or a response the sign-in refused.
   */
  deliver(rawUrl: unknown): 'received' | 'failed';
  /** Sign-ins waiting now (for tests and diagnostics). */
  pendingCount(): number;
}

/** How many finished states are remembered to tell "already used" from "unknown". */
export const REMEMBERED_STATES = 256;

const digest = (state: string): string => createHash('sha256').update(state, 'utf8').digest('base64url');

export function createSchemeRedirectRouter(): SchemeRedirectRouter {
  const waiting = new Map<string, (callbackUrl: string) => SchemeRedirectOutcome>();
  const finished = new Map<string, 'used' | 'ended'>();

  const remember = (key: string, how: 'used' | 'ended') => {
    finished.delete(key);
    finished.set(key, how);
    while (finished.size > REMEMBERED_STATES) finished.delete(finished.keys().next().value as string);
  };

  return {
    register(state, deliver) {
      if (typeof state !== 'string' || state.length < 22) throw new TypeError('A sign-in state of at least 128 bits is required');
      const key = digest(state);
      if (waiting.has(key) || finished.has(key)) throw new TypeError('This state is already registered');
      waiting.set(key, deliver);
      return () => {
        if (waiting.delete(key)) remember(key, 'ended');
      };
    },
    deliver(rawUrl) {
      const callback: SchemeCallback = parseSchemeCallbackUrl(rawUrl);
      const key = digest(callback.state);
      const target = waiting.get(key);
      if (target === undefined) {
        const how = finished.get(key);
        if (how === 'used') {
          throw new SchemeDeliveryError('scheme_state_spent', 'This sign-in response was already used.', {
            hint: 'Nothing more to do if the connection shows as connected. Otherwise click Connect to sign in again.',
          });
        }
        if (how === 'ended') {
          throw new SchemeDeliveryError('scheme_state_ended', 'This sign-in response arrived after its sign-in had ended (cancelled, replaced or timed out).', {
            hint: 'Click Connect to start a new sign-in and finish it in the browser page that opens.',
          });
        }
        throw new SchemeDeliveryError('scheme_state_unknown', 'This sign-in response does not belong to any sign-in OAuth Desk started.', {
          hint: 'If you were signing in, click Connect in OAuth Desk and finish signing in on the page it opens. Otherwise ignore this link.',
        });
      }
      const outcome = target(callback.url);
      if (outcome === 'invalid') {
        // The sign-in's own validation refused it and is still waiting for its real response.
        throw new SchemeDeliveryError('scheme_response_rejected', 'This sign-in response does not match the sign-in in progress and was ignored.', {
          hint: 'Finish signing in on the page OAuth Desk opened; if that fails, click Connect to start again.',
        });
      }
      waiting.delete(key);
      remember(key, 'used');
      return outcome;
    },
    pendingCount: () => waiting.size,
  };
}
