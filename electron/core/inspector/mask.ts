/**
 * What the flow inspector hides, and how (S29): a secret becomes a `MaskedValue` (its length, and a
 * short prefix only for long values of a kind a person recognises by it); any other text keeps its
 * words but loses token-like runs ("[redacted]", the same rule as provider error text in
 * error-mapping.ts). Nothing here returns a secret in clear.
 */
import type { FlowValue, MaskedValue, SecretKind } from '../../shared/flow-types.ts';
import { redactTokenLike } from '../oauth/error-mapping.ts';
import { isCredentialName } from '../providers/data/json-document.ts';

/** Values shorter than this show no prefix at all: a few characters of a short secret are a real part of it. */
export const MIN_PREVIEW_LENGTH = 24;
export const PREVIEW_CHARS = 4;

/** Kinds never previewed: chosen by people (a client secret, a password behind Basic) or holding several values (cookies). */
const NEVER_PREVIEWED: ReadonlySet<SecretKind> = new Set(['client_secret', 'client_credentials', 'cookie']);

/**
 * The secret as its length, and its first 4 characters when it is at least 24 characters long, of
 * a kind that may be previewed, and `preview` is not false (a value masked only because its name
 * looks like a credential is never previewed).
 */
export function maskValue(value: string, secret: SecretKind, options: { readonly preview?: boolean } = {}): MaskedValue {
  const shown = options.preview !== false && !NEVER_PREVIEWED.has(secret) && value.length >= MIN_PREVIEW_LENGTH ? PREVIEW_CHARS : 0;
  return { masked: true, secret, preview: value.slice(0, shown), length: value.length };
}

/** Form and query fields that always hold a secret (RFC 6749, 7009, 7523, OIDC), by what they hold. */
const SECRET_FIELDS: Readonly<Record<string, SecretKind>> = {
  code: 'code',
  code_verifier: 'code_verifier',
  client_secret: 'client_secret',
  refresh_token: 'refresh_token',
  access_token: 'access_token',
  id_token: 'id_token',
  id_token_hint: 'id_token',
  token: 'token',
  // A signed client credential (private_key_jwt): it authenticates the client like a secret does.
  client_assertion: 'client_secret',
  state: 'state',
};

/** API keys and request signatures sent in a query: `key=AIza…`, `sig=…`, `X-Amz-Signature=…`. */
const API_SECRET_NAME = /^(?:key|api[_-]?key|sig|signature|.+[_-]signature)$/i;

/**
 * Credential-like names that describe a secret rather than hold one (`token_type`,
 * `token_type_hint`, `refresh_token_expires_in`…): shown, still through token-like redaction.
 */
const DESCRIBES_A_SECRET = /(?:_type|_type_hint|_expires_in|_expires_at|_endpoint|_method)$/i;

/** The secret a name says it holds, and whether the name is an exact OAuth field (then a long value may be previewed). */
export interface NamedSecret {
  readonly kind: SecretKind;
  readonly preview: boolean;
}

function namedSecret(name: string): NamedSecret | null {
  const known = SECRET_FIELDS[name.toLowerCase()];
  if (known !== undefined) return { kind: known, preview: true };
  if (API_SECRET_NAME.test(name)) return { kind: 'token', preview: false };
  if (DESCRIBES_A_SECRET.test(name)) return null;
  return isCredentialName(name) ? { kind: 'token', preview: false } : null;
}

/**
 * What secret a form or query field named `name` holds, or null. RFC 7009's `token` takes its kind
 * from `token_type_hint` when the hint names one (a copied command then asks for $REFRESH_TOKEN).
 */
export function fieldSecret(name: string, tokenTypeHint?: string): NamedSecret | null {
  const secret = namedSecret(name);
  if (secret?.kind === 'token' && name.toLowerCase() === 'token' && (tokenTypeHint === 'refresh_token' || tokenTypeHint === 'access_token')) return { kind: tokenTypeHint, preview: true };
  return secret;
}

export function fieldSecretKind(name: string, tokenTypeHint?: string): SecretKind | null {
  return fieldSecret(name, tokenTypeHint)?.kind ?? null;
}

/** A form or query field's value as the inspector shows it: masked when the name says secret, else as sent. */
export function maskField(name: string, value: string, tokenTypeHint?: string): FlowValue {
  const secret = fieldSecret(name, tokenTypeHint);
  return secret === null ? value : maskValue(value, secret.kind, { preview: secret.preview });
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
    return maskValue(value, 'token', { preview: false });
  }
  if (lower === 'cookie' || lower === 'set-cookie') return maskValue(value, 'cookie');
  if (isCredentialName(lower) || API_SECRET_NAME.test(lower)) return maskValue(value, 'token', { preview: false });
  return redactTokenLike(value);
}

/**
 * The secret values a header carries, for exact-value scrubbing: the whole value, its credentials
 * after the scheme, and for Basic the decoded client secret (and id:secret) too.
 */
export function headerSecrets(name: string, value: string): string[] {
  if (typeof maskHeader(name, value) === 'string') return [];
  const found = [value];
  const scheme = /^(\S+)\s+(\S.*)$/.exec(value);
  if (scheme === null) return found;
  const credentials = scheme[2]!;
  found.push(credentials);
  if (scheme[1]!.toLowerCase() === 'basic') {
    const decoded = Buffer.from(credentials, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    found.push(decoded);
    if (colon >= 0) {
      const secret = decoded.slice(colon + 1);
      found.push(secret);
      try {
        found.push(decodeURIComponent(secret.replace(/\+/g, ' ')));
      } catch {
        // Not form-encoded: the raw value is already there.
      }
    }
  }
  return found;
}

/** Text from a server or a person (a response body, an error description): token-like runs replaced. */
export function redactText(text: string): string {
  return redactTokenLike(text);
}

/**
 * What secret a JSON member named `name` holds, or null: the OAuth fields by their own kind (long
 * values previewed), other credential-like names (`password`, `api_key`, `session`…) as a token,
 * never previewed. `state` is left to the token-like rule here: in JSON it is usually a status word.
 */
export function jsonMemberSecret(name: string): NamedSecret | null {
  if (name.toLowerCase() === 'state') return null;
  return namedSecret(name);
}

export function jsonMemberSecretKind(name: string): SecretKind | null {
  return jsonMemberSecret(name)?.kind ?? null;
}
