/**
 * A plain HTTP client for driving the emulators in tests (Node's fetch, no browser): PKCE pairs,
 * following the authorization redirect by reading its Location, form posts and bearer GETs.
 */
import { randomBytes } from 'node:crypto';
import { s256 } from './emulator-kit.ts';

export interface Pkce {
  readonly verifier: string;
  readonly challenge: string;
}

export function pkcePair(): Pkce {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: s256(verifier) };
}

export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** The body parsed as JSON, or undefined. */
  readonly body: any;
}

async function answer(response: Response): Promise<Answer> {
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: response.status, headers: response.headers, text, body };
}

/** GETs an authorization URL without following redirects; `location` is the redirect target, if any. */
export async function authorize(url: string | URL, headers: Record<string, string> = {}): Promise<Answer & { readonly location: URL | null }> {
  const response = await fetch(url, { redirect: 'manual', headers });
  const location = response.headers.get('location');
  return { ...(await answer(response)), location: location === null ? null : new URL(location) };
}

export function authorizationUrl(endpoint: string, params: Readonly<Record<string, string>>): URL {
  const url = new URL(endpoint);
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  return url;
}

export async function postForm(url: string, params: Readonly<Record<string, string>>, headers: Record<string, string> = {}): Promise<Answer> {
  return answer(await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams(params).toString() }));
}

export async function postJson(url: string, value: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  return answer(await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(value) }));
}

export async function getWithToken(url: string | URL, accessToken: string): Promise<Answer> {
  return answer(await fetch(url, { headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' } }));
}

/** Decodes a JWT's payload without verifying anything. */
export function jwtPayload(token: string): Record<string, unknown> {
  const part = token.split('.')[1] ?? '';
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
}
