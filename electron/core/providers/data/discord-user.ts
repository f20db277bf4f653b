/**
 * Discord's `GET /users/@me` read into ProfileData. The avatar URL is built from the user id and
 * avatar hash on Discord's CDN; when there is no (valid) hash, Discord's default avatar is shown,
 * chosen the way Discord's documentation describes for new (`discriminator` "0") and legacy
 * (`name#1234`) usernames. `email` and `verified` come only with the `email` scope.
 */
import type { ProfileData, ProfileFact } from '../../../shared/view-types.ts';
import { ApiError } from '../../errors.ts';
import type { HttpClient } from '../../http/http-client.ts';
import { getJson } from '../../api/resource-request.ts';
import { safePicture } from './userinfo-profile.ts';

export const DISCORD_CDN = 'https://cdn.discordapp.com';

const RELOAD_HINT = 'Try reloading. If it persists, re-authorize the connection.';
/** A snowflake: a 64-bit unsigned integer as a decimal string. */
const SNOWFLAKE = /^\d{1,20}$/;
/** An avatar hash; `a_` marks an animated one. Anything else is not put into a URL. */
const AVATAR_HASH = /^(a_)?[0-9a-f]{32}$/;
/** Legacy discriminators are four digits; "0" marks the new username system. */
const LEGACY_DISCRIMINATOR = /^\d{4}$/;

/** `apiBase` is like `https://discord.com/api/v10` (the version pinned in the base). */
export function discordUserUrl(apiBase: string): string {
  return `${apiBase.replace(/\/+$/, '')}/users/@me`;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function text(record: Record<string, unknown>, name: string): string | null {
  const value = record[name];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

/** The legacy discriminator ("1234"), or null for new usernames ("0") and anything unusable. */
function legacyDiscriminator(value: unknown): string | null {
  return typeof value === 'string' && LEGACY_DISCRIMINATOR.test(value) && value !== '0000' ? value : null;
}

/**
 * The avatar picture: the custom avatar (`.gif` when animated) when the hash is valid, else the
 * default avatar: index `(id >> 22) % 6` for new usernames, `discriminator % 5` for legacy ones.
 */
export function discordAvatarUrl(id: string, avatar: unknown, discriminator: unknown, cdnBase: string = DISCORD_CDN): string {
  const cdn = cdnBase.replace(/\/+$/, '');
  if (typeof avatar === 'string' && AVATAR_HASH.test(avatar)) {
    return `${cdn}/avatars/${id}/${avatar}.${avatar.startsWith('a_') ? 'gif' : 'png'}`;
  }
  const legacy = legacyDiscriminator(discriminator);
  const index = legacy === null ? Number((BigInt(id) >> 22n) % 6n) : Number(legacy) % 5;
  return `${cdn}/embed/avatars/${index}.png`;
}

function facts(user: Record<string, unknown>, username: string | null): ProfileFact[] {
  const out: ProfileFact[] = [];
  if (typeof user.verified === 'boolean') out.push({ label: 'Email verified', kind: 'flag', value: user.verified });
  const locale = text(user, 'locale');
  if (locale !== null) out.push({ label: 'Locale', kind: 'text', value: locale });
  const discriminator = legacyDiscriminator(user.discriminator);
  if (username !== null && discriminator !== null) out.push({ label: 'Tag', kind: 'text', value: `${username}#${discriminator}` });
  return out;
}

/** Reads a Discord user object. Throws `profile_invalid` without a snowflake id. */
export function parseDiscordUser(body: unknown, providerName: string, cdnBase: string = DISCORD_CDN): ProfileData {
  const user = asRecord(body);
  if (user === undefined) {
    throw new ApiError('profile_invalid', `${providerName} sent a profile that is not a JSON object.`, { hint: RELOAD_HINT });
  }
  const id = user.id;
  if (typeof id !== 'string' || !SNOWFLAKE.test(id)) {
    throw new ApiError('profile_invalid', `${providerName} sent a profile without a valid user id.`, { hint: RELOAD_HINT });
  }
  const username = text(user, 'username');
  return {
    subject: id,
    name: text(user, 'global_name') ?? username,
    username,
    email: text(user, 'email'),
    pictureUrl: safePicture(discordAvatarUrl(id, user.avatar, user.discriminator, cdnBase)),
    description: null,
    facts: facts(user, username),
    metrics: [],
  };
}

/** `apiBase` is like `https://discord.com/api/v10`; the token goes in the Authorization header only. */
export async function fetchDiscordUser(http: HttpClient, apiBase: string, accessToken: string, providerName = 'Discord', cdnBase: string = DISCORD_CDN): Promise<ProfileData> {
  return parseDiscordUser(await getJson(http, discordUserUrl(apiBase), accessToken, { providerName, what: 'the profile' }), providerName, cdnBase);
}
