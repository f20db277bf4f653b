/**
 * What the error doctor knows about a provider's rules: how long its authorization codes live, how
 * its redirect URIs are registered, whether it refuses embedded sign-in windows, when it ends
 * refresh tokens, and where its developer console is. Each provider profile declares its facts
 * (`ProviderProfile.rules`); the console comes from the profile's own `console`.
 */
import type { ProviderProfile } from '../providers/provider-profile.ts';

export interface ProviderRules {
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
  /** Where the client is registered and its redirect URIs are set; null when the app does not know it. */
  readonly console: { readonly name: string; readonly url: string } | null;
}

/** What a provider profile declares; the doctor adds the profile's `console`. */
export type ProviderRuleFacts = Omit<ProviderRules, 'console'>;

/** The rules of a provider nothing is known about (a custom provider): exact registration, no lifetimes. */
export const UNKNOWN_PROVIDER_RULES: ProviderRuleFacts = Object.freeze({
  codeLifetimeSeconds: null,
  redirectRegistration: 'exact',
  embeddedWindow: 'allowed',
  refreshTokenRules: Object.freeze([]),
});

/** The doctor's rules for a profile: its declared facts plus its console; undefined when it declares none. */
export function rulesOf(profile: Pick<ProviderProfile, 'rules' | 'console'>): ProviderRules | undefined {
  if (profile.rules === undefined) return undefined;
  return { ...profile.rules, console: profile.console ?? null };
}
