/**
 * Builds the inspector's steps, secrets masked (S29): from a request the app sent and its answer,
 * from the authorization URL the browser was sent to, and from the callback URL that came back.
 * A step is built without its id; the journal numbers it (flow-journal.ts).
 */
import type { FlowParam, FlowRequest, FlowResponse, FlowStep, FlowStepKind } from '../../shared/flow-types.ts';
import type { HttpRequest, HttpResponse } from '../http/http-client.ts';
import { flowBody } from './flow-body.ts';
import { maskField, maskHeader, maskValue, redactText } from './mask.ts';

export type FlowStepDraft = Omit<FlowStep, 'id'>;
export type StepError = FlowStep['error'];

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

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url.split(/[?#]/, 1)[0] ?? '';
  }
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
      return `${request.method} ${pathOf(request.url)}`;
  }
}

/** Scheme, host, port and path (no user info, query or fragment), and the query's fields. */
function splitUrl(url: string): { base: string; query: Array<[string, string]> } {
  try {
    const parsed = new URL(url);
    return { base: `${parsed.protocol}//${parsed.host}${parsed.pathname}`, query: [...parsed.searchParams] };
  } catch {
    return { base: redactText(url.split(/[?#]/, 1)[0] ?? ''), query: [] };
  }
}

function fields(entries: ReadonlyArray<readonly [string, string]>, value: (name: string, raw: string) => FlowParam['value']): FlowParam[] {
  return entries.map(([name, raw]) => ({ name, value: value(name, raw) }));
}

export function flowRequestOf(request: HttpRequest): FlowRequest {
  const { base, query } = splitUrl(request.url);
  const form = Object.entries(request.form ?? {});
  const hint = request.form?.token_type_hint;
  return {
    method: request.method,
    url: base,
    query: fields(query, (name, raw) => maskField(name, raw)),
    headers: fields(Object.entries(request.headers ?? {}), (name, raw) => maskHeader(name, raw)).map((p) => ({ ...p, name: p.name.toLowerCase() })),
    form: fields(form, (name, raw) => maskField(name, raw, hint)),
  };
}

/** The response headers worth seeing: type, challenge, waits, rate limits and caching. */
const TELLING_HEADERS = new Set(['content-type', 'www-authenticate', 'retry-after', 'cache-control', 'pragma']);
const RATE_LIMIT_HEADER = /^(?:x-)?rate-?limit/i;

export function flowResponseOf(response: HttpResponse): FlowResponse {
  const headers: FlowParam[] = [];
  for (const [name, value] of Object.entries(response.headers)) {
    const lower = name.toLowerCase();
    if (value === undefined || !(TELLING_HEADERS.has(lower) || RATE_LIMIT_HEADER.test(lower))) continue;
    headers.push({ name: lower, value: maskHeader(lower, value) });
  }
  return { status: response.status, headers, body: flowBody(response.body) };
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

export function httpStep(input: HttpStepInput): FlowStepDraft {
  const kind = stepKindOf(input.request);
  return {
    kind,
    title: stepTitle(input.request, kind),
    at: input.at,
    durationMs: input.durationMs,
    request: flowRequestOf(input.request),
    response: input.response === null ? null : flowResponseOf(input.response),
    outcome: input.error === null ? 'ok' : 'failed',
    error: input.error,
  };
}

/**
 * The authorization request the browser is sent to: its parameters as sent, except `state`, which
 * is masked. The PKCE challenge is shown (it is a hash; the verifier never leaves the app before the
 * token request).
 */
export function authorizationRequestStep(authorizationUrl: string, at: number): FlowStepDraft {
  const { base, query } = splitUrl(authorizationUrl);
  return {
    kind: 'authorization-request',
    title: 'Authorization request',
    at,
    durationMs: null,
    request: {
      method: 'GET',
      url: base,
      query: fields(query, (name, raw) => (name === 'state' ? maskValue(raw, 'state') : raw)),
      headers: [],
      form: [],
    },
    response: null,
    outcome: 'ok',
    error: null,
  };
}

/**
 * The redirect back to the app: `code`, `state` (and any token a wrong flow put there) masked,
 * everything else (error, error_description, iss…) shown without token-like runs. The fragment is
 * never kept.
 */
export function callbackStep(callbackUrl: string, at: number, error: StepError): FlowStepDraft {
  const { base, query } = splitUrl(callbackUrl);
  return {
    kind: 'callback',
    title: 'Callback',
    at,
    durationMs: null,
    request: {
      method: 'GET',
      url: base,
      query: fields(query, (name, raw) => {
        const shown = maskField(name, raw);
        return typeof shown === 'string' ? redactText(shown) : shown;
      }),
      headers: [],
      form: [],
    },
    response: null,
    outcome: error === null ? 'ok' : 'failed',
    error,
  };
}
