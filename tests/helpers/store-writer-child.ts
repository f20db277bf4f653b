/**
 * The writer of the S16 crash test (tests/integration/store-crash.test.ts), run as a child process:
 * opens the real store and repository and saves token sets in a tight loop, generation after
 * generation (access token "at-N", refresh token "rt-N", ID token "id-N", all in one save), printing
 * each generation number once its save has returned. The parent kills it with SIGKILL.
 *
 * Environment: STORE_CRASH_DIR (data folder), STORE_CRASH_KEY (base64 AES-256 key, shared with the
 * parent), STORE_CRASH_START (first generation). It stops by itself after STORE_CRASH_MAX_MS (default
 * 15 s) or when its stdout is closed, so a lost parent never leaves it writing.
 */
import { writeSync } from 'node:fs';
import { silentLogger } from '../../electron/core/ports.ts';
import { ConnectionRepository } from '../../electron/core/storage/connection-repository.ts';
import { createAesGcmCipher } from '../../electron/core/storage/file-key-cipher.ts';
import { createFileStore } from '../../electron/core/storage/file-store.ts';

export const CONNECTION_ID = 'crash-c1';
/** Another connection that makes the file large enough for a kill to land inside a write often. */
export const BULK_CONNECTION_ID = 'crash-bulk';

function env(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`${name} is not set`);
  return value;
}

/** The record fields of generation `n` (the extra fields of newer records are included). */
export function recordFor(id: string, n: number) {
  return {
    id,
    providerId: 'sandbox',
    subject: `subject-${id}`,
    accountLabel: `${id}@example.test`,
    connectedAt: 1,
    updatedAt: n,
    issuer: null,
    requestedScopes: ['openid'],
    reauthorizationReason: null,
    lastRefresh: null,
    boundClient: null,
  };
}

export function tokensFor(n: number, scopes: readonly string[] = ['openid']) {
  return { accessToken: `at-${n}`, tokenType: 'Bearer' as const, expiresAt: 1_000_000 + n, refreshToken: `rt-${n}`, idToken: `id-${n}`, grantedScopes: [...scopes] };
}

export const BULK_SCOPES: readonly string[] = Array.from({ length: 1500 }, (_, i) => `https://scopes.example.test/padding/${i}`);

function main(): void {
  const deadline = Date.now() + Number(process.env.STORE_CRASH_MAX_MS ?? 15_000);
  const cipher = createAesGcmCipher(Buffer.from(env('STORE_CRASH_KEY'), 'base64'), 'test');
  const repository = new ConnectionRepository(createFileStore(env('STORE_CRASH_DIR')), cipher, silentLogger);
  // Synchronous writes: a number on stdout means that save had returned before the kill.
  writeSync(1, 'ready\n');
  for (let n = Number(env('STORE_CRASH_START')); Date.now() < deadline; n++) {
    repository.save(recordFor(CONNECTION_ID, n), tokensFor(n));
    writeSync(1, `${n}\n`);
  }
}

if (import.meta.main) main();
