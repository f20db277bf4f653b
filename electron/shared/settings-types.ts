/**
 * What the Settings view may know about a provider's configuration. A client secret never appears
 * here: the renderer learns only whether one is saved (S29).
 */
import type { AuthMode, ProviderSource } from './view-types.ts';

/** Where the client credentials in use come from. */
export type CredentialSource = 'settings' | 'environment' | 'providers-file' | 'built-in';

/** What Settings may change for a provider. */
export type SettingsEditable =
  /** Nothing (the Sandbox; a provider from the providers file is edited in that file). */
  | 'none'
  /** The client credentials, the fixed redirect port and the sign-in mode (built-in providers). */
  | 'credentials'
  /** The whole definition (custom providers added in Settings). */
  | 'definition';

export interface ClientSettingsView {
  /** The client ID in use (not a secret); null when none is configured. */
  readonly clientId: string | null;
  /** A client secret is saved. It is never sent back, not even in part. */
  readonly secretSaved: boolean;
  /** The provider refuses the token request without a secret (Google desktop clients). */
  readonly secretRequired: boolean;
  readonly source: CredentialSource | null;
  /** The environment variables that would set the credentials, e.g. OAUTH_DESK_GOOGLE_CLIENT_ID. */
  readonly environmentVariables: { readonly clientId: string; readonly clientSecret: string } | null;
  /** The credentials in use are another provider's (e.g. "Google" for Google Health), when they are. */
  readonly sharedFrom?: string;
}

export interface RedirectSettingsView {
  /**
   * The exact redirect URI to register at the provider, e.g. `http://127.0.0.1:53682/callback`.
   * With any port allowed, the port is written as `<any port>` in `display` and left out of `uri`.
   */
  readonly uri: string;
  readonly display: string;
  /** The fixed loopback port, or null when any free port works (Google, most OpenID providers). */
  readonly fixedPort: number | null;
  /** The person may choose the fixed port (X, Discord, custom providers with a fixed port). */
  readonly portConfigurable: boolean;
  /** The provider matches the redirect URI exactly, so it must be registered as shown. */
  readonly mustRegister: boolean;
}

/** Every field of a custom provider definition, in the order the docs, the form and the providers file use. */
export const CUSTOM_PROVIDER_FIELDS: readonly string[] = Object.freeze([
  'id',
  'displayName',
  'issuer',
  'authorizationEndpoint',
  'tokenEndpoint',
  'revocationEndpoint',
  'userinfoEndpoint',
  'clientId',
  'clientSecret',
  'clientAuthMethod',
  'scopes',
  'pkce',
  'authMode',
  'redirectPort',
  'redirectPath',
  'extraAuthParams',
  'dataUrl',
]);

/** The form of a custom provider as Settings edits it (the providers file's schema); no client secret. */
export interface CustomProviderForm {
  readonly id: string;
  readonly displayName: string;
  readonly issuer?: string | null;
  readonly authorizationEndpoint?: string | null;
  readonly tokenEndpoint?: string | null;
  readonly revocationEndpoint?: string | null;
  readonly userinfoEndpoint?: string | null;
  readonly clientId: string;
  readonly clientAuthMethod?: 'none' | 'client_secret_post' | 'client_secret_basic';
  readonly scopes?: readonly string[];
  readonly pkce?: 'S256' | 'plain' | 'off';
  readonly authMode?: AuthMode;
  readonly redirectPort?: number;
  readonly redirectPath?: string;
  readonly extraAuthParams?: Readonly<Record<string, string>>;
  readonly dataUrl?: string | null;
}

export interface ProviderSettingsView {
  readonly providerId: string;
  readonly displayName: string;
  readonly source: ProviderSource;
  readonly editable: SettingsEditable;
  readonly client: ClientSettingsView;
  readonly redirect: RedirectSettingsView;
  /** Where the person registers the app and the redirect URI, e.g. Google Cloud console. */
  readonly console: { readonly name: string; readonly url: string } | null;
  readonly scopes: readonly string[];
  readonly authMode: AuthMode;
  readonly availableAuthModes: readonly AuthMode[];
  /**
   * The custom-scheme redirect URI (`com.oauthdesk.app:/callback`) when the "app link" sign-in mode
   * is offered here; it must be registered at the provider to use that mode. Null otherwise.
   */
  readonly appLinkRedirectUri: string | null;
  /** Google's downloaded client_secret.json can be imported. */
  readonly clientFileImport: boolean;
  /** The providers file that defines this provider (read-only here), or null. */
  readonly file: string | null;
  /** The definition of a custom provider, for editing (editable "definition") or reading; null for built-ins. */
  readonly definition: CustomProviderForm | null;
}

/** Whether the fixed redirect port can be listened on now. */
export interface PortCheckView {
  readonly port: number;
  readonly free: boolean;
  /** Plain language: free, or in use and what to do. */
  readonly message: string;
}

/** A problem with one field of a form, or of the whole form when `field` is null. */
export interface FieldProblem {
  readonly field: string | null;
  readonly message: string;
  readonly hint: string;
}

/** Saving a custom provider: its id, or every problem found (nothing is saved then). */
export type SaveCustomProviderResult =
  | { readonly saved: true; readonly providerId: string }
  | { readonly saved: false; readonly problems: readonly FieldProblem[] };

/** A problem with the app's configuration found at start (providers file, environment variables). */
export interface ConfigProblemView {
  readonly code: string;
  readonly message: string;
  readonly hint: string;
  /** The file it is in, when it is in one. */
  readonly file: string | null;
  readonly providerId: string | null;
  readonly field: string | null;
  /**
   * `saved-data`: the app's own store could not be read in full (moved aside, or records kept but
   * not used, S21/S22); the window shows these under their own heading. Absent: configuration.
   */
  readonly area?: 'saved-data';
}

/** How secrets are protected (S20): `os` by the system keyring, `weak` by a key anyone who reads the files can find. */
export type SecretProtectionView = 'os' | 'weak';

/** What Storage & security shows: where secrets are kept, how well, and the refresh-token choice. */
export interface StorageView {
  /** The mechanism's id, e.g. "gnome_libsecret", "basic_text", "keychain", "key-file". */
  readonly backend: string;
  /** Its name in plain words, e.g. "macOS Keychain". */
  readonly backendLabel: string;
  readonly protection: SecretProtectionView;
  /** What protects the secrets, or why nothing much does. */
  readonly description: string;
  /** On weak storage, how to get a system keyring instead; null when there is nothing to do. */
  readonly remedy: string | null;
  /** The person's choice to keep refresh tokens on disk on a weak backend. */
  readonly keepRefreshTokensOnDisk: boolean;
  /** Where new refresh tokens go now: the store (encrypted) when true, memory only when false. */
  readonly refreshTokensOnDisk: boolean;
  /** Connections whose refresh token is held in memory only, lost when the app closes. */
  readonly refreshTokensInMemory: number;
  /** The store file, when known. */
  readonly storeFile: string | null;
}

/** Importing Google's client_secret.json: the new settings and anything worth knowing (e.g. a web client). */
export interface ClientFileImportResult {
  readonly settings: ProviderSettingsView;
  readonly warnings: readonly { readonly code: string; readonly message: string; readonly hint: string }[];
}
