/**
 * `data:fetch`: the connection's panels with a usable access token. A token the API refuses is
 * refreshed once and the call retried once (S18); refused again, the connection needs a new sign-in
 * rather than another refresh.
 */
import type { DataPanelView } from '../../shared/view-types.ts';
import type { HttpClient } from '../http/http-client.ts';
import type { ProviderRuntime } from '../providers/provider-profile.ts';
import type { TokenRefresher } from '../tokens/token-refresher.ts';

const rejected = (panel: DataPanelView) => !panel.result.ok && panel.result.error.code === 'access_token_rejected';

export async function fetchConnectionData(http: HttpClient, refresher: TokenRefresher, runtime: ProviderRuntime, connectionId: string, providerName: string): Promise<DataPanelView[]> {
  let token = await refresher.accessToken(connectionId, runtime);
  let panels = await runtime.fetchData(http, token);
  if (!panels.some(rejected)) return panels;
  token = await refresher.refresh(connectionId, runtime, { rejectedToken: token });
  panels = await runtime.fetchData(http, token);
  if (panels.length > 0 && panels.every(rejected)) throw refresher.refusedAfterRefresh(connectionId, providerName);
  return panels;
}
