/** PKCE (RFC 7636) with S256: a fresh verifier for every attempt (S8). */
import { createHash, randomBytes } from 'node:crypto';

export type PkceMethod = 'S256' | 'plain';

const VERIFIER_PATTERN = /^[A-Za-z0-9\-._~]{43,128}$/;

/** 32 random bytes → 43 characters of base64url, inside the unreserved set. */
export function createCodeVerifier(): string {
  return randomBytes(32).toString('base64url');
}

export function isValidCodeVerifier(verifier: string): boolean {
  return VERIFIER_PATTERN.test(verifier);
}

export function codeChallengeFor(verifier: string, method: PkceMethod = 'S256'): string {
  if (!isValidCodeVerifier(verifier)) throw new RangeError('A PKCE code verifier must be 43-128 unreserved characters.');
  return method === 'plain' ? verifier : createHash('sha256').update(verifier, 'ascii').digest('base64url');
}
