/**
 * `data:fetch`: the connection's panels with a usable access token. A token the API refuses is
 * refreshed once and the call retried once (S18); refused again, the connection needs a new sign-in
 * rather than another refresh.
 */
import type { ConnectionData } from '../../shared/view-types.ts';
import type { HttpClient } from '../http/http-client.ts';
import type { ProviderRuntime } from '../providers/provider-profile.ts';
import type { TokenRefresher } from '../tokens/token-refresher.ts';

type FetchedData = Omit<ConnectionData, 'connectionId' | 'fetchedAt'>;
type Panel = FetchedData['profile'] | FetchedData['mail'];

const rejected = (panel: Panel) => panel !== null && !panel.ok && panel.error.code === 'access_token_rejected';
const panelsOf = (data: FetchedData): Panel[] => [data.profile, data.mail].filter((panel) => panel !== null);

export async function fetchConnectionData(http: HttpClient, refresher: TokenRefresher, runtime: ProviderRuntime, connectionId: string, providerName: string): Promise<FetchedData> {
  let token = await refresher.accessToken(connectionId, runtime);
  let data = await runtime.fetchData(http, token);
  if (!panelsOf(data).some(rejected)) return data;
  token = await refresher.refresh(connectionId, runtime, { rejectedToken: token });
  data = await runtime.fetchData(http, token);
  const panels = panelsOf(data);
  if (panels.length > 0 && panels.every(rejected)) throw refresher.refusedAfterRefresh(connectionId, providerName);
  return data;
}
