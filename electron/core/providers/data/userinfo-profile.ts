/** Reads an OpenID Connect userinfo response (or any JSON with the standard claims) into ProfileData. */
import type { ProfileData } from '../../../shared/view-types.ts';
import { ApiError } from '../../errors.ts';
import type { HttpClient } from '../../http/http-client.ts';
import { getJson } from '../../api/resource-request.ts';

function stringClaim(claims: Record<string, unknown>, name: string): string | null {
  const value = claims[name];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

function safePicture(value: string | null): string | null {
  if (value === null) return null;
  try {
    return new URL(value).protocol === 'https:' ? value : null;
  } catch {
    return null;
  }
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
  return {
    subject,
    name: stringClaim(claims, 'name') ?? stringClaim(claims, 'preferred_username'),
    email: stringClaim(claims, 'email'),
    pictureUrl: safePicture(stringClaim(claims, 'picture')),
  };
}

export async function fetchUserinfoProfile(http: HttpClient, userinfoEndpoint: string, accessToken: string, providerName: string): Promise<ProfileData> {
  return parseUserinfo(await getJson(http, userinfoEndpoint, accessToken, { providerName, what: 'the profile' }), providerName);
}

/** A short human label for an account: email, else name, else subject. */
export function accountLabelFor(profile: ProfileData): string {
  return profile.email ?? profile.name ?? profile.subject;
}
