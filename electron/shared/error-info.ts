import type { Diagnosis } from './diagnosis.ts';

/**
 * The only shape of an error that crosses a process boundary (IPC or the web channel).
 * `code` is stable and machine-readable, `message` says what went wrong, `hint` what to do.
 * Errors shown on a card (a failed sign-in, refresh or data panel) may carry the error doctor's
 * `diagnosis`, derived plain text; a rejected call carries only `{code, message, hint}`.
 */
export interface ErrorInfo {
  readonly code: string;
  readonly message: string;
  readonly hint: string;
  readonly diagnosis?: Diagnosis;
}

export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ErrorInfo };

export function isErrorInfo(value: unknown): value is ErrorInfo {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.code === 'string' && typeof v.message === 'string' && typeof v.hint === 'string';
}
