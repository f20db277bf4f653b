/**
 * Typed errors. Each has a stable `code`, a plain-language `hint` saying what to do, and optionally
 * the provider's own `error` / `error_description`. Only `{code, message, hint}` leaves the main process.
 * Messages never contain tokens, codes, verifiers, client secrets or Authorization headers.
 */
import type { ErrorInfo } from '../shared/error-info.ts';

export interface OAuthDeskErrorOptions {
  readonly hint: string;
  readonly cause?: unknown;
  /** The provider's RFC 6749 `error` value, when the provider sent one. */
  readonly providerError?: string;
  readonly providerErrorDescription?: string;
  /** How long the provider asked us to wait before trying again (Retry-After and its relatives). */
  readonly retryAfterMs?: number;
}

export class OAuthDeskError extends Error {
  readonly code: string;
  readonly hint: string;
  readonly providerError: string | undefined;
  readonly providerErrorDescription: string | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(code: string, message: string, options: OAuthDeskErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.hint = options.hint;
    this.providerError = options.providerError;
    this.providerErrorDescription = options.providerErrorDescription;
    this.retryAfterMs = options.retryAfterMs;
  }

  toInfo(): ErrorInfo {
    return { code: this.code, message: this.message, hint: this.hint };
  }
}

/** The authorization server answered the authorization request with an error, or the callback was invalid. */
export class AuthorizationError extends OAuthDeskError {}
/** The token endpoint refused a request or answered something unusable. */
export class TokenEndpointError extends OAuthDeskError {}
/** A resource API call failed. */
export class ApiError extends OAuthDeskError {
  readonly status: number | undefined;
  constructor(code: string, message: string, options: OAuthDeskErrorOptions & { status?: number }) {
    super(code, message, options);
    this.status = options.status;
  }
}
/** The network or the local loopback listener failed. */
export class NetworkError extends OAuthDeskError {}
/** The attempt was cancelled or timed out. */
export class AttemptEndedError extends OAuthDeskError {}
/** Stored data or configuration is invalid or could not be read or written. */
export class StorageError extends OAuthDeskError {}
/** The caller asked for something that does not exist or is not allowed in the current state. */
export class RequestError extends OAuthDeskError {}

/** A provider cannot be used until the person configures it (e.g. no client ID entered). */
export class SetupError extends OAuthDeskError {}

/** Any request that arrives while the app shuts down. */
export function appClosingError(): RequestError {
  return new RequestError('app_closing', 'OAuth Desk is shutting down.', { hint: 'Start the app again.' });
}

const UNEXPECTED: ErrorInfo = {
  code: 'unexpected',
  message: 'Something unexpected went wrong inside OAuth Desk.',
  hint: 'Try again. If it keeps happening, restart the app and report the steps that led here.',
};

/** Maps anything thrown to the wire shape. Unknown errors never leak their message (it could hold a secret). */
export function toErrorInfo(error: unknown): ErrorInfo {
  if (error instanceof OAuthDeskError) return error.toInfo();
  if (error instanceof Error) {
    // Errors from the shared layer (e.g. IpcPayloadError) carry their own code and hint.
    const { code, hint } = error as Error & { code?: unknown; hint?: unknown };
    if (typeof code === 'string' && typeof hint === 'string') return { code, message: error.message, hint };
  }
  return UNEXPECTED;
}
