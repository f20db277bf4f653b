/**
 * What the error doctor is told about a failure besides the error itself: which provider, its rules,
 * the redirect URI in play, the sign-in mode, what the app was doing, and the time. Nothing here is a
 * secret: the doctor never sees a token, code, verifier or client secret (S29).
 */
import type { AuthMode } from '../../shared/view-types.ts';
import type { ProviderRules } from './provider-rules.ts';

/** What the app was doing when it failed: signing in, renewing tokens, loading data, or disconnecting. */
export type DoctorPhase = 'sign-in' | 'refresh' | 'data' | 'disconnect';

export interface DoctorContext {
  /** As the card names the provider, e.g. "Google". */
  readonly providerName: string;
  /** undefined when the profile declares none: the doctor then assumes exact registration and unknown lifetimes. */
  readonly rules: ProviderRules | undefined;
  /** The exact redirect URI the attempt used, or the one Settings shows; null when unknown. */
  readonly redirectUri: string | null;
  readonly authMode: AuthMode | null;
  readonly phase: DoctorPhase;
  /** Epoch milliseconds, to turn the provider's "retry after" into a reset time. */
  readonly now: number;
  /** A known retry or reset time (epoch milliseconds), e.g. when the refresh backoff tries again. */
  readonly retryAt?: number | null;
  /** Scopes asked for at sign-in but not granted (see `declinedScopes`), when the failure is about a connection. */
  readonly declinedScopes?: readonly string[];
  /** The scopes the app asks for, when known (shown when the provider refuses one of them). */
  readonly requestedScopes?: readonly string[];
}
