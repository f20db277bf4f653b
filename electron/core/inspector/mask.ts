/**
 * What the flow inspector hides, and how (S29): a secret becomes a `MaskedValue` (a short prefix
 * and the length); any other text keeps its words but loses token-like runs ("[redacted]", the same
 * rule as provider error text in error-mapping.ts). Nothing here returns a secret in clear.
 */
import type { FlowValue, MaskedValue, SecretKind } from '../../shared/flow-types.ts';
import { redactTokenLike } from '../oauth/error-mapping.ts';
import { isCredentialName } from '../providers/data/json-document.ts';

/** Values shorter than this show no prefix at all. */
export const MIN_PREVIEW_LENGTH = 8;
export const MAX_PREVIEW_CHARS = 4;

/**
 * The secret as its first characters and its length: none under 8 characters, then a quarter of the
 * value (2 characters at 8, 3 at 12), at most 4.
 */
export function maskValue(value: string, secret: SecretKind): MaskedValue {
  const shown = value.length < MIN_PREVIEW_LENGTH ? 0 : Math.min(MAX_PREVIEW_CHARS, Math.floor(value.length / 4));
  return { masked: true, secret, preview: value.slice(0, shown), length: value.length };
}

/** Form and query fields that always hold a secret (RFC 6749, 7009, 7523), by what they hold. */
const SECRET_FIELDS: Readonly<Record<string, SecretKind>> = {
  code: 'code',
  code_verifier: 'code_verifier',
  client_secret: 'client_secret',
  refresh_token: 'refresh_token',
  access_token: 'access_token',
  id_token: 'id_token',
  token: 'token',
  // A signed client credential (private_key_jwt): it authenticates the client like a secret does.
  client_assertion: 'client_secret',
  state: 'state',
};

/**
 * Credential-like names that describe a secret rather than hold one (`token_type`,
 * `token_type_hint`, `refresh_token_expires_in`…): shown, still through token-like redaction.
 */
const DESCRIBES_A_SECRET = /(?:_type|_type_hint|_expires_in|_expires_at|_endpoint|_method)$/i;

function credentialKind(name: string): SecretKind | null {
  const known = SECRET_FIELDS[name.toLowerCase()];
  if (known !== undefined) return known;
  if (DESCRIBES_A_SECRET.test(name)) return null;
  return isCredentialName(name) ? 'token' : null;
}

/**
 * What secret a form or query field named `name` holds, or null. RFC 7009's `token` takes its kind
 * from `token_type_hint` when the hint names one (a copied command then asks for $REFRESH_TOKEN).
 */
export function fieldSecretKind(name: string, tokenTypeHint?: string): SecretKind | null {
  const kind = credentialKind(name);
  if (kind === 'token' && name.toLowerCase() === 'token' && (tokenTypeHint === 'refresh_token' || tokenTypeHint === 'access_token')) return tokenTypeHint;
  return kind;
}

/** A form or query field's value as the inspector shows it: masked when the name says secret, else as sent. */
export function maskField(name: string, value: string, tokenTypeHint?: string): FlowValue {
  const kind = fieldSecretKind(name, tokenTypeHint);
  return kind === null ? value : maskValue(value, kind);
}

/**
 * A header value: `Authorization` masks its credentials and keeps the scheme in the kind (Bearer →
 * access_token, Basic → client_credentials; any other scheme masks the whole value as a token);
 * cookies and credential-named headers (`x-api-key`) are masked whole; anything else loses
 * token-like runs.
 */
export function maskHeader(name: string, value: string): FlowValue {
  const lower = name.toLowerCase();
  if (lower === 'authorization' || lower === 'proxy-authorization') {
    const bearer = /^Bearer\s+(\S.*)$/i.exec(value);
    if (bearer) return maskValue(bearer[1]!, 'access_token');
    const basic = /^Basic\s+(\S.*)$/i.exec(value);
    if (basic) return maskValue(basic[1]!, 'client_credentials');
    return maskValue(value, 'token');
  }
  if (lower === 'cookie' || lower === 'set-cookie') return maskValue(value, 'cookie');
  if (isCredentialName(lower)) return maskValue(value, 'token');
  return redactTokenLike(value);
}

/** Text from a server or a person (a response body, an error description): token-like runs replaced. */
export function redactText(text: string): string {
  return redactTokenLike(text);
}

/**
 * What secret a JSON member named `name` holds, or null: the OAuth fields by their own kind, other
 * credential-like names (`password`, `api_key`, `session`…) as a token. `state` is left to the
 * token-like rule here: in JSON it is usually a status word.
 */
export function jsonMemberSecretKind(name: string): SecretKind | null {
  if (name.toLowerCase() === 'state') return null;
  return credentialKind(name);
}
