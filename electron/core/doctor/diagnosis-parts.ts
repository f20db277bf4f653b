/**
 * The pieces every diagnosis is built from: the failure as the doctor reads it (a typed error with
 * the provider's own signals, or a stored `ErrorInfo` with its code only), facts, the console link,
 * and the wording that depends on the provider's rules or on what the app was doing.
 */
import type { Diagnosis, DiagnosisAction, DiagnosisFact } from '../../shared/diagnosis.ts';
import { isErrorInfo } from '../../shared/error-info.ts';
import { ApiError, OAuthDeskError, TokenEndpointError } from '../errors.ts';
import { describeSeconds } from '../providers/durations.ts';
import type { DoctorContext } from './doctor-context.ts';

/** What the doctor reads from an error. Provider text is the sanitized description error-mapping kept. */
export interface Failure {
  readonly code: string;
  readonly message: string;
  /** The provider's own error code (RFC 6749 `error`, a Bearer challenge, a Google reason). */
  readonly providerError: string | undefined;
  readonly providerErrorDescription: string | undefined;
  readonly retryAfterMs: number | undefined;
  /** The HTTP status of a failed API call. */
  readonly status: number | undefined;
  /** True for a token (or revocation) endpoint's answer, false for an API's; undefined when unknown (a stored `ErrorInfo`). */
  readonly fromTokenEndpoint: boolean | undefined;
}

/** A typed error or a stored `ErrorInfo`; null for anything else (an unknown error says nothing safe). */
export function readFailure(error: unknown): Failure | null {
  if (error instanceof OAuthDeskError) {
    return {
      code: error.code,
      message: error.message,
      providerError: error.providerError,
      providerErrorDescription: error.providerErrorDescription,
      retryAfterMs: error.retryAfterMs,
      status: error instanceof ApiError ? error.status : undefined,
      fromTokenEndpoint: error instanceof TokenEndpointError ? true : error instanceof ApiError ? false : undefined,
    };
  }
  if (isErrorInfo(error)) {
    return { code: error.code, message: error.message, providerError: undefined, providerErrorDescription: undefined, retryAfterMs: undefined, status: undefined, fromTokenEndpoint: undefined };
  }
  return null;
}

/** A diagnosis for one failure; null when it has nothing to add. */
export type Doctor = (failure: Failure, context: DoctorContext) => Diagnosis | null;

export function textFact(label: string, value: string, copyable = false): DiagnosisFact {
  return { label, value, kind: 'text', copyable };
}

/** An instant the renderer shows in local time. */
export function timeFact(label: string, epochMs: number): DiagnosisFact {
  return { label, value: new Date(epochMs).toISOString(), kind: 'time', copyable: false };
}

export function consoleLink(context: DoctorContext): Diagnosis['link'] {
  const console = context.rules?.console;
  return console ? { label: `Open ${console.name}`, url: console.url } : null;
}

/** "the X Developer Portal", or a description when the app does not know the console. */
export function consoleName(context: DoctorContext): string {
  const console = context.rules?.console;
  return console ? `the ${console.name}` : `${context.providerName}'s developer settings for this client`;
}

/** Without rules the doctor assumes the strictest: the redirect URI must be registered exactly. */
export function registersExactly(context: DoctorContext): boolean {
  if (context.authMode === 'custom-scheme') return true;
  if (context.redirectUri !== null && !isLoopbackHttp(context.redirectUri)) return true;
  return (context.rules?.redirectRegistration ?? 'exact') === 'exact';
}

export function isLoopbackHttp(uri: string): boolean {
  try {
    const url = new URL(uri);
    return url.protocol === 'http:' && url.hostname === '127.0.0.1';
  } catch {
    return false;
  }
}

/**
 * A loopback redirect URI without a port is how Settings shows a provider set to use any free port:
 * the port, and so the URI, changes at every sign-in.
 */
export function usesAnyPort(uri: string | null): boolean {
  if (uri === null || !isLoopbackHttp(uri)) return false;
  return new URL(uri).port === '';
}

/** The code lifetime as a fact's value: exact when the provider documents it. */
export function codeLifetimeText(context: DoctorContext): string {
  const seconds = context.rules?.codeLifetimeSeconds ?? null;
  return seconds === null ? 'Not documented (usually seconds to minutes)' : describeSeconds(seconds);
}

/**
 * The next step after a failure that may pass: sign in again, or try the same thing again. After a
 * disconnect there is nothing to try again: the connection and its tokens are already gone.
 */
export function againAction(context: DoctorContext): DiagnosisAction {
  if (context.phase === 'disconnect') return 'none';
  return context.phase === 'sign-in' ? 'connect' : 'retry';
}

/** What the app was doing, for sentences like "while renewing the connection's access". */
export function doingWhat(context: DoctorContext): string {
  switch (context.phase) {
    case 'sign-in':
      return 'signing in';
    case 'refresh':
      return "renewing the connection's access";
    case 'data':
      return 'loading data';
    case 'disconnect':
      return 'revoking the connection';
  }
}

/** The last step of a fix: how to try again in this phase. */
export function tryAgainStep(context: DoctorContext): string {
  switch (context.phase) {
    case 'sign-in':
      return 'Then click Connect.';
    case 'refresh':
      return 'Then click Refresh on the connection.';
    case 'data':
      return 'Then reload the data.';
    case 'disconnect':
      return afterDisconnect(context)[1];
  }
}

/**
 * The fix after a failed revocation. Disconnect wipes the connection and its tokens whatever the
 * provider answers (S19), so it cannot be repeated: what is left is to end the access at the provider.
 */
export function afterDisconnect(context: DoctorContext): [string, string] {
  const p = context.providerName;
  return [
    "Nothing to repeat in OAuth Desk: it has already removed the connection and its tokens from this computer.",
    `To be sure ${p} no longer lets OAuth Desk in, remove OAuth Desk's access in your account settings at ${p} (its list of connected or third-party apps).`,
  ];
}

/** A reset or retry time: the provider's own wait counted from now, else a time the app already knows. */
export function resetTime(failure: Failure, context: DoctorContext): number | null {
  if (failure.retryAfterMs !== undefined && Number.isFinite(failure.retryAfterMs)) return context.now + failure.retryAfterMs;
  return context.retryAt ?? null;
}

/** A reset or retry time that is not in the future: the limit or outage it announced should be over. */
export function hasPassed(epochMs: number, context: DoctorContext): boolean {
  return epochMs <= context.now;
}

/** The HTTP status of a failure: an API error's own, else the "(HTTP 429)" the app's messages state. */
export function httpStatusOf(failure: Failure): number | null {
  if (failure.status !== undefined) return failure.status;
  const stated = /\(HTTP (\d{3})\b/.exec(failure.message)?.[1];
  return stated === undefined ? null : Number(stated);
}

/** "openid email" → "openid" and "email", for sentences. */
export function listInWords(items: readonly string[]): string {
  const quoted = items.map((item) => `"${item}"`);
  if (quoted.length <= 1) return quoted.join('');
  return `${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1]}`;
}
