/**
 * S29: collects every secret that passes through the desk's HTTP client (wrapped around the real one)
 * and searches captured output for them in every form they could take in text.
 *
 * Collected as they pass: authorization codes and PKCE verifiers (token request forms), refresh
 * tokens and client secrets sent in forms, tokens sent for revocation, Authorization header values
 * (Basic and Bearer), and access, refresh and ID tokens from every token response (rotated ones
 * included). Tests add what arrives elsewhere (the code in the callback URL) with `add`.
 */
import type { HttpClient, HttpResponse } from '../../electron/core/http/http-client.ts';

export const SECRET_KINDS = ['authorization code', 'PKCE verifier', 'access token', 'refresh token', 'ID token', 'client secret', 'Authorization header'] as const;
export type SecretKind = (typeof SECRET_KINDS)[number];

export interface CollectedSecret {
  readonly kind: SecretKind;
  readonly value: string;
}

export interface SecretCollector {
  /** The wrapped client: give it to the desk. */
  readonly http: HttpClient;
  add(kind: SecretKind, value: string | null | undefined): void;
  secrets(): readonly CollectedSecret[];
  /** How many distinct secrets of each kind were collected. */
  counts(): Record<SecretKind, number>;
  /**
   * Which places (name → captured text or bytes) hold which secret, in any of its forms. Each finding
   * names the place, the kind and the form, and shows at most 6 characters of the secret.
   */
  leaks(places: Readonly<Record<string, string | Buffer>>): string[];
}

/** Shorter values are not searched (they could occur by chance); every OAuth secret here is longer. */
const MIN_LENGTH = 8;

/** The forms a secret may take in a log line, a JSON payload, a URL or a file. */
export function secretForms(value: string): Record<string, string> {
  const forms: Record<string, string> = {
    'as is': value,
    base64: Buffer.from(value, 'utf8').toString('base64'),
    base64url: Buffer.from(value, 'utf8').toString('base64url'),
    'URL-encoded': encodeURIComponent(value),
    'form-encoded': new URLSearchParams({ v: value }).toString().slice(2),
    'JSON-escaped': JSON.stringify(value).slice(1, -1),
    'Bearer header': `Bearer ${value}`,
  };
  // Base64 without padding, as it shows inside longer Base64 text.
  forms['base64 (unpadded)'] = forms.base64!.replace(/=+$/, '');
  return forms;
}

export function createSecretCollector(inner: HttpClient): SecretCollector {
  const collected = new Map<string, CollectedSecret>();
  const add = (kind: SecretKind, value: string | null | undefined): void => {
    if (typeof value !== 'string' || value === '') return;
    if (!collected.has(`${kind}\u0000${value}`)) collected.set(`${kind}\u0000${value}`, { kind, value });
  };

  const fromResponse = (response: HttpResponse): void => {
    let body: unknown;
    try {
      body = JSON.parse(response.body);
    } catch {
      return;
    }
    if (typeof body !== 'object' || body === null) return;
    const fields = body as Record<string, unknown>;
    if (typeof fields.access_token === 'string') add('access token', fields.access_token);
    if (typeof fields.refresh_token === 'string') add('refresh token', fields.refresh_token);
    if (typeof fields.id_token === 'string') add('ID token', fields.id_token);
  };

  const http: HttpClient = {
    async request(request) {
      for (const [name, value] of Object.entries(request.headers ?? {})) {
        if (name.toLowerCase() === 'authorization') {
          add('Authorization header', value);
          const [scheme, credentials] = value.split(' ', 2);
          if (scheme?.toLowerCase() === 'bearer') add('access token', credentials);
          if (scheme?.toLowerCase() === 'basic' && credentials !== undefined) {
            const decoded = Buffer.from(credentials, 'base64').toString('utf8');
            const secret = decoded.slice(decoded.indexOf(':') + 1);
            add('client secret', new URLSearchParams(`v=${secret}`).get('v'));
          }
        }
      }
      const form = request.form ?? {};
      add('authorization code', form.code);
      add('PKCE verifier', form.code_verifier);
      add('refresh token', form.refresh_token);
      add('client secret', form.client_secret);
      if (form.token !== undefined) add(form.token_type_hint === 'access_token' ? 'access token' : 'refresh token', form.token);
      const response = await inner.request(request);
      fromResponse(response);
      return response;
    },
  };

  return {
    http,
    add,
    secrets: () => [...collected.values()],
    counts() {
      const counts = Object.fromEntries(SECRET_KINDS.map((kind) => [kind, 0])) as Record<SecretKind, number>;
      for (const { kind } of collected.values()) counts[kind]++;
      return counts;
    },
    leaks(places) {
      const found: string[] = [];
      const texts = Object.entries(places).map(([place, content]) => [place, typeof content === 'string' ? content : content.toString('latin1')] as const);
      for (const { kind, value } of collected.values()) {
        if (value.length < MIN_LENGTH) continue;
        for (const [place, text] of texts) {
          const forms = Object.entries(secretForms(value)).filter(([, needle]) => text.includes(needle)).map(([form]) => form);
          if (forms.length > 0) found.push(`${place}: ${kind} ${value.slice(0, 6)}… (${forms.join(', ')})`);
        }
      }
      return found;
    },
  };
}
