/**
 * X's `GET /2/users/me` (OAuth 2.0 user context) read into ProfileData: the account's id, name,
 * handle, picture, bio, join date and public counts. Field names follow X's documentation; the post
 * count is `tweet_count` in documented answers and `post_count` in newer ones, so both are accepted.
 */
import type { ProfileData, ProfileFact, ProfileMetric } from '../../../shared/view-types.ts';
import { ApiError } from '../../errors.ts';
import type { HttpClient } from '../../http/http-client.ts';
import { getJson } from '../../api/resource-request.ts';
import { sanitizeProviderText } from '../../oauth/error-mapping.ts';
import { safePicture } from './userinfo-profile.ts';

/** The `user.fields` the profile panel shows (X returns only id, name and username without them). */
export const X_USER_FIELDS = ['id', 'name', 'username', 'profile_image_url', 'created_at', 'description', 'public_metrics'] as const;

const RELOAD_HINT = 'Try reloading. If it persists, re-authorize the connection.';

/** `apiBase` is like `https://api.x.com` (no trailing path). */
export function xUserUrl(apiBase: string): string {
  return `${apiBase.replace(/\/+$/, '')}/2/users/me?user.fields=${X_USER_FIELDS.join(',')}`;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function text(record: Record<string, unknown>, name: string): string | null {
  const value = record[name];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

/** A count X sent as a non-negative finite number; anything else is left out rather than shown wrong. */
function count(record: Record<string, unknown>, name: string): number | undefined {
  const value = record[name];
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/**
 * X may answer 200 with `{"errors":[…]}` and no `data` (e.g. a suspended or locked account). Its
 * own words are kept, sanitized, so the person sees why.
 */
function errorsInsteadOfData(errors: unknown[], providerName: string): ApiError {
  const first = asRecord(errors[0]);
  const said = sanitizeProviderText(first?.detail ?? first?.message ?? first?.title);
  return new ApiError('profile_invalid', `${providerName} sent errors instead of the profile${said === undefined ? '.' : `: "${said}".`}`, {
    hint: 'Try reloading. If it persists, check the account on X (it may be locked or suspended), then re-authorize the connection.',
  });
}

/** Followers, Following, Posts and Listed, each only when X sent a usable number. */
function publicMetrics(value: unknown): ProfileMetric[] {
  const metrics = asRecord(value);
  if (metrics === undefined) return [];
  const entries: Array<[string, number | undefined]> = [
    ['Followers', count(metrics, 'followers_count')],
    ['Following', count(metrics, 'following_count')],
    ['Posts', count(metrics, 'post_count') ?? count(metrics, 'tweet_count')],
    ['Listed', count(metrics, 'listed_count')],
  ];
  return entries.flatMap(([label, n]) => (n === undefined ? [] : [{ label, value: n }]));
}

/** "Joined", as ISO 8601, when `created_at` parses. */
function joinedFact(createdAt: string | null): ProfileFact[] {
  if (createdAt === null) return [];
  const parsed = Date.parse(createdAt);
  return Number.isNaN(parsed) ? [] : [{ label: 'Joined', kind: 'date', value: new Date(parsed).toISOString() }];
}

/** Reads `{"data":{…}}` from `/2/users/me`. Throws `profile_invalid` when there is no usable user. */
export function parseXUser(body: unknown, providerName: string): ProfileData {
  const root = asRecord(body);
  if (root === undefined) {
    throw new ApiError('profile_invalid', `${providerName} sent a profile that is not a JSON object.`, { hint: RELOAD_HINT });
  }
  const data = asRecord(root.data);
  if (data === undefined) {
    if (Array.isArray(root.errors) && root.errors.length > 0) throw errorsInsteadOfData(root.errors, providerName);
    throw new ApiError('profile_invalid', `${providerName} sent a profile without "data".`, { hint: RELOAD_HINT });
  }
  const subject = text(data, 'id');
  if (subject === null) {
    throw new ApiError('profile_invalid', `${providerName} sent a profile without an account id.`, { hint: RELOAD_HINT });
  }
  return {
    subject,
    name: text(data, 'name'),
    username: text(data, 'username'),
    // Only present when `confirmed_email` is asked for with the users.email scope.
    email: text(data, 'confirmed_email'),
    pictureUrl: safePicture(text(data, 'profile_image_url')),
    description: text(data, 'description'),
    facts: joinedFact(text(data, 'created_at')),
    metrics: publicMetrics(data.public_metrics),
  };
}

/** `apiBase` is like `https://api.x.com`; the token goes in the Authorization header only. */
export async function fetchXUser(http: HttpClient, apiBase: string, accessToken: string, providerName = 'X'): Promise<ProfileData> {
  return parseXUser(await getJson(http, xUserUrl(apiBase), accessToken, { providerName, what: 'the profile' }), providerName);
}
