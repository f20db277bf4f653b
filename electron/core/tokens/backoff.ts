/**
 * How long to wait before retrying a refresh that failed for a reason that may pass (the provider's
 * 5xx, a 429, a network failure): exponential from 5 seconds to 15 minutes with ±20 % jitter, or the
 * provider's own Retry-After when it gave one (at least a second, so "0" cannot make a loop, and at
 * most a day).
 */
import { MAX_RETRY_AFTER_MS } from '../http/retry-after.ts';

export const BACKOFF_BASE_MS = 5_000;
export const BACKOFF_MAX_MS = 15 * 60_000;

/**
 * Error codes after which only a new sign-in helps: the connection needs re-authorization (S17).
 * Every other failure keeps the tokens and is retried after a backoff.
 */
export const REAUTHORIZATION_ERRORS: ReadonlySet<string> = new Set(['refresh_token_invalid', 'refresh_token_missing', 'issuer_changed', 'provider_changed', 'access_token_refused']);

/** A provider's wait shorter than this (even 0, or a reset time already past) is taken as this. */
export const MIN_RETRY_AFTER_MS = 1_000;

/** `failures` counts consecutive failures, starting at 1. `random` is in [0, 1). */
export function backoffDelay(failures: number, retryAfterMs: number | undefined, random: () => number): number {
  const exponent = Math.min(Math.max(failures, 1) - 1, 20);
  const base = Math.min(BACKOFF_BASE_MS * 2 ** exponent, BACKOFF_MAX_MS);
  const jittered = Math.round(base * (0.8 + 0.4 * random()));
  if (retryAfterMs === undefined || !Number.isFinite(retryAfterMs)) return jittered;
  return Math.min(Math.max(retryAfterMs, MIN_RETRY_AFTER_MS), MAX_RETRY_AFTER_MS);
}
