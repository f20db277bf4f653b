/**
 * A provider profile: what the app needs to know to connect one provider and read its data.
 * `prepare` resolves what may need I/O (the Sandbox starts its server, custom providers discover
 * their endpoints) into a runtime used for one or more attempts.
 */
import type { AuthMode, ConnectionData, ProfileData } from '../../shared/view-types.ts';
import type { AuthorizationServerConfig } from '../auth/authorization-attempt.ts';
import type { HttpClient } from '../http/http-client.ts';

export interface ProviderRuntime {
  readonly server: AuthorizationServerConfig;
  readonly revocationEndpoint: string | null;
  /** Added to a re-authorization's request to force the consent screen (e.g. `prompt=consent`) where supported. */
  readonly reconsentParams?: Readonly<Record<string, string>>;
  /** What to do when the stored issuer differs from the server's (the person-facing hint). */
  readonly issuerChangedHint?: string;
  /** Who signed in: used for the account label and to recognise the same account connected twice. */
  fetchIdentity(http: HttpClient, accessToken: string): Promise<ProfileData>;
  fetchData(http: HttpClient, accessToken: string): Promise<Omit<ConnectionData, 'connectionId' | 'fetchedAt'>>;
}

export interface ProviderProfile {
  readonly id: string;
  readonly displayName: string;
  readonly description: string;
  readonly authModes: readonly AuthMode[];
  readonly defaultAuthMode: AuthMode;
  prepare(): Promise<ProviderRuntime>;
  /** Origins (scheme://host:port) whose pages this provider may open in the system browser (S12). */
  authorizationOrigins(): readonly string[];
  close(): Promise<void>;
}
