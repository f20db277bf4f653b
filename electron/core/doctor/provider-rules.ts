/**
 * What the error doctor knows about a provider's rules: the facts its profile declares
 * (`ProviderProfile.rules`, see providers/provider-rules-facts.ts) plus where its developer console is
 * (the profile's own `console`).
 */
import type { ProviderProfile } from '../providers/provider-profile.ts';
import type { ProviderRuleFacts } from '../providers/provider-rules-facts.ts';

export interface ProviderRules extends ProviderRuleFacts {
  /** Where the client is registered and its redirect URIs are set; null when the app does not know it. */
  readonly console: { readonly name: string; readonly url: string } | null;
}

/** The doctor's rules for a profile: its declared facts plus its console; undefined when it declares none. */
export function rulesOf(profile: Pick<ProviderProfile, 'rules' | 'console'>): ProviderRules | undefined {
  if (profile.rules === undefined) return undefined;
  return { ...profile.rules, console: profile.console ?? null };
}
