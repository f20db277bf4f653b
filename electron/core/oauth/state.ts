/** The `state` parameter: 256 random bits (S9 asks for at least 128), base64url. */
import { randomBytes, timingSafeEqual } from 'node:crypto';

export function createState(): string {
  return randomBytes(32).toString('base64url');
}

/** Constant-time comparison of two state values. */
export function stateMatches(expected: string, received: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(received);
  return a.length === b.length && timingSafeEqual(a, b);
}
