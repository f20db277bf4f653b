/**
 * The hosts' way to build the provider catalog: reads the providers file (OAUTH_DESK_PROVIDERS, else
 * providers.json in the data folder) and the credential variables from the environment. Problems
 * in either are kept for Settings and the window's banner; the app starts with everything else.
 */
import type { ErrorInfo } from '../../shared/error-info.ts';
import { ProviderConfigError } from './config/provider-config-error.ts';
import type { LoadedProvidersFile } from './config/providers-file.ts';
import { loadProvidersFile, resolveProvidersFile } from './config/providers-file.ts';
import type { ProviderCatalog, ProviderCatalogOptions } from './provider-catalog.ts';
import { createProviderCatalog } from './provider-catalog.ts';

export interface OpenProviderCatalogOptions extends Omit<ProviderCatalogOptions, 'providersFile' | 'env' | 'startupProblems'> {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly dataDir: string;
}

export async function openProviderCatalog(options: OpenProviderCatalogOptions): Promise<ProviderCatalog> {
  let providersFile: LoadedProvidersFile | null = null;
  const startupProblems: ErrorInfo[] = [];
  try {
    const { path, fromEnv } = resolveProvidersFile(options.env, options.dataDir);
    providersFile = await loadProvidersFile(path, { mustExist: fromEnv });
  } catch (error) {
    if (!(error instanceof ProviderConfigError)) throw error;
    startupProblems.push(error);
  }
  if (providersFile !== null && providersFile.providers.length > 0) {
    options.logger.info('custom providers loaded', { file: providersFile.file, count: providersFile.providers.length });
  }
  for (const problem of [...(providersFile?.errors ?? []), ...startupProblems]) {
    options.logger.warn('provider configuration problem', { code: problem.code });
  }
  return createProviderCatalog({ ...options, providersFile, startupProblems });
}
