import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DISCORD_CDN, discordUserUrl, fetchDiscordUser, parseDiscordUser } from '../../../../electron/core/providers/data/discord-user.ts';
import { ApiError } from '../../../../electron/core/errors.ts';
import type { HttpClient, HttpRequest } from '../../../../electron/core/http/http-client.ts';
import { createGotHttpClient } from '../../../../electron/core/http/got-http-client.ts';
import { basicAuthorization } from '../../../emulators/emulator-kit.ts';
import { type DiscordEmulator, startDiscordEmulator } from '../../../emulators/discord-emulator.ts';
import { authorizationUrl, authorize, pkcePair, postForm } from '../../../emulators/emulator-client.ts';

// The documented `/users/@me` shape (../shared/reference/providers.md), invented values.
const sample = {
  id: '80351110224678912',
  username: 'nelly',
  global_name: 'Nelly',
  discriminator: '0',
  avatar: '8342729096ea3675442027381ff50dfe',
  verified: true,
  email: 'nelly@example.com',
  locale: 'en-US',
};

test('discordUserUrl appends /users/@me to the pinned API base', () => {
  assert.equal(discordUserUrl('https://discord.com/api/v10'), 'https://discord.com/api/v10/users/@me');
  assert.equal(discordUserUrl('https://discord.com/api/v10/'), 'https://discord.com/api/v10/users/@me');
});

test('parses the documented shape: global name, handle, email, avatar on the CDN, facts', () => {
  assert.deepEqual(parseDiscordUser(sample, 'Discord'), {
    subject: '80351110224678912',
    name: 'Nelly',
    username: 'nelly',
    email: 'nelly@example.com',
    pictureUrl: `${DISCORD_CDN}/avatars/80351110224678912/8342729096ea3675442027381ff50dfe.png`,
    description: null,
    facts: [
      { label: 'Email verified', kind: 'flag', value: true },
      { label: 'Locale', kind: 'text', value: 'en-US' },
    ],
    metrics: [],
  });
});

test('an animated avatar (a_ prefix) is a .gif', () => {
  const profile = parseDiscordUser({ ...sample, avatar: 'a_1269e74af4df7417b13759eae50c83dc' }, 'Discord');
  assert.equal(profile.pictureUrl, `${DISCORD_CDN}/avatars/80351110224678912/a_1269e74af4df7417b13759eae50c83dc.gif`);
});

test('null global_name falls back to the username; null avatar gives the default avatar (id >> 22) % 6', () => {
  const profile = parseDiscordUser({ ...sample, global_name: null, avatar: null }, 'Discord');
  assert.equal(profile.name, 'nelly');
  const index = (BigInt(sample.id) >> 22n) % 6n;
  assert.equal(profile.pictureUrl, `${DISCORD_CDN}/embed/avatars/${index}.png`);
});

test('a legacy user: default avatar discriminator % 5 and a Tag fact', () => {
  const profile = parseDiscordUser({ ...sample, discriminator: '1337', avatar: null }, 'Discord');
  assert.equal(profile.pictureUrl, `${DISCORD_CDN}/embed/avatars/${1337 % 5}.png`);
  assert.deepEqual(profile.facts.at(-1), { label: 'Tag', kind: 'text', value: 'nelly#1337' });
  assert.ok(!parseDiscordUser(sample, 'Discord').facts.some((f) => f.label === 'Tag'));
});

test('an avatar that is not a hash never reaches a URL', () => {
  for (const avatar of ['../../evil', '8342729096EA3675442027381FF50DFE', 'a_123', 42]) {
    const profile = parseDiscordUser({ ...sample, avatar }, 'Discord');
    assert.match(profile.pictureUrl ?? '', /^https:\/\/cdn\.discordapp\.com\/embed\/avatars\/[0-5]\.png$/);
  }
});

