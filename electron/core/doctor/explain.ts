/**
 * The error doctor's entry point for the desk: an error as the card shows it, `{code, message, hint}`
 * plus the diagnosis when the doctor has one, and the doctor's context built from a provider profile.
 *
 *   explain(error, doctorContextFor(profile, { phase: 'sign-in', now, redirectUri: attempt.redirectUri, authMode }))
 */
import type { ErrorInfo } from '../../shared/error-info.ts';
import { isErrorInfo } from '../../shared/error-info.ts';
import type { AuthMode } from '../../shared/view-types.ts';
import { OAuthDeskError, toErrorInfo } from '../errors.ts';
import type { ProviderProfile } from '../providers/provider-profile.ts';
import type { DoctorContext, DoctorPhase } from './doctor-context.ts';
import { diagnose } from './error-doctor.ts';
import { rulesOf } from './provider-rules.ts';

/**
 * `toErrorInfo(error)` with the doctor's diagnosis added when it has one. A stored `ErrorInfo` (e.g. a
 * connection's re-authorization reason) is explained from its code; any diagnosis it carried is
 * replaced by a fresh one for this context.
 */
export function explain(error: unknown, context: DoctorContext): ErrorInfo {
  const info: ErrorInfo =
    !(error instanceof OAuthDeskError) && isErrorInfo(error) ? { code: error.code, message: error.message, hint: error.hint } : toErrorInfo(error);
  const diagnosis = diagnose(error, context);
  return diagnosis === null ? info : { ...info, diagnosis };
}

export interface DoctorContextOptions {
  readonly phase: DoctorPhase;
  /** Epoch milliseconds. */
  readonly now: number;
  /** The redirect URI the attempt used; when absent, the one the provider's Settings show. */
  readonly redirectUri?: string | null;
  readonly authMode?: AuthMode | null;
  readonly retryAt?: number | null;
  readonly declinedScopes?: readonly string[];
  readonly requestedScopes?: readonly string[];
}

/** The redirect URI Settings shows for the provider (a port-less loopback URI when any port is used); null when none. */
export function settingsRedirectUri(profile: Pick<ProviderProfile, 'settings'>): string | null {
  try {
    return profile.settings?.().redirect.uri ?? null;
  } catch {
    // Settings that cannot be read (e.g. an unreadable secret) must not hide the error being explained.
    return null;
  }
}

/** The doctor's context for a failure of this provider: its name, rules and redirect URI. */
export function doctorContextFor(profile: Pick<ProviderProfile, 'displayName' | 'rules' | 'console' | 'settings'>, options: DoctorContextOptions): DoctorContext {
  return {
    providerName: profile.displayName,
    rules: rulesOf(profile),
    redirectUri: options.redirectUri ?? settingsRedirectUri(profile),
    authMode: options.authMode ?? null,
    phase: options.phase,
    now: options.now,
    ...(options.retryAt === undefined ? {} : { retryAt: options.retryAt }),
    ...(options.declinedScopes === undefined ? {} : { declinedScopes: options.declinedScopes }),
    ...(options.requestedScopes === undefined ? {} : { requestedScopes: options.requestedScopes }),
  };
}
