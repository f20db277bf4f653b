/** Starts a real Sandbox server (oidc-provider on loopback) and the runtime the app derives from it. */
import type { TestContext } from 'node:test';
import { createGotHttpClient } from '../../electron/core/http/got-http-client.ts';
import type { HttpClient } from '../../electron/core/http/http-client.ts';
import type { ProviderRuntime } from '../../electron/core/providers/provider-profile.ts';
import { sandboxRuntime } from '../../electron/core/providers/sandbox-provider.ts';
import type { SandboxServerOptions, SandboxServer } from '../../electron/core/sandbox/sandbox-server.ts';
import { startSandboxServer } from '../../electron/core/sandbox/sandbox-server.ts';

export interface SandboxFixture {
  server: SandboxServer;
  runtime: ProviderRuntime;
  http: HttpClient;
}

export async function startSandboxFixture(t: TestContext, options: SandboxServerOptions = {}): Promise<SandboxFixture> {
  const server = await startSandboxServer(options);
  t.after(() => server.close());
  const http = createGotHttpClient();
  return { server, runtime: await sandboxRuntime(server, http), http };
}
