/**
 * A provider profile: what the app needs to know to connect one provider and read its data.
 * `prepare` resolves what may need I/O (the Sandbox starts its server, custom providers discover
 * their endpoints, built-ins read their client credentials) into a runtime used for one or more
 * attempts, refreshes and data fetches.
 */
import type { ProviderSettingsView } from '../../shared/settings-types.ts';
import type { AuthMode, DataPanelView, ProfileData, ProviderSource } from '../../shared/view-types.ts';
import type { AuthorizationServerConfig } from '../auth/authorization-attempt.ts';
import type { OAuthDeskError } from '../errors.ts';
import type { HttpClient } from '../http/http-client.ts';
import type { ProviderRuleFacts } from './provider-rules-facts.ts';

export interface ProviderRuntime {
  readonly server: AuthorizationServerConfig;
  readonly revocationEndpoint: string | null;
  /** How the client identifies itself at the revocation endpoint, when not as at the token endpoint (Google takes no secret there). */
  readonly revocationClient?: AuthorizationServerConfig['client'];
  /** Added to a re-authorization's request to force the consent screen (e.g. `prompt=consent`) where supported. */
  readonly reconsentParams?: Readonly<Record<string, string>>;
  /** Added to an "Add another account" request to show the provider's account chooser (e.g. `prompt=select_account`). */
  readonly accountChooserParams?: Readonly<Record<string, string>>;
  /** What to do when the stored issuer differs from the server's (the person-facing hint). */
  readonly issuerChangedHint?: string;
  /** Who signed in: used for the account label and to recognise the same account connected twice. */
  fetchIdentity(http: HttpClient, accessToken: string): Promise<ProfileData>;
  /** The connection's panels, each settled on its own (`panel` in settle.ts). */
  fetchData(http: HttpClient, accessToken: string): Promise<DataPanelView[]>;
}

/** What Settings shows about a provider, except the sign-in mode (the desk adds that). */
export type ProviderSettingsFacts = Omit<ProviderSettingsView, 'authMode' | 'availableAuthModes' | 'appLinkRedirectUri'>;

export interface ProviderProfile {
  readonly id: string;
  readonly displayName: string;
  readonly description: string;
  /** Default "built-in". */
  readonly source?: ProviderSource;
  /** A note for the card (e.g. Google Health replacing the Fitbit Web API). */
  readonly notice?: string;
  /** Where the person registers an app (its origin may be opened in the system browser). */
  readonly console?: { readonly name: string; readonly url: string };
  /** What the error doctor knows of the provider (code lifetime, redirect registration, refresh-token rules). */
  readonly rules?: ProviderRuleFacts;
  /** The provider shows an account chooser for Add another account. */
  readonly accountChooser?: boolean;
  readonly authModes: readonly AuthMode[];
  readonly defaultAuthMode: AuthMode;
  /** Why Connect cannot work yet, found without I/O (e.g. no client ID); null when ready. */
  setupProblem?(): OAuthDeskError | null;
  /** Settings' facts; absent for a provider with nothing to configure. */
  settings?(): ProviderSettingsFacts;
  prepare(): Promise<ProviderRuntime>;
  /** Origins (scheme://host:port) whose pages this provider may open in the system browser (S12). */
  authorizationOrigins(): readonly string[];
  close(): Promise<void>;
}
