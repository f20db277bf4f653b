import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { rulesOf } from '../../../electron/core/doctor/provider-rules.ts';
import { UNKNOWN_PROVIDER_RULES } from '../../../electron/core/providers/provider-rules-facts.ts';
import { sandboxRules } from '../../../electron/core/providers/sandbox-provider.ts';
import { sandboxProviderConfiguration } from '../../../electron/core/sandbox/sandbox-provider-config.ts';
import { profile } from './doctor-fixtures.ts';

test("X's rules: 30-second codes, the exact redirect URI registered, rotating refresh tokens, its developer portal", () => {
  assert.deepEqual(rulesOf(profile('x')), {
    codeLifetimeSeconds: 30,
    redirectRegistration: 'exact',
    embeddedWindow: 'allowed',
    refreshTokenRules: [
      'Already used: refresh tokens are single-use; every refresh returns a new one and the old one stops working.',
      'Revoked: the person removed the app from the connected apps in their X settings, or the app revoked the token.',
    ],
    console: { name: 'X Developer Portal', url: 'https://developer.x.com/en/portal/dashboard' },
  });
});

test("Google's rules: any loopback port, embedded windows refused, undocumented code lifetime, and its five ways of ending refresh tokens (7 days in Testing)", () => {
  for (const key of ['google', 'google-health'] as const) {
    const rules = rulesOf(profile(key));
    assert.ok(rules);
    assert.equal(rules.codeLifetimeSeconds, null, 'Google documents none: no guess');
    assert.equal(rules.redirectRegistration, 'any-loopback-port');
    assert.equal(rules.embeddedWindow, 'refused');
    assert.equal(rules.console?.url, 'https://console.cloud.google.com/apis/credentials');
    assert.equal(rules.refreshTokenRules.length, 5);
    assert.ok(rules.refreshTokenRules.some((r) => /7 days/.test(r) && /"Testing"/.test(r)));
    assert.ok(rules.refreshTokenRules.some((r) => /6 months/.test(r)));
    assert.ok(rules.refreshTokenRules.some((r) => /password/.test(r) && /Gmail/.test(r)));
  }
});

test("Discord's rules: exact registration, undocumented code lifetime, single-use refresh tokens, revoking one ends them all", () => {
  const rules = rulesOf(profile('discord'));
  assert.ok(rules);
  assert.equal(rules.codeLifetimeSeconds, null);
  assert.equal(rules.redirectRegistration, 'exact');
  assert.match(rules.refreshTokenRules.join(' '), /single-use.*all of that user's tokens/);
});

test("the Sandbox's code and refresh-token lifetimes are read from its oidc-provider configuration, not guessed", () => {
  const { ttl } = sandboxProviderConfiguration({ accessTokenTtlSeconds: 120, signingKey: {}, extraClients: [] });
  const rules = sandboxRules();
  assert.equal(rules.codeLifetimeSeconds, ttl?.AuthorizationCode);
  assert.equal(rules.codeLifetimeSeconds, 60);
  assert.equal(ttl?.RefreshToken, 14 * 24 * 3600);
  assert.ok(rules.refreshTokenRules.includes('Expired: refresh tokens live 14 days.'));
  assert.equal(rules.redirectRegistration, 'any-loopback-port', 'a native client: any loopback port');
  assert.deepEqual(rulesOf(profile('sandbox')), { ...rules, console: null });
});

test('a custom provider: exact registration, unknown code lifetime, no refresh-token rules, no console', () => {
  assert.deepEqual(rulesOf(profile('custom')), { ...UNKNOWN_PROVIDER_RULES, console: null });
  assert.deepEqual(UNKNOWN_PROVIDER_RULES, { codeLifetimeSeconds: null, redirectRegistration: 'exact', embeddedWindow: 'allowed', refreshTokenRules: [] });
  assert.equal(rulesOf({ console: { name: 'Console', url: 'https://console.example' } }), undefined, 'a profile without rules has none');
});

test('providers declare their rules without importing the doctor: the doctor depends on providers, never the reverse', () => {
  const providers = path.resolve(import.meta.dirname, '../../../electron/core/providers');
  const files = readdirSync(providers, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.ts'));
  assert.ok(files.length > 10, 'the provider sources were found');
  const offenders = files.filter((name) => {
    const source = readFileSync(path.join(providers, name), 'utf8');
    return [...source.matchAll(/from\s+'([^']+)'/g)].some(([, specifier = '']) => path.resolve(path.dirname(path.join(providers, name)), specifier).includes(`${path.sep}core${path.sep}doctor${path.sep}`));
  });
  assert.deepEqual(offenders, []);
});