test('without the email scope: no email and no Email verified fact', () => {
  const { email: _email, verified: _verified, ...identifyOnly } = sample;
  const profile = parseDiscordUser(identifyOnly, 'Discord');
  assert.equal(profile.email, null);
  assert.deepEqual(profile.facts, [{ label: 'Locale', kind: 'text', value: 'en-US' }]);
});

test('a non-https CDN base gives no picture; a missing or non-snowflake id is profile_invalid', () => {
  assert.equal(parseDiscordUser(sample, 'Discord', 'http://cdn.example').pictureUrl, null);
  for (const body of [null, [], { ...sample, id: undefined }, { ...sample, id: 80351110224678912 }, { ...sample, id: '12ab' }]) {
    assert.throws(() => parseDiscordUser(body, 'Discord'), (e: unknown) => e instanceof ApiError && e.code === 'profile_invalid' && e.hint.length > 0);
  }
});

test('fetchDiscordUser sends the token in the header only; Discord\'s 401 is access_token_rejected', async () => {
  const requests: HttpRequest[] = [];
  const ok: HttpClient = {
    async request(req) {
      requests.push(req);
      return { status: 200, headers: {}, body: JSON.stringify(sample) };
    },
  };
  assert.equal((await fetchDiscordUser(ok, 'https://discord.com/api/v10', 'secret-token-2')).subject, sample.id);
  assert.equal(requests[0]?.url, 'https://discord.com/api/v10/users/@me');
  assert.equal(requests[0]?.headers?.authorization, 'Bearer secret-token-2');
  const denied: HttpClient = { request: async () => ({ status: 401, headers: {}, body: JSON.stringify({ message: '401: Unauthorized', code: 0 }) }) };
  await assert.rejects(fetchDiscordUser(denied, 'https://discord.com/api/v10', 'secret-token-2'), (e: unknown) =>
    e instanceof ApiError && e.code === 'access_token_rejected' && !e.message.includes('secret-token-2'),
  );
});

// ---- against the emulator over real HTTP

const REDIRECT = 'http://127.0.0.1:8766/callback';

/** A confidential client's authorization code flow (HTTP Basic at the token endpoint), with PKCE. */
async function discordAccessToken(d: DiscordEmulator, scope: string): Promise<string> {
  const pkce = pkcePair();
  const auth = await authorize(authorizationUrl(d.endpoints.authorization, {
    response_type: 'code', client_id: d.clientId, redirect_uri: REDIRECT, scope, state: 'st', code_challenge: pkce.challenge, code_challenge_method: 'S256',
  }));
  const code = auth.location?.searchParams.get('code');
  assert.ok(code, auth.text);
  const token = await postForm(d.endpoints.token, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: pkce.verifier }, { authorization: basicAuthorization(d.clientId, d.clientSecret) });
  assert.equal(token.status, 200, token.text);
  return token.body.access_token as string;
}

test('fetchDiscordUser reads the profile against the emulated Discord API', async (t) => {
  const d = await startDiscordEmulator({ redirectUris: [REDIRECT] });
  t.after(() => d.close());
  const http = createGotHttpClient();
  const apiBase = d.endpoints.usersMe.replace(/\/users\/@me$/, '');
  const u = d.user;
  const profile = await fetchDiscordUser(http, apiBase, await discordAccessToken(d, 'identify email'));
  assert.equal(profile.subject, u.id);
  assert.equal(profile.name, u.global_name ?? u.username);
  assert.equal(profile.username, u.username);
  assert.equal(profile.email, u.email);
  assert.ok(u.avatar !== null);
  assert.equal(profile.pictureUrl, `${DISCORD_CDN}/avatars/${u.id}/${u.avatar}.png`);
  assert.deepEqual(profile.facts, [
    { label: 'Email verified', kind: 'flag', value: u.verified },
    { label: 'Locale', kind: 'text', value: u.locale },
  ]);
  const identifyOnly = await fetchDiscordUser(http, apiBase, await discordAccessToken(d, 'identify'));
  assert.equal(identifyOnly.email, null);
  assert.ok(!identifyOnly.facts.some((f) => f.label === 'Email verified'));
});
