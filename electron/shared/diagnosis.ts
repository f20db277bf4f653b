/**
 * What the error doctor (electron/core/doctor) says about a failure, shown on the card under the
 * error: what happened, the likely cause and the fix, with the facts that make the fix exact (the
 * redirect URI to register, the provider's code lifetime, when a rate limit resets). Built in the
 * main process from the typed error and the provider's rules; plain text only, never a secret.
 */

/** The next step the card offers with the diagnosis. */
export type DiagnosisAction =
  /** Start a fresh sign-in. */
  | 'connect'
  /** Sign in again for this connection (new consent, new refresh token). */
  | 'reauthorize'
  /** Change something in the provider's Settings (client ID, secret, port, scopes, endpoints). */
  | 'settings'
  /** Switch the provider's sign-in mode to the system browser, then connect. */
  | 'use-system-browser'
  /** Nothing to change: wait (see the `resets` fact) and try again. */
  | 'wait'
  /** Try the same thing again (a passing failure). */
  | 'retry'
  /** Nothing the app can do; the fix is outside it (e.g. an update of OAuth Desk). */
  | 'none';

export interface DiagnosisFact {
  /** E.g. "Redirect URI to register", "Code lifetime at X", "Resets at". */
  readonly label: string;
  /** Text, or for `kind: 'time'` an ISO 8601 instant the renderer shows in local time. */
  readonly value: string;
  readonly kind: 'text' | 'time';
  /** Offer a Copy button (the exact redirect URI, a scope name). */
  readonly copyable: boolean;
}

export interface Diagnosis {
  /** The doctor's name for the case, stable for tests and support, e.g. `redirect_uri_not_registered`. */
  readonly id: string;
  /** What happened, in one or two sentences. */
  readonly happened: string;
  /** The likely cause. */
  readonly cause: string;
  /** The fix, as steps in order (one or more). */
  readonly fix: readonly string[];
  readonly facts: readonly DiagnosisFact[];
  /** Where the fix is made at the provider (its developer console), when the app knows it. */
  readonly link: { readonly label: string; readonly url: string } | null;
  readonly action: DiagnosisAction;
}
