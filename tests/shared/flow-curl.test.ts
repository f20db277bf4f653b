/**
 * "Copy as curl": the command is run through a real POSIX shell (`sh -c`) with `curl` defined as a
 * function that prints its arguments, so the test sees exactly the argument list curl would get.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import type { HttpRequest } from '../../electron/core/http/http-client.ts';
import { authorizationRequestStep, callbackStep, httpStep } from '../../electron/core/inspector/flow-step.ts';
import type { FlowStepDraft } from '../../electron/core/inspector/flow-step.ts';
import { createRevocationRequest } from '../../electron/core/oauth/revocation.ts';
import { createCodeExchangeRequest, createRefreshRequest } from '../../electron/core/oauth/token-request.ts';
import { curlCommand, placeholderName, shellQuote } from '../../electron/shared/flow-curl.ts';
import type { FlowStep } from '../../electron/shared/flow-types.ts';
import { secretForms } from '../helpers/secret-collector.ts';

const CODE = 'SplxlOBeZQQYbYS6WxSbIA-code-123456';
const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const SECRET = "sw:eep+se/cret='quoted' $HOME `id`";
const REFRESH = 'tGzv3JOkF0XG5Qx2TlKWIA-refresh-81';
const ACCESS = 'SlAV32hkKG-access-2b7Qx9mPz4LkWq8vN3';
const STATE = 'af0ifjsldkj-state-0123456789abcdef';

const PLACEHOLDER_VALUES: Record<string, string> = {
  ACCESS_TOKEN: 'AT-value',
  REFRESH_TOKEN: 'RT-value',
  CODE: 'code-value',
  CODE_VERIFIER: 'verifier-value',
  CLIENT_SECRET: 'secret-value',
  CLIENT_CREDENTIALS_BASE64: 'b64-value',
  STATE: 'state-value',
  TOKEN: 'token-value',
};

let nextId = 1;
const stamp = (draft: FlowStepDraft): FlowStep => ({ id: nextId++, ...draft });
const sent = (request: HttpRequest): FlowStep => stamp(httpStep({ request, response: null, at: 0, durationMs: 1, error: null }));

/** The arguments `curl` receives when `command` runs in sh with the placeholders set. */
function curlArguments(command: string): string[] {
  const script = `curl() { for a in "$@"; do printf '%s\\037' "$a"; done; }\n${command}`;
  const out = execFileSync('sh', ['-c', script], { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: '/nowhere', ...PLACEHOLDER_VALUES }, encoding: 'utf8' });
  return out.split('\u001f').slice(0, -1);
}

function assertNoSecret(command: string, secrets: readonly string[]): void {
  for (const secret of secrets) {
    for (const [form, needle] of Object.entries(secretForms(secret))) {
      assert.equal(command.includes(needle), false, `S29: the command holds a secret (${form})`);
    }
  }
}

test('S29 a token request with client_secret_basic: Basic header and form secrets become placeholders, the rest is literal', () => {
  const step = sent(createCodeExchangeRequest({ tokenEndpoint: 'https://as.example/token', client: { clientId: 'desk app', clientSecret: SECRET, authMethod: 'client_secret_basic' }, code: CODE, redirectUri: 'http://127.0.0.1:5000/callback', codeVerifier: VERIFIER }));
  const command = curlCommand(step);
  assert.match(command, /\$CLIENT_CREDENTIALS_BASE64/);
  assertNoSecret(command, [CODE, VERIFIER, SECRET, Buffer.from(`desk+app:${encodeURIComponent(SECRET)}`).toString('base64')]);
  assert.deepEqual(curlArguments(command), [
    'https://as.example/token',
    '--header',
    'accept: application/json',
    '--header',
    'authorization: Basic b64-value',
    '--data-urlencode',
    'grant_type=authorization_code',
    '--data-urlencode',
    'code=code-value',
    '--data-urlencode',
    'redirect_uri=http://127.0.0.1:5000/callback',
    '--data-urlencode',
    'code_verifier=verifier-value',
  ]);
});

