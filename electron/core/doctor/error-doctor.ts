/**
 * The error doctor: for a failure shown on a card, what happened, the likely cause and the fix, with
 * the facts that make the fix exact (the redirect URI to register, the provider's code lifetime, when
 * a rate limit resets). It reads the typed error (with the provider's own signals) or a stored
 * `ErrorInfo` (its code only), and the provider's rules. Plain text only: no token, code, verifier or
 * client secret ever reaches a diagnosis (S29), and provider text is not repeated in it.
 */
import type { Diagnosis } from '../../shared/diagnosis.ts';
import { apiRetired, networkFailed, providerUnavailable, rateLimited } from './availability-diagnoses.ts';
import { clientAuthenticationFailed, clientNotAllowed, clientSecretMissing } from './client-diagnoses.ts';
import { codeExpiredOrUsed, pkceVerifierMismatch } from './code-diagnoses.ts';
import type { Doctor } from './diagnosis-parts.ts';
import { readFailure } from './diagnosis-parts.ts';
import type { DoctorContext } from './doctor-context.ts';
import { redirectNotRegistered, redirectPortBusy, signInNotFinished } from './redirect-diagnoses.ts';
import { accessRevoked, noRefreshToken, refreshTokenEnded, refreshTokenNotSaved } from './refresh-diagnoses.ts';
import { revocationNotConfirmed } from './revocation-diagnoses.ts';
import { scopeInvalid, scopeNotGranted } from './scope-diagnoses.ts';
import { accessDenied, appWindowUnavailable, embeddedWindowRefused } from './sign-in-diagnoses.ts';

export type { DoctorContext, DoctorPhase } from './doctor-context.ts';

/** Error codes the doctor has something to add to, each with its doctor. */
const DOCTORS: Readonly<Record<string, Doctor>> = {
  // The redirect URI and the sign-in page.
  redirect_uri_mismatch: redirectNotRegistered,
  attempt_timed_out: signInNotFinished,
  loopback_port_in_use: redirectPortBusy,
  embedded_window_refused: embeddedWindowRefused,
  app_window_failed: appWindowUnavailable,
  app_window_unavailable: appWindowUnavailable,
  access_denied: accessDenied,
  // The code exchange.
  code_invalid: codeExpiredOrUsed,
  pkce_mismatch: pkceVerifierMismatch,
  // The client.
  client_invalid: clientAuthenticationFailed,
  client_unauthorized: clientNotAllowed,
  unauthorized_client: clientNotAllowed,
  client_secret_missing: clientSecretMissing,
  // Permissions.
  scope_missing: scopeNotGranted,
  invalid_scope: scopeInvalid,
  // Renewing access (S17).
  refresh_token_invalid: refreshTokenEnded,
  refresh_token_not_saved: refreshTokenNotSaved,
  refresh_token_missing: noRefreshToken,
  access_token_refused: accessRevoked,
  // Availability.
  rate_limited: rateLimited,
  provider_unavailable: providerUnavailable,
  network_unreachable: networkFailed,
  network_timeout: networkFailed,
  api_retired: apiRetired,
  // Disconnecting (S19): the local tokens are gone whatever the provider answered.
  revocation_failed: revocationNotConfirmed,
};

/** Google's name for an embedded window it refuses; any failure carrying it is that refusal. */
const EMBEDDED_REFUSAL_ERRORS: ReadonlySet<string> = new Set(['disallowed_useragent']);

/**
 * The diagnosis of a failure: `error` is an `OAuthDeskError` (with the provider's error, description,
 * retry-after and HTTP status when it has them) or a plain `ErrorInfo` (a stored reason: its code
 * only). Null when the doctor has nothing to add to the message and hint (unknown errors included).
 */
export function diagnose(error: unknown, context: DoctorContext): Diagnosis | null {
  const failure = readFailure(error);
  if (failure === null) return null;
  if (failure.providerError !== undefined && EMBEDDED_REFUSAL_ERRORS.has(failure.providerError)) {
    return embeddedWindowRefused(failure, context);
  }
  const doctor = Object.hasOwn(DOCTORS, failure.code) ? DOCTORS[failure.code] : undefined;
  return doctor === undefined ? null : doctor(failure, context);
}

/** The codes `diagnose` has a diagnosis for (for tests and support). */
export const DIAGNOSED_CODES: readonly string[] = Object.freeze(Object.keys(DOCTORS));
