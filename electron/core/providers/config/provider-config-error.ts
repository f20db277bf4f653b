/**
 * The error of everything under providers/config: a custom provider definition, the providers file,
 * Google's client_secret.json and the credential environment variables. Besides `code`, `message`
 * and `hint` it says where the problem is, so Settings can highlight the field and a file's errors
 * can be listed per provider. Messages never contain a client secret (S29).
 */
import { OAuthDeskError } from '../../errors.ts';

export interface ProviderConfigLocation {
  /** The file the problem is in, as given by the caller; null for Settings or the environment. */
  readonly file?: string | null;
  /** The provider's id when it is known (and valid), e.g. "acme" or "google". */
  readonly providerId?: string | null;
  /** 0-based position in the file's "providers" list (shown 1-based, as "#1"). */
  readonly providerIndex?: number | null;
  /** The field path, e.g. "clientAuthMethod", "scopes[2]", "extraAuthParams.prompt" or a variable name. */
  readonly field?: string | null;
  /** 1-based line and column, for JSON syntax errors. */
  readonly line?: number | null;
  readonly column?: number | null;
}

export class ProviderConfigError extends OAuthDeskError {
  readonly file: string | null;
  readonly providerId: string | null;
  readonly providerIndex: number | null;
  readonly field: string | null;
  readonly line: number | null;
  readonly column: number | null;

  constructor(code: string, message: string, location: ProviderConfigLocation, options: { hint: string; cause?: unknown }) {
    super(code, message, options);
    this.file = location.file ?? null;
    this.providerId = location.providerId ?? null;
    this.providerIndex = location.providerIndex ?? null;
    this.field = location.field ?? null;
    this.line = location.line ?? null;
    this.column = location.column ?? null;
  }
}

/** `provider "acme" (#2)`, `provider #2`, `provider "acme"`, or null when neither is known. */
export function providerLabel(providerId: string | null | undefined, providerIndex: number | null | undefined): string | null {
  const hasId = typeof providerId === 'string' && providerId !== '';
  const hasIndex = typeof providerIndex === 'number';
  if (hasId && hasIndex) return `provider "${providerId}" (#${providerIndex + 1})`;
  if (hasId) return `provider "${providerId}"`;
  if (hasIndex) return `provider #${providerIndex + 1}`;
  return null;
}

/**
 * The start of a message: where the problem is. `In /x/providers.json, provider "acme" (#2)`,
 * `Provider "acme"`, `In /x/providers.json` or '' (nothing known).
 */
export function locationPrefix(location: ProviderConfigLocation): string {
  const parts: string[] = [];
  if (typeof location.file === 'string' && location.file !== '') {
    const at = typeof location.line === 'number' ? ` at line ${location.line}, column ${location.column ?? 1}` : '';
    parts.push(`In ${location.file}${at}`);
  }
  const label = providerLabel(location.providerId, location.providerIndex);
  if (label !== null) parts.push(label);
  const text = parts.join(', ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A JSON-ish description of a value's type, for "must be a string; got a number" (never the value itself). */
export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'string':
      return value.trim() === '' ? 'an empty text' : 'a text';
    case 'number':
      return 'a number';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      return 'an object';
    default:
      return typeof value;
  }
}

/** A short, quoted echo of a non-secret value for messages. */
export function quote(value: string, max = 80): string {
  const shown = value.length > max ? value.slice(0, max - 1) + '…' : value;
  return JSON.stringify(shown);
}

/** C0/C1 control characters (including line breaks and tabs) and U+2028/2029. */
export const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
