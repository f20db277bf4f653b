/**
 * What a provider profile declares about its provider's rules, for the error doctor to read: how long
 * its authorization codes live, how its redirect URIs are registered, whether it refuses embedded
 * sign-in windows, and when it ends refresh tokens. Providers declare these facts; the doctor
 * (electron/core/doctor) reads them and adds the profile's console. Providers never import the doctor.
 */

export interface ProviderRuleFacts {
  /** How long an authorization code lives, in seconds; null when the provider does not document it. */
  readonly codeLifetimeSeconds: number | null;
  /**
   * `exact`: the redirect URI (scheme, host, port and path) must be registered at the provider exactly.
   * `any-loopback-port`: any `http://127.0.0.1:<port>` redirect is accepted without registration (RFC 8252 7.3).
   */
  readonly redirectRegistration: 'exact' | 'any-loopback-port';
  /** `refused`: the sign-in page refuses to run in an in-app (embedded) window, e.g. Google's `disallowed_useragent`. */
  readonly embeddedWindow: 'refused' | 'allowed';
  /** When the provider ends refresh tokens, as plain sentences; empty when unknown. */
  readonly refreshTokenRules: readonly string[];
}

/** The rules of a provider nothing is known about (a custom provider): exact registration, no lifetimes. */
export const UNKNOWN_PROVIDER_RULES: ProviderRuleFacts = Object.freeze({
  codeLifetimeSeconds: null,
  redirectRegistration: 'exact',
  embeddedWindow: 'allowed',
  refreshTokenRules: Object.freeze([]),
});
