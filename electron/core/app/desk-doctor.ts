/**
 * Where the desk consults the error doctor (electron/core/doctor): every error a card shows — a
 * failed sign-in, a connection's failed refresh or re-authorization reason, a data panel's error,
 * a revocation that did not go through — goes out with what happened, the likely cause and the fix.
 * Rejected calls keep their plain `{code, message, hint}` (dispatch.ts).
 */
import type { ErrorInfo } from '../../shared/error-info.ts';
import type { AuthMode, ConnectionView, DataPanelView } from '../../shared/view-types.ts';
import type { DoctorPhase } from '../doctor/doctor-context.ts';
import { declinedScopes } from '../doctor/declined-scopes.ts';
import { doctorContextFor, explain } from '../doctor/explain.ts';
import type { Clock } from '../ports.ts';
import type { ProviderProfile } from '../providers/provider-profile.ts';
import { errorBehind } from '../providers/settle.ts';

/** The sign-in the error came from, when one was running: its exact redirect URI and mode. */
export interface SignInFacts {
  readonly redirectUri: string | null;
  readonly authMode: AuthMode;
}

/** What the doctor reads of a connection (a stored record or its view): the scopes asked for and granted. */
type ConnectionFacts = Pick<ConnectionView, 'grantedScopes' | 'requestedScopes' | 'hasRefreshToken'>;

export interface DeskDoctor {
  /** A sign-in that ended without tokens (or could not start). */
  signIn(error: unknown, profile: ProviderProfile, signIn: SignInFacts): ErrorInfo;
  /** A connection's stored reason or refresh failure; `retryAt` is when the app tries again on its own. */
  connection(info: ErrorInfo, profile: ProviderProfile, connection: ConnectionFacts, retryAt: number | null): ErrorInfo;
  /** The panels of a data fetch, each failed panel explained. */
  panels(panels: readonly DataPanelView[], profile: ProviderProfile, connection: ConnectionFacts): DataPanelView[];
  /** A failure outside a sign-in: a manual refresh, a revocation. */
  other(error: unknown, profile: ProviderProfile, phase: DoctorPhase, connection?: ConnectionFacts): ErrorInfo;
}

export function createDeskDoctor(clock: Clock): DeskDoctor {
  const scopes = (connection: ConnectionFacts | undefined) =>
    connection === undefined ? {} : { declinedScopes: declinedScopes(connection), requestedScopes: connection.requestedScopes };
  const other: DeskDoctor['other'] = (error, profile, phase, connection) => explain(error, doctorContextFor(profile, { phase, now: clock.now(), ...scopes(connection) }));
  return {
    signIn: (error, profile, signIn) =>
      explain(error, doctorContextFor(profile, { phase: 'sign-in', now: clock.now(), authMode: signIn.authMode, ...(signIn.redirectUri === null ? {} : { redirectUri: signIn.redirectUri }) })),
    connection: (info, profile, connection, retryAt) =>
      explain(info, doctorContextFor(profile, { phase: 'refresh', now: clock.now(), retryAt, ...scopes(connection) })),
    panels: (panels, profile, connection) =>
      panels.map((panel) => (panel.result.ok ? panel : { ...panel, result: { ok: false, error: other(errorBehind(panel.result.error), profile, 'data', connection) } }) as DataPanelView),
    other,
  };
}
