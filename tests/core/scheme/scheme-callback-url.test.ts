/**
 * S6: the strict parser of links arriving through the app's custom scheme. Every rule is a row:
 * the link, and the error code it must get (or the state it must yield).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_SCHEME_URL_LENGTH, SchemeUrlError, parseSchemeCallbackUrl } from '../../../electron/core/scheme/scheme-callback-url.ts';
import { SCHEME_REDIRECT_URI } from '../../../electron/core/scheme/app-scheme.ts';

const STATE = 'Zm9vYmFyYmF6cXV4cXV1eHF1dXpxdXV6';
const good = `com.oauthdesk.app:/callback?code=abc&state=${STATE}`;

function codeOf(raw: unknown): string {
  try {
    parseSchemeCallbackUrl(raw);
  } catch (error) {
    assert.ok(error instanceof SchemeUrlError, `a typed error for ${String(raw)}`);
    assert.ok(error.hint.length > 0, 'with a hint');
    return error.code;
  }
  return 'accepted';
}

test('S6 the redirect URI is reverse-DNS with one slash (RFC 8252 7.1)', () => {
  assert.equal(SCHEME_REDIRECT_URI, 'com.oauthdesk.app:/callback');
});

test('S6 a genuine response is accepted as received, with its state and decoded parameters', () => {
  const parsed = parseSchemeCallbackUrl(`com.oauthdesk.app:/callback?code=a%2Fb%2Bc&state=${STATE}&iss=https%3A%2F%2F127.0.0.1%3A4000`);
  assert.equal(parsed.url, `com.oauthdesk.app:/callback?code=a%2Fb%2Bc&state=${STATE}&iss=https%3A%2F%2F127.0.0.1%3A4000`);
  assert.equal(parsed.state, STATE);
  assert.equal(parsed.params.get('code'), 'a/b+c');
  assert.equal(parsed.params.get('iss'), 'https://127.0.0.1:4000');
  // An error response is a response too: the sign-in it belongs to reports it.
  assert.equal(parseSchemeCallbackUrl(`com.oauthdesk.app:/callback?error=access_denied&state=${STATE}`).params.get('error'), 'access_denied');
});

const REFUSED: ReadonlyArray<readonly [string, unknown, string]> = [
  ['not a string', 42, 'scheme_url_invalid'],
  ['empty', '', 'scheme_url_invalid'],
  ['too long', `${good}&x=${'a'.repeat(MAX_SCHEME_URL_LENGTH)}`, 'scheme_url_too_long'],
  ['no scheme', `/callback?state=${STATE}`, 'scheme_unexpected'],
  ['lookalike: longer name', `com.oauthdesk.app.evil:/callback?code=a&state=${STATE}`, 'scheme_unexpected'],
  ['lookalike: extra letter', `com.oauthdesk.apps:/callback?code=a&state=${STATE}`, 'scheme_unexpected'],
  ['lookalike: dashes', `com-oauthdesk-app:/callback?code=a&state=${STATE}`, 'scheme_unexpected'],
  ['lookalike: missing dot', `comoauthdesk.app:/callback?code=a&state=${STATE}`, 'scheme_unexpected'],
  ['lookalike: prefix', `xcom.oauthdesk.app:/callback?code=a&state=${STATE}`, 'scheme_unexpected'],
  ['lookalike: capitals', `COM.OAuthDesk.App:/callback?code=a&state=${STATE}`, 'scheme_unexpected'],
  ['http instead', `http://127.0.0.1/callback?code=a&state=${STATE}`, 'scheme_unexpected'],
  ['extra slashes (authority)', `com.oauthdesk.app://callback?code=a&state=${STATE}`, 'scheme_url_authority'],
  ['three slashes', `com.oauthdesk.app:///callback?code=a&state=${STATE}`, 'scheme_url_authority'],
  ['authority with host', `com.oauthdesk.app://evil.example/callback?code=a&state=${STATE}`, 'scheme_url_authority'],
  ['no slash', `com.oauthdesk.app:callback?code=a&state=${STATE}`, 'scheme_path_unexpected'],
  ['trailing slash', `com.oauthdesk.app:/callback/?code=a&state=${STATE}`, 'scheme_path_unexpected'],
  ['other path', `com.oauthdesk.app:/settings?code=a&state=${STATE}`, 'scheme_path_unexpected'],
  ['dot segments', `com.oauthdesk.app:/x/../callback?code=a&state=${STATE}`, 'scheme_path_unexpected'],
  ['encoded path', `com.oauthdesk.app:/%63allback?code=a&state=${STATE}`, 'scheme_path_unexpected'],
  ['path parameter', `com.oauthdesk.app:/callback;x=1?code=a&state=${STATE}`, 'scheme_path_unexpected'],
  ['double slash path', `com.oauthdesk.app:/callback//?code=a&state=${STATE}`, 'scheme_path_unexpected'],
  ['no query', 'com.oauthdesk.app:/callback', 'state_missing'],
  ['empty query', 'com.oauthdesk.app:/callback?', 'state_missing'],
  ['no state', 'com.oauthdesk.app:/callback?code=a', 'state_missing'],
  ['empty state', 'com.oauthdesk.app:/callback?code=a&state=', 'state_missing'],
  ['duplicate state', `com.oauthdesk.app:/callback?code=a&state=${STATE}&state=other`, 'callback_duplicate_parameter'],
  ['duplicate code', `com.oauthdesk.app:/callback?code=a&code=b&state=${STATE}`, 'callback_duplicate_parameter'],
  ['duplicate through encoding', `com.oauthdesk.app:/callback?code=a&%63ode=b&state=${STATE}`, 'callback_duplicate_parameter'],
  ['access token in the query', `com.oauthdesk.app:/callback?access_token=t&state=${STATE}`, 'callback_carries_tokens'],
  ['id token in the query', `com.oauthdesk.app:/callback?code=a&id_token=t&state=${STATE}`, 'callback_carries_tokens'],
  ['tokens in the fragment', `com.oauthdesk.app:/callback?state=${STATE}#access_token=t&token_type=bearer`, 'callback_carries_tokens'],
  ['any fragment', `${good}#x`, 'scheme_url_fragment'],
  ['empty fragment', `${good}#`, 'scheme_url_fragment'],
  ['bad percent-encoding', `com.oauthdesk.app:/callback?code=%E0%A4%A&state=${STATE}`, 'scheme_url_encoding'],
  ['lone percent', `com.oauthdesk.app:/callback?code=100%&state=${STATE}`, 'scheme_url_encoding'],
  ['empty parameter name', `com.oauthdesk.app:/callback?=x&state=${STATE}`, 'scheme_url_invalid'],
  ['space (argument injection)', `${good} --inspect=9229`, 'scheme_url_invalid'],
  ['tab', `com.oauthdesk.app:/call\tback?code=a&state=${STATE}`, 'scheme_url_invalid'],
  ['newline', `${good}\n`, 'scheme_url_invalid'],
  ['NUL', `${good}\u0000`, 'scheme_url_invalid'],
  ['backslash', `com.oauthdesk.app:\\callback?code=a&state=${STATE}`, 'scheme_url_invalid'],
  ['C1 control', `${good}\u0085`, 'scheme_url_invalid'],
];

for (const [name, raw, code] of REFUSED) {
  test(`S6 refused: ${name} → ${code}`, () => {
    assert.equal(codeOf(raw), code);
  });
}

test('S6 the refusal never quotes the link (it may carry an authorization code)', () => {
  try {
    parseSchemeCallbackUrl(`com.oauthdesk.app://callback?code=SECRET-CODE-123&state=${STATE}`);
    assert.fail('refused');
  } catch (error) {
    assert.ok(error instanceof SchemeUrlError);
    assert.ok(!error.message.includes('SECRET-CODE-123') && !error.hint.includes('SECRET-CODE-123'));
  }
});
