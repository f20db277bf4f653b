/**
 * Words for the flow inspector: step kinds, secret kinds, masked values, durations and statuses.
 * Masked values arrive already masked (S29); nothing here could show more than their preview.
 */
import type { FlowStep, FlowStepKind, InspectorTarget, MaskedValue, SecretKind } from '../../../electron/shared/flow-types.ts';
import type { JsonValue } from '../../../electron/shared/view-types.ts';
import { placeholderName } from '../../../electron/shared/flow-curl.ts';

/** The most characters of a preview ever shown, whatever arrives (the contract says at most 4). */
export const MAX_PREVIEW = 4;

const STEP_KINDS: Record<FlowStepKind, string> = {
  'authorization-request': 'Authorization request',
  callback: 'Callback',
  'token-request': 'Token request',
  refresh: 'Refresh',
  'api-call': 'API call',
  revocation: 'Revocation',
};

const SECRET_KINDS: Record<SecretKind, string> = {
  access_token: 'access token',
  refresh_token: 'refresh token',
  id_token: 'ID token',
  code: 'authorization code',
  code_verifier: 'PKCE code verifier',
  client_secret: 'client secret',
  client_credentials: 'client credentials',
  state: 'state',
  token: 'token',
  cookie: 'cookie',
};

export function stepKindLabel(kind: FlowStepKind): string {
  return STEP_KINDS[kind] ?? kind;
}

export function secretKindLabel(kind: SecretKind): string {
  return SECRET_KINDS[kind] ?? 'secret';
}

/** A masked value as the renderer receives it: inside a JSON body it is a plain object of this shape. */
export function isMaskedValue(value: unknown): value is MaskedValue {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const v = value as Record<string, unknown>;
  return v.masked === true && typeof v.secret === 'string' && typeof v.preview === 'string' && typeof v.length === 'number';
}

/** The visible start of a masked value, never longer than MAX_PREVIEW characters. */
export function maskedPreview(value: MaskedValue): string {
  return Array.from(value.preview).slice(0, MAX_PREVIEW).join('');
}

export function characterCount(length: number): string {
  return length === 1 ? '1 character' : `${length} characters`;
}

/** What a screen reader hears: "access token, masked, first characters eyJh, 812 characters". */
export function maskedDescription(value: MaskedValue): string {
  const preview = maskedPreview(value);
  const start = preview === '' ? '' : `, first characters ${preview}`;
  return `${secretKindLabel(value.secret)}, masked${start}, ${characterCount(value.length)}`;
}

/** "45 ms", "1.2 s", "12 s", "2 min 5 s". */
export function formatDurationMs(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  if (ms < 10_000) return `${(Math.floor(ms / 100) / 10).toFixed(1)} s`;
  if (ms < 60_000) return `${Math.floor(ms / 1000)} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.floor((ms % 60_000) / 1000);
  return seconds === 0 ? `${minutes} min` : `${minutes} min ${seconds} s`;
}

const REASONS: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  204: 'No Content',
  302: 'Found',
  303: 'See Other',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  410: 'Gone',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** "200 OK", "429 Too Many Requests", "418". */
export function httpStatusText(status: number): string {
  const reason = REASONS[status];
  return reason ? `${status} ${reason}` : String(status);
}

/**
 * The step's status in words, so that it never depends on colour: "HTTP 200 OK", "HTTP 400 Bad
 * Request", "No response" (a network failure), or for the browser's steps "Sent to the browser" /
 * "Received". Whether the step worked is said separately (`outcome`).
 */
export function stepStatusText(step: FlowStep): string {
  if (step.response) return `HTTP ${httpStatusText(step.response.status)}`;
  if (step.kind === 'authorization-request') return step.outcome === 'ok' ? 'Sent to the browser' : 'Not sent';
  if (step.kind === 'callback') return 'Received';
  return step.outcome === 'ok' ? 'Done' : 'No response';
}

/**
 * The shell variables a step's copied curl command asks for in place of its secrets, e.g.
 * ["$ACCESS_TOKEN"], in the order the request holds them (the names are flow-curl's).
 */
export function curlPlaceholders(step: FlowStep): string[] {
  const found = new Set<string>();
  const { query, headers, form } = step.request;
  for (const param of [...query, ...headers, ...form]) {
    if (typeof param.value !== 'string') found.add(`$${placeholderName(param.value.secret)}`);
  }
  return [...found];
}

/** A timeline's stable name, e.g. "connection:c1", "sign-in:sandbox" or "disconnect:sandbox" (a React key). */
export function inspectorTargetKey(target: InspectorTarget): string {
  return target.kind === 'connection' ? `connection:${target.connectionId}` : `${target.kind}:${target.providerId}`;
}

export function sameTarget(a: InspectorTarget, b: InspectorTarget): boolean {
  return inspectorTargetKey(a) === inspectorTargetKey(b);
}

export function stepCount(count: number): string {
  return count === 1 ? '1 step' : `${count} steps`;
}

/** A JSON body laid out as text: pretty-printed lines, with masked values as their own pieces. */
export type JsonPiece = { readonly kind: 'text'; readonly text: string } | { readonly kind: 'masked'; readonly value: MaskedValue };

/**
 * Pretty-prints `value` (two-space indent, like JSON.stringify(value, null, 2)), but a masked value
 * becomes one piece the view renders as a masked value instead of its object form.
 */
export function jsonPieces(value: JsonValue): JsonPiece[] {
  const pieces: JsonPiece[] = [];
  const text = (t: string): void => {
    const last = pieces[pieces.length - 1];
    if (last?.kind === 'text') pieces[pieces.length - 1] = { kind: 'text', text: last.text + t };
    else pieces.push({ kind: 'text', text: t });
  };
  const walk = (v: JsonValue, indent: string): void => {
    if (isMaskedValue(v)) {
      pieces.push({ kind: 'masked', value: v });
      return;
    }
    if (Array.isArray(v)) {
      const items = v as readonly JsonValue[];
      if (items.length === 0) return text('[]');
      text('[\n');
      items.forEach((item, i) => {
        text(indent + '  ');
        walk(item, indent + '  ');
        text(i < items.length - 1 ? ',\n' : '\n');
      });
      return text(indent + ']');
    }
    if (typeof v === 'object' && v !== null) {
      const entries = Object.entries(v as { readonly [key: string]: JsonValue });
      if (entries.length === 0) return text('{}');
      text('{\n');
      entries.forEach(([key, item], i) => {
        text(`${indent}  ${JSON.stringify(key)}: `);
        walk(item, indent + '  ');
        text(i < entries.length - 1 ? ',\n' : '\n');
      });
      return text(indent + '}');
    }
    text(JSON.stringify(v));
  };
  walk(value, '');
  return pieces;
}
