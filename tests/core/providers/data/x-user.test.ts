import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fetchXUser, parseXUser, X_USER_FIELDS, xUserUrl } from '../../../../electron/core/providers/data/x-user.ts';
import { ApiError } from '../../../../electron/core/errors.ts';
import type { HttpClient, HttpRequest } from '../../../../electron/core/http/http-client.ts';
import { createGotHttpClient } from '../../../../electron/core/http/got-http-client.ts';
import { type XEmulator, startXEmulator } from '../../../emulators/x-emulator.ts';
import { authorizationUrl, authorize, pkcePair, postForm } from '../../../emulators/emulator-client.ts';

// The documented `/2/users/me` shape (../shared/reference/providers.md), invented values.
const sample = {
  data: {
    id: '1460123456789',
    name: 'Ada Example',
    username: 'ada_example',
    profile_image_url: 'https://pbs.twimg.com/profile_images/1460/ada_normal.jpg',
    created_at: '2019-05-01T12:00:00.000Z',
    description: 'Counting things',
    public_metrics: { followers_count: 120, following_count: 80, tweet_count: 450, listed_count: 2 },
  },
};

test('xUserUrl asks /2/users/me for the profile fields', () => {
  const url = new URL(xUserUrl('https://api.x.com/'));
  assert.equal(url.origin + url.pathname, 'https://api.x.com/2/users/me');
  assert.deepEqual(url.searchParams.get('user.fields')?.split(','), [...X_USER_FIELDS]);
  assert.deepEqual([...X_USER_FIELDS], ['id', 'name', 'username', 'profile_image_url', 'created_at', 'description', 'public_metrics']);
});

test('parses the documented shape: handle, picture, bio, Joined date and counts (tweet_count)', () => {
  assert.deepEqual(parseXUser(sample, 'X'), {
    subject: '1460123456789',
    name: 'Ada Example',
    username: 'ada_example',
    email: null,
    pictureUrl: 'https://pbs.twimg.com/profile_images/1460/ada_normal.jpg',
    description: 'Counting things',
    facts: [{ label: 'Joined', kind: 'date', value: '2019-05-01T12:00:00.000Z' }],
    metrics: [
      { label: 'Followers', value: 120 },
      { label: 'Following', value: 80 },
      { label: 'Posts', value: 450 },
      { label: 'Listed', value: 2 },
    ],
  });
});

test('Posts comes from post_count in newer answers, and post_count wins when both are sent', () => {
  const metrics = (publicMetrics: Record<string, unknown>) => parseXUser({ data: { ...sample.data, public_metrics: publicMetrics } }, 'X').metrics;
  assert.deepEqual(metrics({ post_count: 451 }), [{ label: 'Posts', value: 451 }]);
  assert.deepEqual(metrics({ tweet_count: 450, post_count: 451 }), [{ label: 'Posts', value: 451 }]);
  assert.deepEqual(metrics({ tweet_count: 450, post_count: 'many' }), [{ label: 'Posts', value: 450 }]);
});

test('non-numeric counts are skipped, not shown as zero', () => {
  const profile = parseXUser({ data: { ...sample.data, public_metrics: { followers_count: '120', following_count: null, tweet_count: -1, listed_count: 3 } } }, 'X');
  assert.deepEqual(profile.metrics, [{ label: 'Listed', value: 3 }]);
  assert.deepEqual(parseXUser({ data: { ...sample.data, public_metrics: 'n/a' } }, 'X').metrics, []);
});

test('an http (unsafe) picture is dropped; an empty bio and an unparsable created_at are left out', () => {
  const profile = parseXUser({ data: { ...sample.data, profile_image_url: 'http://pbs.twimg.com/a.jpg', description: '  ', created_at: 'yesterday' } }, 'X');
  assert.equal(profile.pictureUrl, null);
  assert.equal(profile.description, null);
  assert.deepEqual(profile.facts, []);
});

