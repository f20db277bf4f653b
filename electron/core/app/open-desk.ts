/**
 * What both hosts (the Electron main process and `npm run web`) do to start the core: the real HTTP
 * client, the provider catalog from the providers file and the environment, and the desk over them.
 */
import { createGotHttpClient } from '../http/got-http-client.ts';
import { silentLogger, systemClock } from '../ports.ts';
import { openProviderCatalog } from '../providers/open-provider-catalog.ts';
import { createDesk } from './desk.ts';
import type { Desk, DeskOptions } from './desk-types.ts';

export interface OpenDeskOptions extends Omit<DeskOptions, 'catalog' | 'http' | 'clock'> {
  /** Where the credential variables and OAUTH_DESK_PROVIDERS are read (process.env). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The data folder, where providers.json is looked for. */
  readonly dataDir: string;
}

export async function openDesk(options: OpenDeskOptions): Promise<Desk> {
  const { env, dataDir, sandboxTokenTtlSeconds, ...deskOptions } = options;
  const http = createGotHttpClient();
  const catalog = await openProviderCatalog({
    store: options.store,
    cipher: options.cipher,
    http,
    clock: systemClock,
    logger: options.logger ?? silentLogger,
    env,
    dataDir,
    ...(sandboxTokenTtlSeconds === undefined ? {} : { sandboxTokenTtlSeconds }),
  });
  return createDesk({ ...deskOptions, http, catalog });
}
