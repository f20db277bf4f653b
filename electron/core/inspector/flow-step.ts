/**
 * Builds the inspector's steps, secrets masked (S29): from a request the app sent and its answer,
 * from the authorization URL the browser was sent to, and from the callback URL that came back.
 * Secrets are masked by name (fields, headers, JSON members), then every secret value the step
 * carries (and those its timeline saw before: `earlier`) is scrubbed by exact value from every other
 * string of the step, then token-like runs are redacted in text from servers. A step is built
 * without its id; the journal numbers it (flow-journal.ts).
 */
import type { FlowParam, FlowRequest, FlowResponse, FlowStep, FlowStepKind, FlowValue } from '../../shared/flow-types.ts';
import type { HttpRequest, HttpResponse } from '../http/http-client.ts';
import { readBody, shownBody } from './flow-body.ts';
import { headerSecrets, maskField, maskHeader, maskValue, redactText } from './mask.ts';
import type { Scrub } from './secret-scrub.ts';
import { REDACTED, chainScrubbers, exactScrubber, unchanged } from './secret-scrub.ts';

export type FlowStepDraft = Omit<FlowStep, 'id'>;
export type StepError = FlowStep['error'];

/** A step, and the secret values it carried: kept in memory to scrub later steps of its timeline, never shown. */
export interface BuiltStep {
  readonly draft: FlowStepDraft;
  readonly secrets: readonly string[];
}