test('only id, name and username (no user.fields): no picture, facts or metrics', () => {
  assert.deepEqual(parseXUser({ data: { id: '1', name: 'N', username: 'n' } }, 'X'), {
    subject: '1', name: 'N', username: 'n', email: null, pictureUrl: null, description: null, facts: [], metrics: [],
  });
});

test('200 with {"errors":[…]} and no data is profile_invalid with X\'s words and a hint', () => {
  const body = { errors: [{ title: 'Forbidden', detail: 'User has been suspended: [ada_example].', type: 'https://api.twitter.com/2/problems/resource-not-found' }] };
  assert.throws(() => parseXUser(body, 'X'), (e: unknown) =>
    e instanceof ApiError && e.code === 'profile_invalid' && /suspended/.test(e.message) && /re-authorize/i.test(e.hint),
  );
});

test('shapes without a usable user are profile_invalid', () => {
  for (const body of [null, [], 'x', {}, { data: [] }, { data: { name: 'no id' } }]) {
    assert.throws(() => parseXUser(body, 'X'), (e: unknown) => e instanceof ApiError && e.code === 'profile_invalid' && e.hint.length > 0);
  }
});

test('fetchXUser sends the token in the header only; X\'s 401 problem+json is access_token_rejected', async () => {
  const requests: HttpRequest[] = [];
  const ok: HttpClient = {
    async request(req) {
      requests.push(req);
      return { status: 200, headers: {}, body: JSON.stringify(sample) };
    },
  };
  assert.equal((await fetchXUser(ok, 'https://api.x.com', 'secret-token-1')).subject, '1460123456789');
  assert.equal(requests[0]?.headers?.authorization, 'Bearer secret-token-1');
  assert.ok(!requests[0]?.url.includes('secret-token-1'));
  const denied: HttpClient = {
    request: async () => ({ status: 401, headers: { 'content-type': 'application/problem+json' }, body: JSON.stringify({ title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' }) }),
  };
  await assert.rejects(fetchXUser(denied, 'https://api.x.com', 'secret-token-1'), (e: unknown) =>
    e instanceof ApiError && e.code === 'access_token_rejected' && !e.message.includes('secret-token-1'),
  );
});

// ---- against the emulator over real HTTP

const REDIRECT = 'http://127.0.0.1:8765/callback';

/** A public ("Native App") client's authorization code flow with PKCE, as X documents it. */
async function xAccessToken(x: XEmulator): Promise<string> {
  const pkce = pkcePair();
  const auth = await authorize(authorizationUrl(x.endpoints.authorization, {
    response_type: 'code', client_id: x.clientId, redirect_uri: REDIRECT, scope: 'users.read tweet.read', state: 'st', code_challenge: pkce.challenge, code_challenge_method: 'S256',
  }));
  const code = auth.location?.searchParams.get('code');
  assert.ok(code, auth.text);
  const token = await postForm(x.endpoints.token, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: pkce.verifier, client_id: x.clientId });
  assert.equal(token.status, 200, token.text);
  return token.body.access_token as string;
}

test('fetchXUser reads the profile against the emulated X API', async (t) => {
  const x = await startXEmulator({ redirectUri: REDIRECT, metricsNaming: 'post_count' });
  t.after(() => x.close());
  const http = createGotHttpClient();
  const token = await xAccessToken(x);
  const apiBase = new URL(x.endpoints.usersMe).origin;
  const profile = await fetchXUser(http, apiBase, token);
  const u = x.user;
  assert.deepEqual(profile, {
    subject: u.id,
    name: u.name,
    username: u.username,
    email: null,
    pictureUrl: u.profile_image_url,
    description: u.description,
    facts: [{ label: 'Joined', kind: 'date', value: new Date(u.created_at).toISOString() }],
    metrics: [
      { label: 'Followers', value: u.followers_count },
      { label: 'Following', value: u.following_count },
      { label: 'Posts', value: u.post_count },
      { label: 'Listed', value: u.listed_count },
    ],
  });
  x.expireAccessTokens();
  await assert.rejects(fetchXUser(http, apiBase, token), (e: unknown) => e instanceof ApiError && e.code === 'access_token_rejected');
});
