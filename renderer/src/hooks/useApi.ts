import { useContext } from 'react';
import type { OAuthDeskApi } from '../../../electron/shared/ipc-contract.ts';
import { ApiContext } from '../bridge/api-context.ts';

export function useApi(): OAuthDeskApi {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi() needs an <ApiContext value={…}> above it');
  return api;
}
