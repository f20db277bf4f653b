import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fetchUnreadMail, parseMessageList, parseMessageMetadata, withRateLimitBackoff } from '../../../electron/core/providers/data/gmail-mail.ts';
import { parseUserinfo } from '../../../electron/core/providers/data/userinfo-profile.ts';
import { ApiError } from '../../../electron/core/errors.ts';
import type { HttpClient, HttpRequest } from '../../../electron/core/http/http-client.ts';

// Shapes from Gmail's documentation (../shared/reference/providers.md), invented values.
const listBody = { messages: [{ id: '18f2a3b4c5d6e7f8', threadId: '18f2a3b4c5d6e7f8' }], nextPageToken: '0987', resultSizeEstimate: 14 };
const messageBody = {
  id: '18f2a3b4c5d6e7f8',
  threadId: '18f2a3b4c5d6e7f8',
  labelIds: ['UNREAD', 'INBOX'],
  snippet: 'Hi Ada, the Q2 numbers &amp; notes',
  payload: { headers: [{ name: 'FROM', value: 'Grace <grace@example.org>' }, { name: 'subject', value: 'Q2' }, { name: 'Date', value: 'Tue, 14 May 2024 09:21:07 -0700' }] },
  internalDate: '1715703667000',
};

test('parses Gmail list shapes, including the empty answer without "messages"', () => {
  assert.deepEqual(parseMessageList(listBody, 'G'), { ids: ['18f2a3b4c5d6e7f8'], resultSizeEstimate: 14 });
  assert.deepEqual(parseMessageList({ resultSizeEstimate: 0 }, 'G'), { ids: [], resultSizeEstimate: 0 });
  assert.throws(() => parseMessageList({ messages: [{ id: '../../x' }] }, 'G'), ApiError);
});

test('parses metadata with case-insensitive headers, decoded snippet and internalDate', () => {
  assert.deepEqual(parseMessageMetadata(messageBody, 'G'), {
    id: '18f2a3b4c5d6e7f8',
    from: 'Grace <grace@example.org>',
    subject: 'Q2',
    date: '2024-05-14T16:21:07.000Z',
    snippet: 'Hi Ada, the Q2 numbers & notes',
  });
  const bare = parseMessageMetadata({ id: 'x1' }, 'G');
  assert.equal(bare.subject, '(no subject)');
  assert.equal(bare.date, null);
});

test('fetchUnreadMail lists, then gets each message with format=metadata, token only in the header (S18)', async () => {
  const requests: HttpRequest[] = [];
  const http: HttpClient = {
    async request(req) {
      requests.push(req);
      const url = new URL(req.url);
      const body = url.pathname.endsWith('/messages') ? listBody : messageBody;
      return { status: 200, headers: {}, body: JSON.stringify(body) };
    },
  };
  const mail = await fetchUnreadMail(http, 'tok', { baseUrl: 'https://mail.example/gmail/v1/users/me', providerName: 'G' });
  assert.equal(mail.unreadCount, 14);
  assert.equal(mail.messages.length, 1);
  assert.equal(requests.length, 2);
  const list = new URL(requests[0]!.url);
  assert.equal(list.searchParams.get('q'), 'is:unread');
  const get = new URL(requests[1]!.url);
  assert.equal(get.searchParams.get('format'), 'metadata');
  assert.deepEqual(get.searchParams.getAll('metadataHeaders'), ['Subject', 'From', 'Date']);
  for (const r of requests) {
    assert.equal(r.headers?.authorization, 'Bearer tok');
    assert.ok(!r.url.includes('tok'));
  }
});

test('a 401 with error="invalid_token" becomes access_token_rejected with a hint', async () => {
  const http: HttpClient = { request: async () => ({ status: 401, headers: { 'www-authenticate': 'Bearer realm="x", error="invalid_token"' }, body: '{}' }) };
  await assert.rejects(fetchUnreadMail(http, 't', { baseUrl: 'https://m.example', providerName: 'G' }), (e: unknown) =>
    e instanceof ApiError && e.code === 'access_token_rejected' && e.status === 401 && /Re-authorize/.test(e.hint),
  );
});

test('userinfo: claims map to the profile; a missing sub or non-https picture is handled', () => {
  assert.deepEqual(parseUserinfo({ sub: '1102', name: 'Ada Lovelace', email: 'ada@example.com', picture: 'https://img.example/a.png' }, 'G'), {
    subject: '1102',
    name: 'Ada Lovelace',
    username: null,
    email: 'ada@example.com',
    pictureUrl: 'https://img.example/a.png',
    description: null,
    facts: [],
    metrics: [],
  });
  assert.equal(parseUserinfo({ sub: 'x', picture: 'javascript:alert(1)' }, 'G').pictureUrl, null);
  const split = parseUserinfo({ sub: 'y', given_name: 'Ada', family_name: 'Lovelace', preferred_username: 'ada', email_verified: false, locale: 'en-GB' }, 'G');
  assert.equal(split.name, 'Ada Lovelace', 'given and family names stand in for a missing name');
  assert.equal(split.username, 'ada');
  assert.deepEqual(split.facts, [
    { label: 'Email verified', kind: 'flag', value: false },
    { label: 'Locale', kind: 'text', value: 'en-GB' },
  ]);
  assert.throws(() => parseUserinfo({ name: 'no sub' }, 'G'), ApiError);
});

test('Gmail rate limits: retried with doubling waits (or the provider\'s Retry-After), at most `attempts` tries; long waits and other errors are not retried', async () => {
  const limited = (retryAfterMs?: number) =>
    new ApiError('rate_limited', 'Gmail is rate-limiting requests.', { hint: 'Wait.', ...(retryAfterMs === undefined ? {} : { retryAfterMs }) });
  const waits: number[] = [];
  const backoff = { attempts: 3, baseDelayMs: 100, maxDelayMs: 1_000, sleep: async (ms: number) => void waits.push(ms) };
  let calls = 0;
  assert.equal(await withRateLimitBackoff(async () => (++calls < 3 ? Promise.reject(limited()) : 'ok'), backoff), 'ok');
  assert.deepEqual(waits, [100, 200]);

  waits.length = 0;
  calls = 0;
  await assert.rejects(withRateLimitBackoff(async () => (calls++, Promise.reject(limited())), backoff), (e: unknown) => e instanceof ApiError && e.code === 'rate_limited');
  assert.equal(calls, 3);

  waits.length = 0;
  calls = 0;
  assert.equal(await withRateLimitBackoff(async () => (++calls < 2 ? Promise.reject(limited(700)) : 'ok'), backoff), 'ok');
  assert.deepEqual(waits, [700], "the provider's wait wins");

  calls = 0;
  await assert.rejects(withRateLimitBackoff(async () => (calls++, Promise.reject(limited(60_000))), backoff));
  assert.equal(calls, 1, 'a minute-long wait is reported, not waited for');

  calls = 0;
  await assert.rejects(withRateLimitBackoff(async () => (calls++, Promise.reject(new ApiError('scope_missing', 'x', { hint: 'y' }))), backoff));
  assert.equal(calls, 1, 'only rate limits are retried');
});
