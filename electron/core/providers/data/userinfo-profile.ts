/** Reads an OpenID Connect userinfo response (or any JSON with the standard claims) into ProfileData. */
import type { ProfileData, ProfileFact } from '../../../shared/view-types.ts';
import { ApiError } from '../../errors.ts';
import type { HttpClient } from '../../http/http-client.ts';
import { getJson } from '../../api/resource-request.ts';

function stringClaim(claims: Record<string, unknown>, name: string): string | null {
  const value = claims[name];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

/** Pictures are shown by the renderer: https only. */
export function safePicture(value: string | null): string | null {
  if (value === null) return null;
  try {
    return new URL(value).protocol === 'https:' ? value : null;
  } catch {
    return null;
  }
}

/** `given_name` and `family_name` when there is no `name`. */
function joinedName(claims: Record<string, unknown>): string | null {
  const parts = [stringClaim(claims, 'given_name'), stringClaim(claims, 'family_name')].filter((part) => part !== null);
  return parts.length === 0 ? null : parts.join(' ');
}

export function parseUserinfo(body: unknown, providerName: string): ProfileData {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ApiError('profile_invalid', `${providerName} sent a profile that is not a JSON object.`, { hint: 'Try reloading. If it persists, re-authorize the connection.' });
  }
  const claims = body as Record<string, unknown>;
  const subject = stringClaim(claims, 'sub');
  if (subject === null) {
    throw new ApiError('profile_invalid', `${providerName} sent a profile without a subject ("sub").`, { hint: 'Try reloading. If it persists, re-authorize the connection.' });
  }
  const facts: ProfileFact[] = [];
  if (typeof claims.email_verified === 'boolean') facts.push({ label: 'Email verified', kind: 'flag', value: claims.email_verified });
  const locale = stringClaim(claims, 'locale');
  if (locale !== null) facts.push({ label: 'Locale', kind: 'text', value: locale });
  return {
    subject,
    name: stringClaim(claims, 'name') ?? joinedName(claims),
    username: stringClaim(claims, 'preferred_username'),
    email: stringClaim(claims, 'email'),
    pictureUrl: safePicture(stringClaim(claims, 'picture')),
    description: null,
    facts,
    metrics: [],
  };
}

export async function fetchUserinfoProfile(http: HttpClient, userinfoEndpoint: string, accessToken: string, providerName: string): Promise<ProfileData> {
  return parseUserinfo(await getJson(http, userinfoEndpoint, accessToken, { providerName, what: 'the profile' }), providerName);
}

/** A short human label for an account: email, else the handle, else name, else subject. */
export function accountLabelFor(profile: ProfileData): string {
  return profile.email ?? (profile.username === null ? null : `@${profile.username}`) ?? profile.name ?? profile.subject;
}
