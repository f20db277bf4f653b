/**
 * What several benchmarks share: a stand-in for the test context the helpers of tests/helpers
 * register their cleanup on, a desk over a real Sandbox server with a real file store, real sign-ins
 * through the Sandbox's pages (tests/helpers/scripted-browser.ts), and stored connections written
 * through the real repository.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { createDesk } from '../../electron/core/app/desk.ts';
import type { Desk, DeskOptions } from '../../electron/core/app/desk-types.ts';
import type { HttpClient } from '../../electron/core/http/http-client.ts';
import type { SecretCipher } from '../../electron/core/ports.ts';
import { silentLogger } from '../../electron/core/ports.ts';
import { SANDBOX_CLIENT_ID, SANDBOX_SCOPES } from '../../electron/core/sandbox/sandbox-server.ts';
import { ConnectionRepository } from '../../electron/core/storage/connection-repository.ts';
import { createFileStore } from '../../electron/core/storage/file-store.ts';
import type { ProviderView } from '../../electron/shared/view-types.ts';
import { fixtureProvider } from '../../tests/helpers/connected-desk.ts';
import { rawRequest } from '../../tests/helpers/raw-http.ts';
import type { SandboxFixture } from '../../tests/helpers/sandbox-fixture.ts';
import { startSandboxFixture } from '../../tests/helpers/sandbox-fixture.ts';
import { completeAuthorization } from '../../tests/helpers/scripted-browser.ts';
import { createTestCipher } from '../../tests/helpers/test-cipher.ts';

/** Cleanups run in reverse order; `context` lets the test helpers register theirs here. */
export class Cleanups {
  readonly #fns: Array<() => unknown> = [];
  readonly context = { after: (fn: () => unknown) => void this.#fns.push(fn) } as unknown as TestContext;

  add(fn: () => unknown): void {
    this.#fns.push(fn);
  }

  async run(): Promise<void> {
    const fns = this.#fns.splice(0).reverse();
    for (const fn of fns) {
      try {
        await fn();
      } catch {
        // One failed cleanup must not keep the others from running.
      }
    }
  }
}

/** A fresh data folder, removed by `cleanups`. */
export function tempDir(cleanups: Cleanups, prefix = 'oauth-desk-bench-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cleanups.add(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export interface SandboxDesk {
  readonly fixture: SandboxFixture;
  readonly desk: Desk;
  readonly dir: string;
  readonly cipher: SecretCipher;
}

/**
 * The real desk (createDesk) over a real Sandbox server (oidc-provider on 127.0.0.1), a conf file
 * store in a temporary folder and the test cipher (AES-256-GCM with a random key, standing in for
 * the OS keychain), with got as its HTTP client unless `http` says otherwise.
 */
export async function sandboxDesk(
  cleanups: Cleanups,
  options: { readonly ttlSeconds: number; readonly proactive: boolean; readonly http?: HttpClient; readonly desk?: Partial<DeskOptions> },
): Promise<SandboxDesk> {
  const fixture = await startSandboxFixture(cleanups.context, { accessTokenTtlSeconds: options.ttlSeconds });
  const dir = tempDir(cleanups);
  const cipher = createTestCipher();
  const desk = createDesk(
    {
      store: createFileStore(dir),
      cipher,
      opener: { open: async () => {} },
      authWindow: null,
      logger: silentLogger,
      proactiveRefresh: options.proactive,
      ...(options.http ? { http: options.http } : {}),
      ...options.desk,
    },
    [fixtureProvider(fixture)],
  );
  cleanups.add(() => desk.close());
  return { fixture, desk, dir, cipher };
}

/** The Sandbox's provider view in a pushed list. */
const sandboxView = (views: readonly ProviderView[]): ProviderView | undefined => views.find((v) => v.id === 'sandbox');

/**
 * Starts a sign-in on the desk and plays the person at the Sandbox's real login and consent pages,
 * up to the redirect to the desk's loopback listener, which is NOT requested. Returns that URL.
 */
export async function signInUpToRedirect(desk: Desk, login: string): Promise<URL> {
  const pending = await desk.handlers['auth:connect']({ providerId: 'sandbox' });
  return new URL(await completeAuthorization(pending.authorizationUrl, pending.redirectUri, { login }));
}

/**
 * Delivers a callback to the desk's loopback listener (a real GET) and resolves, with the
 * connection's id, at the first push that shows the sign-in over and the connection stored with
 * tokens from after `sentAt` (epoch ms).
 */
export async function deliverCallback(desk: Desk, callback: URL, sentAt: number): Promise<string> {
  let stop = (): void => {};
  const stored = new Promise<string>((resolve, reject) => {
    stop = desk.onProvidersChanged((views) => {
      const view = sandboxView(views);
      if (view === undefined || view.pending !== null) return;
      if (view.lastError !== null) return reject(new Error(`The sign-in failed: ${view.lastError.code}: ${view.lastError.message}`));
      const connection = view.connections.find((c) => c.tokensUpdatedAt >= sentAt);
      if (connection !== undefined) resolve(connection.id);
    });
  });
  try {
    const [id] = await Promise.all([stored, rawRequest(Number(callback.port), { path: callback.pathname + callback.search })]);
    return id;
  } finally {
    stop();
  }
}

/** Signs in one account completely (sign-in, callback, stored); returns the connection's id. */
export async function connectAccount(desk: Desk, login: string): Promise<string> {
  const callback = await signInUpToRedirect(desk, login);
  return deliverCallback(desk, callback, Date.now() - 1);
}

/** A random token-like string (base64url, as oidc-provider's opaque tokens). */
export const fakeToken = (bytes: number): string => randomBytes(bytes).toString('base64url');

export interface SeedOptions {
  readonly count: number;
  /** When the first connection's access token expires, from now (ms); the others follow `spreadMs` apart. */
  readonly expiresInMs: number;
  readonly spreadMs: number;
  /** The token lifetime the records claim (the schedule plans from it). */
  readonly lifetimeMs: number;
  readonly providerId?: string;
}

/**
 * Writes `count` Sandbox connections through the real ConnectionRepository (every secret encrypted
 * by `cipher`, one store write per connection, as sign-ins would) into the store in `dir`. The
 * tokens are random strings of realistic sizes (opaque 43-character access and refresh tokens, a
 * JWT-sized ID token); nothing ever sends them anywhere.
 */
export function seedConnections(dir: string, cipher: SecretCipher, options: SeedOptions): string[] {
  const repository = new ConnectionRepository(createFileStore(dir), cipher, silentLogger);
  const now = Date.now();
  const ids: string[] = [];
  for (let i = 0; i < options.count; i++) {
    const expiresAt = now + options.expiresInMs + i * options.spreadMs;
    const id = randomUUID();
    ids.push(id);
    repository.save(
      {
        id,
        providerId: options.providerId ?? 'sandbox',
        subject: `bench-${i}`,
        accountLabel: `bench-${i}@sandbox.oauthdesk.test`,
        connectedAt: now - 1000 * (options.count - i),
        updatedAt: expiresAt - options.lifetimeMs,
        issuer: 'http://127.0.0.1:1',
        requestedScopes: [...SANDBOX_SCOPES],
        boundClient: { tokenEndpoint: 'http://127.0.0.1:1/token', clientId: SANDBOX_CLIENT_ID },
        reauthorizationReason: null,
        lastRefresh: null,
      },
      {
        accessToken: fakeToken(32),
        tokenType: 'Bearer',
        expiresAt,
        refreshToken: fakeToken(32),
        idToken: `${fakeToken(27)}.${fakeToken(450)}.${fakeToken(64)}`,
        grantedScopes: [...SANDBOX_SCOPES],
      },
    );
  }
  return ids;
}