test('S29 refresh with client_secret_post and revocation: $REFRESH_TOKEN and $CLIENT_SECRET, one argument each', () => {
  const refresh = curlCommand(sent(createRefreshRequest({ tokenEndpoint: 'https://as.example/token', client: { clientId: 'desk', clientSecret: SECRET, authMethod: 'client_secret_post' }, refreshToken: REFRESH })));
  assertNoSecret(refresh, [REFRESH, SECRET]);
  assert.deepEqual(curlArguments(refresh).filter((_, i, all) => all[i - 1] === '--data-urlencode'), ['grant_type=refresh_token', 'refresh_token=RT-value', 'client_id=desk', 'client_secret=secret-value']);

  const revoke = curlCommand(sent(createRevocationRequest({ revocationEndpoint: 'https://as.example/revoke', client: { clientId: 'desk', clientSecret: null, authMethod: 'none' }, token: ACCESS, tokenTypeHint: 'access_token' })));
  assertNoSecret(revoke, [ACCESS]);
  assert.ok(curlArguments(revoke).includes('token=AT-value'), 'the revoked access token is $ACCESS_TOKEN');
});

test('S29 an API call: Bearer header as $ACCESS_TOKEN; the query goes through --get --data-urlencode', () => {
  const command = curlCommand(sent({ method: 'GET', url: 'https://api.example/v1/messages?maxResults=5&q=from:ada is:unread', headers: { authorization: `Bearer ${ACCESS}`, accept: 'application/json' } }));
  assertNoSecret(command, [ACCESS]);
  assert.deepEqual(curlArguments(command), [
    '--get',
    'https://api.example/v1/messages',
    '--header',
    'authorization: Bearer AT-value',
    '--header',
    'accept: application/json',
    '--data-urlencode',
    'maxResults=5',
    '--data-urlencode',
    'q=from:ada is:unread',
  ]);
  assert.deepEqual(curlArguments(curlCommand(sent({ method: 'GET', url: 'https://api.example/v1/me' }))), ['https://api.example/v1/me']);
  assert.deepEqual(curlArguments(curlCommand(sent({ method: 'POST', url: 'https://api.example/v1/ping' }))), ['--request', 'POST', 'https://api.example/v1/ping']);
});

test("quoting: a value with ' $ ` \\ spaces and newlines stays one literal argument; nothing runs", () => {
  const nasty = "it's $(touch /tmp/pwned) `id` \\ \"q\" ;& |\nnext line $HOME";
  const command = curlCommand(sent({ method: 'POST', url: "https://api.example/o'brien", headers: { 'x-note': nasty }, form: { [`we'ird name`]: nasty } }));
  const args = curlArguments(command);
  assert.deepEqual(args, ["https://api.example/o'brien", '--header', `x-note: ${nasty}`, '--data-urlencode', `we'ird%20name=${nasty}`]);
  assert.equal(shellQuote("a'b"), `'a'\\''b'`);
});

test('the authorization request and the callback copy as GETs with $STATE and $CODE', () => {
  const auth = curlCommand(stamp(authorizationRequestStep(`https://as.example/authorize?response_type=code&client_id=desk&state=${STATE}&scope=openid%20profile`, 0)));
  assertNoSecret(auth, [STATE]);
  assert.deepEqual(curlArguments(auth), ['--get', 'https://as.example/authorize', '--data-urlencode', 'response_type=code', '--data-urlencode', 'client_id=desk', '--data-urlencode', 'state=state-value', '--data-urlencode', 'scope=openid profile']);
  const callback = curlCommand(stamp(callbackStep(`http://127.0.0.1:5000/callback?code=${CODE}&state=${STATE}`, 0, null)));
  assertNoSecret(callback, [CODE, STATE]);
  assert.ok(curlArguments(callback).includes('code=code-value'));
});

test('a URL with [ ] (a redacted path segment, an IPv6 host) turns off curl globbing', () => {
  const step = sent({ method: 'GET', url: 'http://[::1]:8080/v1/me' });
  assert.equal(curlArguments(curlCommand(step))[0], '--globoff');
  assert.equal(curlArguments(curlCommand(sent({ method: 'GET', url: 'https://api.example/v1/me' })))[0], 'https://api.example/v1/me');
});

test('every secret kind has its own shell variable name', () => {
  const kinds = ['access_token', 'refresh_token', 'id_token', 'code', 'code_verifier', 'client_secret', 'client_credentials', 'state', 'token', 'cookie'] as const;
  const names = kinds.map(placeholderName);
  assert.equal(new Set(names).size, kinds.length);
  for (const name of names) assert.match(name, /^[A-Z][A-Z0-9_]*$/);
  assert.equal(placeholderName('client_credentials'), 'CLIENT_CREDENTIALS_BASE64');
});
