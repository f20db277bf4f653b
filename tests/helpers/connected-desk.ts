/**
 * A desk connected to a real Sandbox server the test started (oidc-provider on loopback, rotating
 * refresh tokens), signed in through the scripted browser, with a repository over the same store so
 * tests can look at what was saved.
 */
import type { TestContext } from 'node:test';
import { createDesk } from '../../electron/core/app/desk.ts';
import type { HttpClient } from '../../electron/core/http/http-client.ts';
import type { Clock, Notifier } from '../../electron/core/ports.ts';
import { silentLogger } from '../../electron/core/ports.ts';
import type { ProviderProfile } from '../../electron/core/providers/provider-profile.ts';
import { ConnectionRepository } from '../../electron/core/storage/connection-repository.ts';
import { createFileStore } from '../../electron/core/storage/file-store.ts';
import type { FaultProxy } from './fault-proxy.ts';
import { startFaultProxy } from './fault-proxy.ts';
import { rawRequest } from './raw-http.ts';
import type { SandboxFixture } from './sandbox-fixture.ts';
import { startSandboxFixture } from './sandbox-fixture.ts';
import { completeAuthorization } from './scripted-browser.ts';
import { createTestCipher } from './test-cipher.ts';
import { tempDataDir } from './temp-dir.ts';

/** The desk's Sandbox profile over a server the test started, so its token requests can be counted. */
export function fixtureProvider(fixture: SandboxFixture): ProviderProfile {
  return {
    id: 'sandbox',
    displayName: 'Sandbox',
    description: 'test',
    authModes: ['system-browser'],
    defaultAuthMode: 'system-browser',
    prepare: async () => fixture.runtime,
    authorizationOrigins: () => [fixture.server.issuer],
    close: async () => {},
  };
}

export interface DeskSetup {
  readonly clock?: Clock;
  /** Access-token lifetime in seconds; it must outlast a whole burst of requests, or the new token expires during it too. */
  readonly ttl?: number;
  /** The proactive schedule is off unless a test is about it, so tests of reactive refresh see expired tokens. */
  readonly proactive?: boolean;
  readonly notifier?: Notifier;
  readonly http?: HttpClient;
  /** Sends the desk's token and revocation requests through a fault proxy (returned as `tokenProxy`). */
  readonly tokenProxy?: boolean;
  /** Adds to the Sandbox profile the desk is given (e.g. the error doctor's provider rules). */
  readonly profile?: Partial<ProviderProfile>;
}

export async function connectedDesk(t: TestContext, options: DeskSetup = {}) {
  const { clock, ttl = 1 } = options;
  const fixture = await startSandboxFixture(t, { accessTokenTtlSeconds: ttl });
  let tokenProxy: FaultProxy | null = null;
  if (options.tokenProxy) {
    tokenProxy = await startFaultProxy(t, fixture.server.issuer);
    const server = fixture.runtime.server;
    const revocation = fixture.runtime.revocationEndpoint;
    fixture.runtime = {
      ...fixture.runtime,
      server: { ...server, tokenEndpoint: tokenProxy.via(server.tokenEndpoint) },
      revocationEndpoint: revocation === null ? null : tokenProxy.via(revocation),
    };
  }
  const dir = tempDataDir(t);
  const cipher = createTestCipher();
  const store = createFileStore(dir);
  const desk = createDesk(
    {
      store,
      cipher,
      opener: { open: async () => {} },
      authWindow: null,
      logger: silentLogger,
      proactiveRefresh: options.proactive ?? false,
      ...(clock ? { clock } : {}),
      ...(options.notifier ? { notifier: options.notifier } : {}),
      ...(options.http ? { http: options.http } : {}),
    },
    [{ ...fixtureProvider(fixture), ...options.profile }],
  );
  t.after(() => desk.close());
  const connected = new Promise<string>((resolve) =>
    desk.onProvidersChanged((views) => {
      const c = views[0]?.connections[0];
      if (c && views[0]?.pending === null) resolve(c.id);
    }),
  );
  const pending = await desk.handlers['auth:connect']({ providerId: 'sandbox' });
  const callback = new URL(await completeAuthorization(pending.authorizationUrl, pending.redirectUri));
  await rawRequest(Number(callback.port), { path: callback.pathname + callback.search });
  const connectionId = await connected;
  const repository = new ConnectionRepository(createFileStore(dir), cipher, silentLogger);
  /** The token endpoint's path, as the proxy sees it. */
  const tokenPath = new URL(fixture.runtime.server.tokenEndpoint).pathname;
  return { fixture, desk, connectionId, repository, dir, cipher, tokenProxy, tokenPath };
}