/** What the request was, read from the request itself. */
export function stepKindOf(request: HttpRequest): FlowStepKind {
  const form = request.form ?? {};
  if (request.method === 'POST') {
    if (form.grant_type === 'authorization_code') return 'token-request';
    if (form.grant_type === 'refresh_token') return 'refresh';
    if (form.token !== undefined && form.token_type_hint !== undefined) return 'revocation';
  }
  return 'api-call';
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * A path segment that holds a credential: a token-like run in it, or 16+ letters and digits mixed
 * once separators are ignored (`v1:AbCdEf12:GhIjKl34`, `bot123456:AAH…`). Identifiers of that shape
 * (message ids) go too: the inspector is not the place to read them.
 */
function isSecretSegment(segment: string): boolean {
  if (redactText(segment) !== segment) return true;
  const alphanumeric = segment.replace(/[^A-Za-z0-9]/g, '');
  return alphanumeric.length >= 16 && /\d/.test(alphanumeric) && /[A-Za-z]/.test(alphanumeric);
}

/** An API path with its credential-like segments replaced by "[redacted]"; `secrets` receives them. */
export function redactPath(path: string, secrets: string[] = []): string {
  return path
    .split('/')
    .map((segment) => {
      const decoded = decodeSegment(segment);
      if (!isSecretSegment(decoded)) return segment;
      secrets.push(segment, decoded);
      return REDACTED;
    })
    .join('/');
}

interface SplitUrl {
  /** Scheme, host and port (no user info). */
  readonly origin: string;
  readonly path: string;
  readonly query: Array<[string, string]>;
}

/** Origin, path and query fields; user info and the fragment are dropped (user info is kept as a secret). */
function splitUrl(url: string, secrets: string[]): SplitUrl {
  try {
    const parsed = new URL(url);
    if (parsed.username !== '') secrets.push(decodeSegment(parsed.username));
    if (parsed.password !== '') secrets.push(parsed.password, decodeSegment(parsed.password));
    return { origin: `${parsed.protocol}//${parsed.host}`, path: parsed.pathname, query: [...parsed.searchParams] };
  } catch {
    return { origin: '', path: redactText(url.split(/[?#]/, 1)[0] ?? ''), query: [] };
  }
}

function pathOf(url: string, kind: FlowStepKind, secrets: string[]): string {
  const { path } = splitUrl(url, secrets);
  return kind === 'api-call' ? redactPath(path, secrets) : path;
}

export function stepTitle(request: HttpRequest, kind: FlowStepKind = stepKindOf(request)): string {
  switch (kind) {
    case 'token-request':
      return 'Token request';
    case 'refresh':
      return 'Refresh';
    case 'revocation': {
      const hint = request.form?.token_type_hint;
      return hint === 'refresh_token' ? 'Revoke refresh token' : hint === 'access_token' ? 'Revoke access token' : 'Revoke token';
    }
    case 'authorization-request':
      return 'Authorization request';
    case 'callback':
      return 'Callback';
    case 'api-call':
      return `${request.method} ${pathOf(request.url, kind, [])}`;
  }
}

/** Fields with `mask` applied; the raw value of every field it masked goes to `secrets`. */
function maskedFields(entries: ReadonlyArray<readonly [string, string]>, mask: (name: string, raw: string) => FlowValue, secrets: string[]): FlowParam[] {
  return entries.map(([name, raw]) => {
    const value = mask(name, raw);
    if (typeof value !== 'string') secrets.push(raw);
    return { name, value };
  });
}

/** Headers masked by name (`headerSecrets` collected); the others kept raw here, redacted in `shown`. */
function maskedHeaders(entries: ReadonlyArray<readonly [string, string]>, secrets: string[]): FlowParam[] {
  return entries.map(([name, raw]) => {
    const masked = maskHeader(name, raw);
    if (typeof masked === 'string') return { name: name.toLowerCase(), value: raw };
    secrets.push(...headerSecrets(name, raw));
    return { name: name.toLowerCase(), value: masked };
  });
}

/** The fields as shown: names and clear values scrubbed, and text from outside (`guess`) loses token-like runs too. */
function shown(params: readonly FlowParam[], scrub: Scrub, guess: boolean): FlowParam[] {
  return params.map(({ name, value }) => ({ name: scrub(name), value: typeof value === 'string' ? (guess ? redactText(scrub(value)) : scrub(value)) : value }));
}

/** The response headers worth seeing: type, challenge, waits, rate limits and caching. */
const TELLING_HEADERS = new Set(['content-type', 'www-authenticate', 'retry-after', 'cache-control', 'pragma']);
const RATE_LIMIT_HEADER = /^(?:x-)?rate-?limit/i;

function tellingHeaders(response: HttpResponse): Array<[string, string]> {
  const kept: Array<[string, string]> = [];
  for (const [name, value] of Object.entries(response.headers)) {
    const lower = name.toLowerCase();
    if (value !== undefined && (TELLING_HEADERS.has(lower) || RATE_LIMIT_HEADER.test(lower))) kept.push([lower, value]);
  }
  return kept;
}

export interface HttpStepInput {
  readonly request: HttpRequest;
  /** Null when the request failed on the network. */
  readonly response: HttpResponse | null;
  readonly at: number;
  readonly durationMs: number;
  /** Why it failed (the app's typed error), or null when it did not. */
  readonly error: StepError;
}

export function buildHttpStep(input: HttpStepInput, earlier: Scrub = unchanged): BuiltStep {
  const { request, response } = input;
  const kind = stepKindOf(request);
  const secrets: string[] = [];
  const url = splitUrl(request.url, secrets);
  const path = kind === 'api-call' ? redactPath(url.path, secrets) : url.path;
  const hint = request.form?.token_type_hint;
  const query = maskedFields(url.query, (name, raw) => maskField(name, raw), secrets);
  const headers = maskedHeaders(Object.entries(request.headers ?? {}), secrets);
  const form = maskedFields(Object.entries(request.form ?? {}), (name, raw) => maskField(name, raw, hint), secrets);
  const read = response === null ? null : readBody(response.body);
  if (read !== null) secrets.push(...read.secrets);
  const responseHeaders = response === null ? [] : maskedHeaders(tellingHeaders(response), secrets);
  const scrub = chainScrubbers(exactScrubber(secrets), earlier);
  const title = kind === 'api-call' ? `${request.method} ${path}` : stepTitle(request, kind);
  const draft: FlowStepDraft = {
    kind,
    title: scrub(title),
    at: input.at,
    durationMs: input.durationMs,
    request: { method: request.method, url: scrub(url.origin + path), query: shown(query, scrub, false), headers: shown(headers, scrub, true), form: shown(form, scrub, false) },
    response: response === null || read === null ? null : { status: response.status, headers: shown(responseHeaders, scrub, true), body: shownBody(read, scrub) },
    outcome: input.error === null ? 'ok' : 'failed',
    // The app's own typed error: its provider text was sanitised when it was made; known secrets go too.
    error: input.error === null ? null : { code: input.error.code, message: scrub(input.error.message) },
  };
  return { draft, secrets };
}

export function httpStep(input: HttpStepInput): FlowStepDraft {
  return buildHttpStep(input).draft;
}

export function flowRequestOf(request: HttpRequest): FlowRequest {
  return httpStep({ request, response: null, at: 0, durationMs: 0, error: null }).request;
}

export function flowResponseOf(response: HttpResponse): FlowResponse {
  const secrets: string[] = [];
  const headers = maskedHeaders(tellingHeaders(response), secrets);
  const read = readBody(response.body);
  const scrub = exactScrubber([...secrets, ...read.secrets]);
  return { status: response.status, headers: shown(headers, scrub, true), body: shownBody(read, scrub) };
}

/**
 * The authorization request the browser is sent to: every parameter masked by name like a form
 * field (`state`, `id_token_hint`, credential-named extras). The PKCE challenge is shown only when
 * it is a hash (`code_challenge_method=S256`): with `plain`, or no method (RFC 7636 then means
 * plain), the challenge is the verifier itself.
 */
export function buildAuthorizationRequestStep(authorizationUrl: string, at: number, earlier: Scrub = unchanged): BuiltStep {
  const secrets: string[] = [];
  const url = splitUrl(authorizationUrl, secrets);
  const method = url.query.find(([name]) => name === 'code_challenge_method')?.[1];
  const query = maskedFields(url.query, (name, raw) => (name === 'code_challenge' ? (method === 'S256' ? raw : maskValue(raw, 'code_verifier')) : maskField(name, raw)), secrets);
  const scrub = chainScrubbers(exactScrubber(secrets), earlier);
  return {
    draft: {
      kind: 'authorization-request',
      title: 'Authorization request',
      at,
      durationMs: null,
      request: { method: 'GET', url: scrub(url.origin + url.path), query: shown(query, scrub, false), headers: [], form: [] },
      response: null,
      outcome: 'ok',
      error: null,
    },
    secrets,
  };
}

export function authorizationRequestStep(authorizationUrl: string, at: number): FlowStepDraft {
  return buildAuthorizationRequestStep(authorizationUrl, at).draft;
}

/**
 * The redirect back to the app: `code`, `state` (and any token a wrong flow put there) masked,
 * everything else (error, error_description, iss…) shown with the secrets scrubbed and without
 * token-like runs. The fragment is never kept.
 */
export function buildCallbackStep(callbackUrl: string, at: number, error: StepError, earlier: Scrub = unchanged): BuiltStep {
  const secrets: string[] = [];
  const url = splitUrl(callbackUrl, secrets);
  const query = maskedFields(url.query, (name, raw) => maskField(name, raw), secrets);
  const scrub = chainScrubbers(exactScrubber(secrets), earlier);
  return {
    draft: {
      kind: 'callback',
      title: 'Callback',
      at,
      durationMs: null,
      request: { method: 'GET', url: redactText(scrub(url.origin + url.path)), query: shown(query, scrub, true), headers: [], form: [] },
      response: null,
      outcome: error === null ? 'ok' : 'failed',
      error: error === null ? null : { code: error.code, message: scrub(error.message) },
    },
    secrets,
  };
}

export function callbackStep(callbackUrl: string, at: number, error: StepError): FlowStepDraft {
  return buildCallbackStep(callbackUrl, at, error).draft;
}
