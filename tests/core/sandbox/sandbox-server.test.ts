import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { Agent, request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import got from 'got';
import {
  SANDBOX_CLIENT_ID,
  SANDBOX_SCOPES,
  startSandboxServer,
  type SandboxServer,
} from '../../../electron/core/sandbox/sandbox-server.ts';
import { completeAuthorization, type ScriptedSignIn } from '../../helpers/scripted-browser.ts';

const ALL_SCOPES = SANDBOX_SCOPES.join(' ');

interface TokenResponse {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

function pkcePair() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** A loopback redirect URI on an arbitrary port: the native client is registered without one (RFC 8252). */
function loopbackRedirectUri(): string {
  return `http://127.0.0.1:${20000 + Math.floor(Math.random() * 20000)}/callback`;
}

function authorizationUrl(server: SandboxServer, params: Record<string, string | undefined>): string {
  const url = new URL(`${server.issuer}/auth`);
  for (const [name, value] of Object.entries(params)) if (value !== undefined) url.searchParams.set(name, value);
  return url.href;
}

async function tokenRequest(server: SandboxServer, form: Record<string, string>, headers: Record<string, string> = {}): Promise<TokenResponse> {
  const response = await got.post(`${server.issuer}/token`, { form, headers, throwHttpErrors: false, retry: { limit: 0 } });
  return { status: response.statusCode, body: JSON.parse(response.body) as Record<string, unknown> };
}

/** Runs the whole code flow for the built-in client and returns the token response. */
async function signIn(
  server: SandboxServer,
  options: { scope?: string; prompt?: string; clientId?: string; tokenForm?: Record<string, string>; tokenHeaders?: Record<string, string> } & ScriptedSignIn = {},
): Promise<TokenResponse & { redirectUri: string }> {
  const redirectUri = loopbackRedirectUri();
  const { verifier, challenge } = pkcePair();
  const state = randomBytes(16).toString('base64url');
  const callback = new URL(await completeAuthorization(authorizationUrl(server, {
    response_type: 'code',
    client_id: options.clientId ?? SANDBOX_CLIENT_ID,
    redirect_uri: redirectUri,
    scope: options.scope ?? ALL_SCOPES,
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    prompt: options.prompt,
  }), redirectUri, options));
  assert.equal(callback.searchParams.get('state'), state);
  const code = callback.searchParams.get('code');
  assert.ok(code, `no code in the callback: ${callback.search}`);
  const form = {
    grant_type: 'authorization_code',
    code,
    redirect_uri: redirectUri,
    code_verifier: verifier,
    ...(options.tokenForm ?? { client_id: options.clientId ?? SANDBOX_CLIENT_ID }),
  };
  return { ...(await tokenRequest(server, form, options.tokenHeaders)), redirectUri };
}

function refresh(server: SandboxServer, refreshToken: unknown): Promise<TokenResponse> {
  return tokenRequest(server, { grant_type: 'refresh_token', refresh_token: String(refreshToken), client_id: SANDBOX_CLIENT_ID });
}

async function userinfo(server: SandboxServer, accessToken: unknown) {
  const response = await got(`${server.issuer}/me`, {
    headers: { authorization: `Bearer ${String(accessToken)}` },
    throwHttpErrors: false,
    retry: { limit: 0 },
  });
  return { status: response.statusCode, body: JSON.parse(response.body) as Record<string, unknown> };
}

async function api(server: SandboxServer, path: string, options: { token?: unknown; method?: 'GET' | 'POST' | 'DELETE' } = {}) {
  const response = await got(`${server.mailApiBase}${path}`, {
    method: options.method ?? 'GET',
    headers: options.token === undefined ? {} : { authorization: `Bearer ${String(options.token)}` },
    throwHttpErrors: false,
    retry: { limit: 0 },
  });
  return {
    status: response.statusCode,
    headers: response.headers,
    body: JSON.parse(response.body) as Record<string, unknown>,
  };
}

describe('Sandbox authorization server', () => {
  let server: SandboxServer;
  before(async () => {
    server = await startSandboxServer();
  });
  after(() => server.close());

  it('S1 listens on the literal 127.0.0.1 and names it in the issuer', () => {
    assert.match(server.issuer, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(server.issuer, `http://127.0.0.1:${server.port}`);
    assert.equal(server.clientId, SANDBOX_CLIENT_ID);
    assert.equal(server.mailApiBase, `${server.issuer}/api/gmail/v1/users/me`);
  });

  it('S8 S10 S11 discovery: PKCE S256 only, iss parameter, code only, revocation and userinfo', async () => {
    const discovery = await got(`${server.issuer}/.well-known/openid-configuration`).json<Record<string, unknown>>();
    assert.equal(discovery.issuer, server.issuer);
    assert.deepEqual(discovery.code_challenge_methods_supported, ['S256']);
    assert.equal(discovery.authorization_response_iss_parameter_supported, true);
    assert.deepEqual(discovery.response_types_supported, ['code']);
    assert.equal(discovery.authorization_endpoint, `${server.issuer}/auth`);
    assert.equal(discovery.token_endpoint, `${server.issuer}/token`);
    assert.equal(discovery.revocation_endpoint, `${server.issuer}/token/revocation`);
    assert.equal(discovery.userinfo_endpoint, `${server.issuer}/me`);
    assert.ok((discovery.scopes_supported as string[]).includes('mail.read'));
    assert.deepEqual(discovery.grant_types_supported, ['authorization_code', 'refresh_token']);
  });

  it('S8 S9 S10 a code flow with PKCE returns iss and state, and tokens (Bearer, scope, refresh token)', async () => {
    const redirectUri = loopbackRedirectUri();
    const { verifier, challenge } = pkcePair();
    const callback = new URL(await completeAuthorization(authorizationUrl(server, {
      response_type: 'code', client_id: SANDBOX_CLIENT_ID, redirect_uri: redirectUri, scope: ALL_SCOPES,
      state: 'state-123', code_challenge: challenge, code_challenge_method: 'S256',
    }), redirectUri));
    assert.equal(`${callback.origin}${callback.pathname}`, redirectUri);
    assert.equal(callback.searchParams.get('iss'), server.issuer);
    assert.equal(callback.searchParams.get('state'), 'state-123');

    const tokens = await tokenRequest(server, {
      grant_type: 'authorization_code', code: callback.searchParams.get('code')!, redirect_uri: redirectUri,
      code_verifier: verifier, client_id: SANDBOX_CLIENT_ID,
    });
    assert.equal(tokens.status, 200);
    assert.equal(tokens.body.token_type, 'Bearer');
    assert.equal(tokens.body.expires_in, 120);
    assert.equal(typeof tokens.body.access_token, 'string');
    assert.equal(typeof tokens.body.refresh_token, 'string');
    assert.equal(typeof tokens.body.id_token, 'string');
    // oidc-provider drops offline_access unless prompt=consent; the refresh token is issued anyway.
    assert.equal(tokens.body.scope, 'openid profile email mail.read');
  });

  it('with prompt=consent the granted scope includes offline_access', async () => {
    const tokens = await signIn(server, { prompt: 'consent' });
    assert.equal(tokens.status, 200);
    assert.deepEqual(String(tokens.body.scope).split(' ').sort(), [...SANDBOX_SCOPES].sort());
    assert.equal(typeof tokens.body.refresh_token, 'string');
  });

  it('userinfo returns the claims of the login name; the subject is normalized', async () => {
    const tokens = await signIn(server, { login: '  Grace Hopper ' });
    const info = await userinfo(server, tokens.body.access_token);
    assert.equal(info.status, 200);
    assert.deepEqual(info.body, {
      sub: 'grace hopper',
      name: 'Grace Hopper',
      email: 'grace.hopper@sandbox.oauthdesk.test',
      email_verified: true,
    });
    const again = await signIn(server, { login: 'GRACE hopper' });
    assert.equal((await userinfo(server, again.body.access_token)).body.sub, 'grace hopper');
  });

  it('consent:false ends the authorization with access_denied at the redirect URI', async () => {
    const redirectUri = loopbackRedirectUri();
    const { challenge } = pkcePair();
    const callback = new URL(await completeAuthorization(authorizationUrl(server, {
      response_type: 'code', client_id: SANDBOX_CLIENT_ID, redirect_uri: redirectUri, scope: ALL_SCOPES,
      state: 's', code_challenge: challenge, code_challenge_method: 'S256',
    }), redirectUri, { consent: false }));
    assert.equal(callback.searchParams.get('error'), 'access_denied');
    assert.equal(callback.searchParams.get('state'), 's');
    assert.equal(callback.searchParams.get('iss'), server.issuer);
    assert.equal(callback.searchParams.get('code'), null);
  });

  it('S8 an authorization request without code_challenge, or with method plain, is refused', async () => {
    for (const pkce of [{}, { code_challenge: pkcePair().verifier, code_challenge_method: 'plain' }]) {
      const redirectUri = loopbackRedirectUri();
      const callback = new URL(await completeAuthorization(authorizationUrl(server, {
        response_type: 'code', client_id: SANDBOX_CLIENT_ID, redirect_uri: redirectUri, scope: 'openid', state: 's', ...pkce,
      }), redirectUri));
      assert.equal(callback.searchParams.get('error'), 'invalid_request');
      assert.equal(callback.searchParams.get('code'), null);
    }
  });

  it('S11 response_type=token is refused', async () => {
    const redirectUri = loopbackRedirectUri();
    const callback = new URL(await completeAuthorization(authorizationUrl(server, {
      response_type: 'token', client_id: SANDBOX_CLIENT_ID, redirect_uri: redirectUri, scope: 'openid', state: 's',
      code_challenge: pkcePair().challenge, code_challenge_method: 'S256',
    }), redirectUri));
    // The error comes back in the fragment (the default response mode of response_type=token),
    // which a loopback listener never sees.
    assert.equal(callback.search, '');
    assert.equal(new URLSearchParams(callback.hash.slice(1)).get('error'), 'unsupported_response_type');
  });

  it('S5 its error page is static: nothing from the request is echoed, and nothing is printed to stdout', async () => {
    const printed: string[] = [];
    const original = { log: console.log, info: console.info };
    console.log = console.info = (...args: unknown[]) => void printed.push(args.join(' '));
    try {
      const res = await got(authorizationUrl(server, { client_id: '<script>alert(1)</script>', response_type: 'code', redirect_uri: loopbackRedirectUri() }), { throwHttpErrors: false });
      assert.equal(res.statusCode, 400);
      assert.match(res.body, /could not continue this sign-in/);
      assert.match(res.body, /<code>invalid_client<\/code>/);
      assert.doesNotMatch(res.body, /script|alert/);
      assert.equal(res.headers['cache-control'], 'no-store');
    } finally {
      Object.assign(console, original);
    }
    assert.deepEqual(printed, []);
  });

  it('S8 a token request without code_verifier, or with a wrong one, fails with invalid_grant', async () => {
    const verifierForms: Array<Record<string, string>> = [{}, { code_verifier: pkcePair().verifier }];
    for (const verifierForm of verifierForms) {
      const redirectUri = loopbackRedirectUri();
      const { challenge } = pkcePair();
      const callback = new URL(await completeAuthorization(authorizationUrl(server, {
        response_type: 'code', client_id: SANDBOX_CLIENT_ID, redirect_uri: redirectUri, scope: ALL_SCOPES,
        state: 's', code_challenge: challenge, code_challenge_method: 'S256',
      }), redirectUri));
      const response = await tokenRequest(server, {
        grant_type: 'authorization_code', code: callback.searchParams.get('code')!, redirect_uri: redirectUri,
        client_id: SANDBOX_CLIENT_ID, ...verifierForm,
      });
      assert.equal(response.status, 400);
      assert.equal(response.body.error, 'invalid_grant');
      assert.equal(response.body.access_token, undefined);
    }
  });

  it('a replayed authorization code fails with invalid_grant and revokes the tokens it gave', async () => {
    const redirectUri = loopbackRedirectUri();
    const { verifier, challenge } = pkcePair();
    const callback = new URL(await completeAuthorization(authorizationUrl(server, {
      response_type: 'code', client_id: SANDBOX_CLIENT_ID, redirect_uri: redirectUri, scope: ALL_SCOPES,
      state: 's', code_challenge: challenge, code_challenge_method: 'S256',
    }), redirectUri));
    const form = {
      grant_type: 'authorization_code', code: callback.searchParams.get('code')!, redirect_uri: redirectUri,
      code_verifier: verifier, client_id: SANDBOX_CLIENT_ID,
    };
    const first = await tokenRequest(server, form);
    assert.equal(first.status, 200);
    const replay = await tokenRequest(server, form);
    assert.equal(replay.status, 400);
    assert.equal(replay.body.error, 'invalid_grant');
    assert.equal((await userinfo(server, first.body.access_token)).status, 401);
    assert.equal((await refresh(server, first.body.refresh_token)).body.error, 'invalid_grant');
  });

  it('S14 S17 a refresh rotates the refresh token; reusing the old one fails with invalid_grant and kills the new one', async () => {
    const tokens = await signIn(server);
    const rotated = await refresh(server, tokens.body.refresh_token);
    assert.equal(rotated.status, 200);
    assert.equal(rotated.body.token_type, 'Bearer');
    assert.equal(typeof rotated.body.access_token, 'string');
    assert.equal(typeof rotated.body.refresh_token, 'string');
    assert.notEqual(rotated.body.refresh_token, tokens.body.refresh_token);
    assert.notEqual(rotated.body.access_token, tokens.body.access_token);
    assert.equal((await userinfo(server, rotated.body.access_token)).status, 200);

    const reuse = await refresh(server, tokens.body.refresh_token);
    assert.equal(reuse.status, 400);
    assert.equal(reuse.body.error, 'invalid_grant');

    const afterReuse = await refresh(server, rotated.body.refresh_token);
    assert.equal(afterReuse.status, 400);
    assert.equal(afterReuse.body.error, 'invalid_grant');
    assert.equal((await userinfo(server, rotated.body.access_token)).status, 401);
  });

  it('S17 an unknown refresh token fails with invalid_grant', async () => {
    const response = await refresh(server, 'not-a-refresh-token');
    assert.equal(response.status, 400);
    assert.equal(response.body.error, 'invalid_grant');
  });

  it('S19 revoking the refresh token ends the grant; revoking an unknown token still answers 200', async () => {
    const tokens = await signIn(server);
    const revoke = (token: unknown) => got.post(`${server.issuer}/token/revocation`, {
      form: { token: String(token), token_type_hint: 'refresh_token', client_id: SANDBOX_CLIENT_ID },
      throwHttpErrors: false,
    });
    assert.equal((await revoke(tokens.body.refresh_token)).statusCode, 200);
    assert.equal((await refresh(server, tokens.body.refresh_token)).body.error, 'invalid_grant');
    assert.equal((await userinfo(server, tokens.body.access_token)).status, 401);
    assert.equal((await revoke(tokens.body.refresh_token)).statusCode, 200);
    assert.equal((await revoke('never-issued')).statusCode, 200);
  });
});

describe('Sandbox confidential clients', () => {
  // The S13 vector: both parts are form-urlencoded before being joined with ':' and Base64-encoded.
  const basicId = '1PpG/Q 1';
  const basicSecret = 'z/tZ9VwFZqApmIQ+ZH1I5pLk/uB4ud:X2/8bL+wfFTt1rFw=';
  let server: SandboxServer;
  before(async () => {
    server = await startSandboxServer({
      extraClients: [
        {
          client_id: basicId, client_secret: basicSecret, token_endpoint_auth_method: 'client_secret_basic',
          application_type: 'native', redirect_uris: ['http://127.0.0.1/callback'],
          grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'],
        },
        {
          client_id: 'post-client', client_secret: 'post-secret', token_endpoint_auth_method: 'client_secret_post',
          application_type: 'native', redirect_uris: ['http://127.0.0.1/callback'],
          grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'],
        },
      ],
    });
  });
  after(() => server.close());

  it('S13 client_secret_basic with form-urlencoded credentials is accepted', async () => {
    const header = 'Basic MVBwRyUyRlErMTp6JTJGdFo5VndGWnFBcG1JUSUyQlpIMUk1cExrJTJGdUI0dWQlM0FYMiUyRjhiTCUyQndmRlR0MXJGdyUzRA==';
    const tokens = await signIn(server, { clientId: basicId, tokenForm: {}, tokenHeaders: { authorization: header } });
    assert.equal(tokens.status, 200);
    assert.equal(typeof tokens.body.refresh_token, 'string');
  });

  it('S13 client_secret_basic without the URL-encoding step is refused with invalid_client', async () => {
    const raw = `Basic ${Buffer.from(`${basicId}:${basicSecret}`).toString('base64')}`;
    const tokens = await signIn(server, { clientId: basicId, tokenForm: {}, tokenHeaders: { authorization: raw } });
    assert.equal(tokens.status, 401);
    assert.equal(tokens.body.error, 'invalid_client');
  });

  it('client_secret_post is accepted and a wrong secret is refused', async () => {
    const ok = await signIn(server, { clientId: 'post-client', tokenForm: { client_id: 'post-client', client_secret: 'post-secret' } });
    assert.equal(ok.status, 200);
    const wrong = await signIn(server, { clientId: 'post-client', tokenForm: { client_id: 'post-client', client_secret: 'nope' } });
    assert.equal(wrong.status, 401);
    assert.equal(wrong.body.error, 'invalid_client');
  });
});

describe('Sandbox mail API', () => {
  let server: SandboxServer;
  let adaToken: string;
  let zeroToken: string;
  let noMailToken: string;
  before(async () => {
    server = await startSandboxServer();
    adaToken = String((await signIn(server, { login: 'ada' })).body.access_token);
    zeroToken = String((await signIn(server, { login: 'inbox-zero' })).body.access_token);
    noMailToken = String((await signIn(server, { login: 'ada', scope: 'openid profile offline_access' })).body.access_token);
  });
  after(() => server.close());

  it('lists unread messages in Gmail shape with resultSizeEstimate, maxResults and nextPageToken', async () => {
    const all = await api(server, '/messages?q=is:unread&maxResults=100', { token: adaToken });
    assert.equal(all.status, 200);
    assert.equal(all.headers['cache-control'], 'no-store');
    assert.match(String(all.headers['content-type']), /^application\/json/);
    const messages = all.body.messages as Array<Record<string, unknown>>;
    assert.ok(messages.length >= 6 && messages.length <= 12, `unread count ${messages.length}`);
    assert.equal(all.body.resultSizeEstimate, messages.length);
    assert.equal(all.body.nextPageToken, undefined);
    for (const message of messages) {
      assert.deepEqual(Object.keys(message).sort(), ['id', 'threadId']);
      assert.match(String(message.id), /^[0-9a-f]{16}$/);
    }

    const page = await api(server, '/messages?q=is:unread&maxResults=2', { token: adaToken });
    assert.deepEqual(page.body.messages, messages.slice(0, 2));
    assert.equal(page.body.resultSizeEstimate, messages.length);
    assert.equal(typeof page.body.nextPageToken, 'string');
    const next = await api(server, `/messages?q=is:unread&maxResults=2&pageToken=${String(page.body.nextPageToken)}`, { token: adaToken });
    assert.deepEqual(next.body.messages, messages.slice(2, 4));

    const byDefault = await api(server, '/messages?q=is:unread', { token: adaToken });
    assert.deepEqual(byDefault.body.messages, messages);
    assert.equal((await api(server, '/messages?maxResults=0', { token: adaToken })).status, 400);
  });

  it('without q every message is listed, read ones included', async () => {
    const unread = await api(server, '/messages?q=is:unread', { token: adaToken });
    const all = await api(server, '/messages', { token: adaToken });
    assert.ok(Number(all.body.resultSizeEstimate) >= Number(unread.body.resultSizeEstimate));
    assert.deepEqual((all.body.messages as unknown[]).slice(0, (unread.body.messages as unknown[]).length), unread.body.messages);
  });

  it('an empty inbox answers {"resultSizeEstimate":0} with no messages key', async () => {
    const response = await api(server, '/messages?q=is:unread&maxResults=20', { token: zeroToken });
    assert.equal(response.status, 200);
    assert.deepEqual(response.body, { resultSizeEstimate: 0 });
  });

  it('gets a message with metadata, only the requested headers, and an HTML-escaped snippet', async () => {
    const list = await api(server, '/messages?q=is:unread&maxResults=1', { token: adaToken });
    const id = String((list.body.messages as Array<{ id: string }>)[0]!.id);

    const full = await api(server, `/messages/${id}?format=metadata`, { token: adaToken });
    assert.equal(full.status, 200);
    assert.equal(full.body.id, id);
    assert.equal(full.body.threadId, id);
    assert.deepEqual(full.body.labelIds, ['UNREAD', 'INBOX']);
    assert.match(String(full.body.snippet), /&amp;|&#39;|&quot;|&lt;|&gt;/);
    assert.doesNotMatch(String(full.body.snippet), /[<>"']/);
    assert.match(String(full.body.internalDate), /^\d+$/);
    const headers = (full.body.payload as { headers: Array<{ name: string; value: string }> }).headers;
    assert.deepEqual(headers.map((h) => h.name), ['From', 'Subject', 'Date']);
    const date = headers.find((h) => h.name === 'Date')!.value;
    assert.match(date, /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}$/);
    assert.equal(Date.parse(date), Number(full.body.internalDate));

    const some = await api(server, `/messages/${id}?format=metadata&metadataHeaders=Subject&metadataHeaders=date`, { token: adaToken });
    const names = (some.body.payload as { headers: Array<{ name: string }> }).headers.map((h) => h.name);
    assert.deepEqual(names, ['Subject', 'Date']);
  });

  it('an unknown message id answers a Gmail-style 404', async () => {
    const response = await api(server, '/messages/0000000000000000?format=metadata', { token: adaToken });
    assert.equal(response.status, 404);
    assert.deepEqual(response.body, { error: { code: 404, message: 'Requested entity was not found.', status: 'NOT_FOUND' } });
    const otherMailbox = await api(server, '/messages?q=is:unread', { token: zeroToken });
    assert.equal(otherMailbox.body.messages, undefined);
  });

  it('S18 a missing or garbage token answers 401 invalid_token with a Google-like body', async () => {
    for (const token of [undefined, 'garbage-token']) {
      const response = await api(server, '/messages?q=is:unread', token === undefined ? {} : { token });
      assert.equal(response.status, 401);
      assert.equal(response.headers['www-authenticate'], 'Bearer realm="sandbox", error="invalid_token"');
      assert.deepEqual(response.body, {
        error: { code: 401, message: 'Request had invalid authentication credentials.', status: 'UNAUTHENTICATED' },
      });
      assert.equal(response.headers['cache-control'], 'no-store');
    }
  });

  it('S18 a token without mail.read answers 403 insufficient_scope', async () => {
    const response = await api(server, '/messages?q=is:unread', { token: noMailToken });
    assert.equal(response.status, 403);
    assert.equal(response.headers['www-authenticate'], 'Bearer error="insufficient_scope", scope="mail.read"');
    assert.equal((response.body.error as { code: number }).code, 403);
  });

  it('S18 a token in the query string is refused and never used', async () => {
    const response = await api(server, `/messages?q=is:unread&access_token=${adaToken}`);
    assert.equal(response.status, 400);
    assert.match(String(response.headers['www-authenticate']), /error="invalid_request"/);
    const both = await api(server, `/messages?access_token=${adaToken}`, { token: adaToken });
    assert.equal(both.status, 400);
  });

  it('methods other than GET answer 405', async () => {
    for (const method of ['POST', 'DELETE'] as const) {
      const response = await api(server, '/messages', { token: adaToken, method });
      assert.equal(response.status, 405);
      assert.equal(response.headers.allow, 'GET');
    }
  });

  it('the access token issued by a refresh works on the API', async () => {
    const tokens = await signIn(server, { login: 'ada' });
    const rotated = await refresh(server, tokens.body.refresh_token);
    const response = await api(server, '/messages?q=is:unread&maxResults=1', { token: rotated.body.access_token });
    assert.equal(response.status, 200);
  });
});

describe('Sandbox access-token expiry', () => {
  it('S18 an expired access token answers 401 invalid_token on the API and userinfo; a refresh fixes it', async () => {
    const server = await startSandboxServer({ accessTokenTtlSeconds: 1 });
    try {
      const tokens = await signIn(server);
      assert.equal(tokens.body.expires_in, 1);
      assert.equal((await api(server, '/messages', { token: tokens.body.access_token })).status, 200);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const expired = await api(server, '/messages', { token: tokens.body.access_token });
      assert.equal(expired.status, 401);
      assert.equal(expired.headers['www-authenticate'], 'Bearer realm="sandbox", error="invalid_token"');
      assert.equal((await userinfo(server, tokens.body.access_token)).status, 401);
      const refreshed = await refresh(server, tokens.body.refresh_token);
      assert.equal((await api(server, '/messages', { token: refreshed.body.access_token })).status, 200);
    } finally {
      await server.close();
    }
  });
});

describe('Sandbox lifecycle and counters', () => {
  it('tokenRequestCounts counts token requests per grant_type, failed ones included', async () => {
    const server = await startSandboxServer();
    try {
      assert.deepEqual(server.tokenRequestCounts(), {});
      const tokens = await signIn(server);
      let refreshToken = tokens.body.refresh_token;
      for (let i = 0; i < 3; i++) refreshToken = (await refresh(server, refreshToken)).body.refresh_token;
      await refresh(server, 'unknown');
      await tokenRequest(server, { client_id: SANDBOX_CLIENT_ID });
      assert.deepEqual(server.tokenRequestCounts(), { authorization_code: 1, refresh_token: 4, '(none)': 1 });
    } finally {
      await server.close();
    }
  });

  it('S2 close() releases the port even with a keep-alive connection open, and is idempotent', { timeout: 5000 }, async () => {
    const server = await startSandboxServer();
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const status = await new Promise<number>((resolve, reject) => {
        httpRequest(`${server.issuer}/.well-known/openid-configuration`, { agent }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        }).on('error', reject).end();
      });
      assert.equal(status, 200);
      // A second connection in the middle of a request: not idle, so server.close() alone would wait for it.
      const busy = connect(server.port, '127.0.0.1');
      await new Promise((resolve) => busy.once('connect', resolve));
      busy.write(`GET /.well-known/openid-configuration HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\n`);
      busy.on('error', () => {});
      const busyClosed = new Promise((resolve) => busy.once('close', resolve));
      await new Promise((resolve) => setTimeout(resolve, 50));

      const started = Date.now();
      await server.close();
      await server.close();
      assert.ok(Date.now() - started < 1000, 'close() waited for open sockets');
      await busyClosed;
      const error = await new Promise<NodeJS.ErrnoException>((resolve) => {
        const socket = connect(server.port, '127.0.0.1');
        socket.on('connect', () => {
          socket.destroy();
          resolve(Object.assign(new Error('connected'), { code: 'CONNECTED' }));
        });
        socket.on('error', resolve);
      });
      assert.equal(error.code, 'ECONNREFUSED');
    } finally {
      agent.destroy();
      await server.close();
    }
  });

  it('S29 the injected logger never sees a token, code or verifier', async () => {
    const logged: string[] = [];
    const capture = (message: string, fields?: Record<string, unknown>) => { logged.push(message, JSON.stringify(fields ?? {})); };
    const server = await startSandboxServer({ logger: { info: capture, warn: capture, error: capture } });
    try {
      const tokens = await signIn(server);
      const rotated = await refresh(server, tokens.body.refresh_token);
      await refresh(server, tokens.body.refresh_token);
      await api(server, '/messages', { token: rotated.body.access_token });
      const secrets = [tokens.body.access_token, tokens.body.refresh_token, rotated.body.access_token, rotated.body.refresh_token];
      assert.ok(logged.length > 0);
      for (const secret of secrets) {
        assert.equal(typeof secret, 'string');
        assert.ok(!logged.some((line) => line.includes(String(secret))));
      }
    } finally {
      await server.close();
    }
  });

  it('a fixed port is used when given', async () => {
    const probe = await startSandboxServer();
    const port = probe.port;
    await probe.close();
    const server = await startSandboxServer({ port });
    try {
      assert.equal(server.issuer, `http://127.0.0.1:${port}`);
    } finally {
      await server.close();
    }
  });
});
