import { test } from 'node:test';
import assert from 'node:assert/strict';
import { documentSource, fetchJsonDocument, isCredentialName, toJsonDocument } from '../../../../electron/core/providers/data/json-document.ts';
import { ApiError } from '../../../../electron/core/errors.ts';
import type { HttpClient, HttpRequest } from '../../../../electron/core/http/http-client.ts';
import { createGotHttpClient } from '../../../../electron/core/http/got-http-client.ts';
import { manualClock } from '../../../emulators/emulator-kit.ts';
import { startGoogleEmulator } from '../../../emulators/google-emulator.ts';
import { authorizationUrl, authorize, pkcePair, postForm } from '../../../emulators/emulator-client.ts';

const SOURCE = 'https://api.example.com/v1/me';
// Token-looking values (shapes of real tokens, invented).
const ACCESS = 'ya29.a0AfB_byC3xZq9EXAMPLEonlyNOTrealTOKEN0123456789abcdef';
const REFRESH = '1//0gEXAMPLErefreshTOKENvalue-abcdefghijklmnop';

test('a plain document is copied as is, with the source stripped of query and fragment', () => {
  const body = { id: 7, name: 'Ada', tags: ['a', 'b'], active: true, manager: null, score: 1.5 };
  assert.deepEqual(toJsonDocument(body, 'https://api.example.com/v1/me?user=42&key=abc#top'), {
    source: 'https://api.example.com/v1/me',
    value: body,
    hiddenFields: 0,
    truncated: false,
  });
});

test('credential-like member names are hidden, also nested in arrays (S29)', () => {
  const body = {
    user: 'ada',
    access_token: ACCESS,
    sessions: [
      { device: 'laptop', refreshToken: REFRESH, Session: 'abc123' },
      { device: 'phone', credentials: { user: 'ada', pass: 'x' } },
    ],
    headers: { Authorization: `Bearer ${ACCESS}`, Cookie: 'sid=1', 'X-Api-Key': 'k-123' },
    oauth: { code: 'auth-code-xyz', code_verifier: 'v', client_assertion: 'jwt', private_key: 'pk', client_secret: 's', passwd: 'p', Password: 'p2' },
    codes: [1, 2],
  };
  const doc = toJsonDocument(body, SOURCE);
  assert.deepEqual(doc.value, {
    user: 'ada',
    access_token: '[hidden]',
    sessions: [
      { device: 'laptop', refreshToken: '[hidden]', Session: '[hidden]' },
      { device: 'phone', credentials: '[hidden]' },
    ],
    headers: { Authorization: '[hidden]', Cookie: '[hidden]', 'X-Api-Key': '[hidden]' },
    oauth: { code: '[hidden]', code_verifier: '[hidden]', client_assertion: '[hidden]', private_key: '[hidden]', client_secret: '[hidden]', passwd: '[hidden]', Password: '[hidden]' },
    codes: [1, 2],
  });
  assert.equal(doc.hiddenFields, 14);
  const text = JSON.stringify(doc);
  assert.ok(!text.includes(ACCESS) && !text.includes(REFRESH) && !text.includes('auth-code-xyz'));
});

test('isCredentialName: contains a credential word, or equals a short one', () => {
  for (const name of ['access_token', 'ID_TOKEN', 'tokenType', 'clientSecret', 'password', 'apikey', 'api_key', 'privateKey', 'codeVerifier', 'assertion', 'code', 'AUTHORIZATION', 'cookie', 'session']) {
    assert.ok(isCredentialName(name), name);
  }
  for (const name of ['id', 'name', 'zip_code', 'sessions', 'country_code', 'author', 'expires_in', 'scope']) {
    assert.ok(!isCredentialName(name), name);
  }
});

test('the node budget cuts arrays and objects with a "…": "N more" marker', () => {
  const doc = toJsonDocument({ items: Array.from({ length: 10 }, (_, i) => i), after: 'x' }, SOURCE, { maxNodes: 5 });
  // root, items, 0, 1, 2 = 5 nodes; the rest of the array and of the root are summarized.
  assert.deepEqual(doc.value, { items: [0, 1, 2, { '…': '7 more' }], '…': '1 more' });
  assert.equal(doc.truncated, true);
});

test('the default budget keeps at most 2000 values', () => {
  const doc = toJsonDocument(Array.from({ length: 5000 }, (_, i) => ({ i })), SOURCE);
  const value = doc.value as readonly unknown[];
  assert.equal(doc.truncated, true);
  assert.deepEqual(value.at(-1), { '…': `${5000 - (value.length - 1)} more` });
  // Values shown, not counting the markers (a `"…"` member, or an array's `{"…": …}` entry).
  const isMarker = (v: unknown) => v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).join() === '…';
  const countValues = (v: unknown): number => {
    if (Array.isArray(v)) return 1 + v.filter((c) => !isMarker(c)).reduce<number>((n, c) => n + countValues(c), 0);
    if (v !== null && typeof v === 'object') return 1 + Object.entries(v).filter(([k]) => k !== '…').reduce<number>((n, [, c]) => n + countValues(c), 0);
    return 1;
  };
  const shown = countValues(value);
  assert.ok(shown <= 2000 && shown >= 1990, `${shown} values`);
  // Every copied element is whole: no object is left holding only a marker.
  assert.ok(value.slice(0, -1).every((v) => !isMarker(v) && typeof (v as { i?: unknown }).i === 'number'));
});

