/**
 * The doctor tests' providers, made by the real profile factories (built-ins with test credentials, the
 * Sandbox, a custom provider), and the provider answers they feed through the real error mapping.
 */
import assert from 'node:assert/strict';
import type { Diagnosis } from '../../../electron/shared/diagnosis.ts';
import type { DoctorContextOptions } from '../../../electron/core/doctor/explain.ts';
import { doctorContextFor } from '../../../electron/core/doctor/explain.ts';
import type { DoctorContext } from '../../../electron/core/doctor/doctor-context.ts';
import { diagnose } from '../../../electron/core/doctor/error-doctor.ts';
import { OAuthDeskError } from '../../../electron/core/errors.ts';
import type { HttpResponse } from '../../../electron/core/http/http-client.ts';
import { createBuiltInProvider } from '../../../electron/core/providers/built-in/built-in-provider.ts';
import { discordSpec } from '../../../electron/core/providers/built-in/discord.ts';
import { googleSpec } from '../../../electron/core/providers/built-in/google.ts';
import { googleHealthSpec } from '../../../electron/core/providers/built-in/google-health.ts';
import { xSpec } from '../../../electron/core/providers/built-in/x.ts';
import { readCredentialsEnv } from '../../../electron/core/providers/config/credentials-env.ts';
import { parseCustomProvider } from '../../../electron/core/providers/config/custom-provider-schema.ts';
import { createCustomProvider } from '../../../electron/core/providers/custom/custom-provider.ts';
import type { ProviderProfile } from '../../../electron/core/providers/provider-profile.ts';
import { createSandboxProvider } from '../../../electron/core/providers/sandbox-provider.ts';
import { silentLogger } from '../../../electron/core/ports.ts';
import { ClientCredentialStore } from '../../../electron/core/storage/client-credential-store.ts';
import { ProviderSettingsStore } from '../../../electron/core/storage/provider-preferences.ts';
import { noNetwork } from '../../helpers/fake-http.ts';
import { memoryStore } from '../../helpers/memory-store.ts';
import { createTestCipher } from '../../helpers/test-cipher.ts';

/** A fixed "now" (Sun, 10 May 2026 12:00:00 UTC), so reset times are exact. */
export const NOW = Date.UTC(2026, 4, 10, 12, 0, 0);

export type ProviderKey = 'google' | 'google-health' | 'x' | 'discord' | 'sandbox' | 'custom' | 'custom-any-port';

const store = memoryStore();
const deps = {
  credentials: {
    saved: new ClientCredentialStore(store, createTestCipher()),
    env: readCredentialsEnv({
      OAUTH_DESK_GOOGLE_CLIENT_ID: 'desk-test.apps.googleusercontent.com',
      OAUTH_DESK_GOOGLE_CLIENT_SECRET: 'GOCSPX-test-secret',
      OAUTH_DESK_X_CLIENT_ID: 'x-test-client',
      OAUTH_DESK_DISCORD_CLIENT_ID: '80351110224678912',
    }).credentials,
  },
  preferences: new ProviderSettingsStore(store),
  clock: { now: () => NOW },
};

const customForm = {
  id: 'acme',
  displayName: 'Acme',
  authorizationEndpoint: 'https://sso.acme.example/authorize',
  tokenEndpoint: 'https://sso.acme.example/token',
  clientId: 'acme-client',
  scopes: ['openid', 'read'],
};

const PROFILES: Record<ProviderKey, () => ProviderProfile> = {
  google: () => createBuiltInProvider(googleSpec(), deps),
  'google-health': () => createBuiltInProvider(googleHealthSpec(), deps),
  x: () => createBuiltInProvider(xSpec(), deps),
  discord: () => createBuiltInProvider(discordSpec(), deps),
  sandbox: () => createSandboxProvider({ http: noNetwork, logger: silentLogger }),
  custom: () => createCustomProvider(parseCustomProvider({ ...customForm, redirectPort: 8765 }), { http: noNetwork, source: 'settings' }),
  'custom-any-port': () => createCustomProvider(parseCustomProvider({ ...customForm, redirectPort: 0 }), { http: noNetwork, source: 'settings' }),
};

export function profile(key: ProviderKey): ProviderProfile {
  return PROFILES[key]();
}

/** The context the desk would build for this provider (Settings' redirect URI unless one is given). */
export function contextFor(key: ProviderKey, options: Partial<DoctorContextOptions> = {}): DoctorContext {
  return doctorContextFor(profile(key), { phase: 'sign-in', now: NOW, ...options });
}

/** A provider answer as the HTTP client returns it: JSON body, lower-cased headers. */
export function answer(status: number, body: unknown, headers: Record<string, string> = {}): HttpResponse {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) };
}

/** What a call throws, as the typed error the app would get. */
export function thrown(work: () => unknown): OAuthDeskError {
  try {
    work();
  } catch (error) {
    assert.ok(error instanceof OAuthDeskError, `a typed error, got ${String(error)}`);
    return error;
  }
  assert.fail('expected a typed error');
}

export function diagnosed(error: unknown, context: DoctorContext): Diagnosis {
  const diagnosis = diagnose(error, context);
  assert.ok(diagnosis !== null, `a diagnosis for ${error instanceof OAuthDeskError ? error.code : String(error)}`);
  return diagnosis;
}

/** Every field of a diagnosis says something of its own: no empty text, and none repeats the error's message. */
export function assertPlainAndComplete(diagnosis: Diagnosis, error: { readonly message: string; readonly hint: string }): void {
  for (const text of [diagnosis.happened, diagnosis.cause, ...diagnosis.fix]) {
    assert.ok(text.trim().length >= 12, `"${text}" says something`);
    assert.notEqual(text, error.message, 'not the message again');
    assert.notEqual(text, error.hint, 'not the hint again');
    assert.doesNotMatch(text, /undefined|null|\[object/, `no placeholder leaks into "${text}"`);
  }
  assert.notEqual(diagnosis.happened, diagnosis.cause);
  assert.ok(diagnosis.fix.length >= 1);
  for (const fact of diagnosis.facts) {
    assert.ok(fact.label !== '' && fact.value !== '');
    if (fact.kind === 'time') assert.equal(new Date(fact.value).toISOString(), fact.value, 'an ISO 8601 instant');
  }
}

export function fact(diagnosis: Diagnosis, label: string) {
  return diagnosis.facts.find((f) => f.label === label);
}