test('depth is bounded; long strings are cut with "…"', () => {
  let deep: unknown = 'bottom';
  for (let i = 0; i < 30; i++) deep = { next: deep };
  const doc = toJsonDocument(deep, SOURCE);
  let node = doc.value as Record<string, unknown>;
  let depth = 0;
  while (typeof node.next === 'object' && node.next !== null) {
    node = node.next as Record<string, unknown>;
    depth++;
  }
  assert.equal(depth, 20);
  assert.deepEqual(node, { '…': '1 more' });
  assert.equal(doc.truncated, true);

  const long = toJsonDocument({ bio: 'x'.repeat(2500) }, SOURCE);
  assert.equal((long.value as { bio: string }).bio, `${'x'.repeat(2000)}…`);
  assert.equal(long.truncated, true);
});

test('values JSON cannot hold become null; "__proto__" stays a plain member', () => {
  const doc = toJsonDocument({ a: Number.NaN, b: Number.POSITIVE_INFINITY, c: undefined, d: () => 1 }, SOURCE);
  assert.deepEqual(doc.value, { a: null, b: null, c: null, d: null });
  const parsed = toJsonDocument(JSON.parse('{"__proto__":{"polluted":true}}'), SOURCE).value as Record<string, unknown>;
  assert.equal(Object.getPrototypeOf(parsed), Object.prototype);
  assert.deepEqual(Object.keys(parsed), ['__proto__']);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
});

test('documentSource drops query, fragment and user info', () => {
  assert.equal(documentSource('https://user:pw@api.example.com/v1/items?id=3#x'), 'https://api.example.com/v1/items');
  assert.equal(documentSource('not a url?x=1'), 'not a url');
});

test('fetchJsonDocument sends the token in the header only and maps errors', async () => {
  const requests: HttpRequest[] = [];
  const ok: HttpClient = {
    async request(req) {
      requests.push(req);
      return { status: 200, headers: {}, body: JSON.stringify({ refresh_token: REFRESH, data: [1] }) };
    },
  };
  const doc = await fetchJsonDocument(ok, `${SOURCE}?page=2`, ACCESS, 'Acme');
  assert.deepEqual(doc, { source: SOURCE, value: { refresh_token: '[hidden]', data: [1] }, hiddenFields: 1, truncated: false });
  assert.equal(requests[0]?.headers?.authorization, `Bearer ${ACCESS}`);
  const denied: HttpClient = { request: async () => ({ status: 401, headers: {}, body: '{}' }) };
  await assert.rejects(fetchJsonDocument(denied, SOURCE, ACCESS, 'Acme'), (e: unknown) =>
    e instanceof ApiError && e.code === 'access_token_rejected' && /the data/.test(e.message) && !e.message.includes(ACCESS),
  );
  const html: HttpClient = { request: async () => ({ status: 200, headers: {}, body: '<html></html>' }) };
  await assert.rejects(fetchJsonDocument(html, SOURCE, ACCESS, 'Acme'), (e: unknown) => e instanceof ApiError && e.code === 'api_response_invalid');
});

test('fetchJsonDocument shows a userinfo document against the emulated Google API', async (t) => {
  const g = await startGoogleEmulator({ clock: manualClock(Date.UTC(2026, 4, 12, 12)) });
  t.after(() => g.close());
  const redirectUri = 'http://127.0.0.1:49152/callback';
  const pkce = pkcePair();
  const auth = await authorize(authorizationUrl(g.endpoints.authorization, {
    client_id: g.clientId, redirect_uri: redirectUri, response_type: 'code', scope: 'openid email profile', state: 'st', code_challenge: pkce.challenge, code_challenge_method: 'S256',
  }));
  const code = auth.location?.searchParams.get('code');
  assert.ok(code, auth.text);
  const token = await postForm(g.endpoints.token, {
    grant_type: 'authorization_code', code, redirect_uri: redirectUri, code_verifier: pkce.verifier, client_id: g.clientId, client_secret: g.clientSecret,
  });
  assert.equal(token.status, 200, token.text);
  const accessToken = token.body.access_token as string;

  const doc = await fetchJsonDocument(createGotHttpClient(), `${g.endpoints.userinfo}?alt=json`, accessToken, 'Google');
  assert.deepEqual(doc, { source: g.endpoints.userinfo, value: { ...g.user }, hiddenFields: 0, truncated: false });
  for (const secret of g.secrets()) assert.ok(!JSON.stringify(doc).includes(secret));
});
