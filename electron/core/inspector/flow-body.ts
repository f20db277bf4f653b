/**
 * A response body as the inspector keeps it (S29): JSON copied with credential-named members masked,
 * and in every other string the secrets the step carries scrubbed by exact value, then token-like
 * runs redacted; or text treated the same way, after credential-named JSON members in it (a JSON
 * body too big to parse) were masked by a textual rule. Both bounded (nodes, depth, string length,
 * text length) so a timeline stays small in memory.
 */
import type { FlowBody } from '../../shared/flow-types.ts';
import type { JsonValue } from '../../shared/view-types.ts';
import type { NamedSecret } from './mask.ts';
import { jsonMemberSecret, maskValue, redactText } from './mask.ts';
import type { Scrub } from './secret-scrub.ts';
import { REDACTED, exactScrubber } from './secret-scrub.ts';

export interface FlowBodyLimits {
  /** Bodies longer than this are not parsed as JSON but kept as (cut) text. */
  readonly maxParseChars: number;
  /** JSON values copied at most; the copy is marked truncated beyond. */
  readonly maxNodes: number;
  readonly maxDepth: number;
  /** Longer JSON strings (after redaction) end with "…". */
  readonly maxStringLength: number;
  /** All strings and member names of a JSON copy together: past this, the copy is cut. */
  readonly maxJsonChars: number;
  /** Text bodies are cut here (after redaction is applied to what is kept). */
  readonly maxTextChars: number;
}

/** About 40 KB per response at most, so a full timeline of 100 steps stays within a few megabytes. */
export const FLOW_BODY_LIMITS: FlowBodyLimits = { maxParseChars: 512 * 1024, maxNodes: 1000, maxDepth: 20, maxStringLength: 2000, maxJsonChars: 32 * 1024, maxTextChars: 8000 };

/** Secret values collected from one body at most (for exact scrubbing). */
const MAX_BODY_SECRETS = 64;

/** A body read, before it is cut and scrubbed: parsed JSON, or text; and the secrets found by member name. */
export type ReadBody = ({ readonly kind: 'empty' } | { readonly kind: 'json'; readonly value: unknown } | { readonly kind: 'text'; readonly text: string }) & {
  readonly secrets: readonly string[];
};

/** The characters a token-like run is made of (error-mapping.ts' TEXT_RUN, plus '='). */
const RUN_CHAR = /[A-Za-z0-9\-._~+/%=]/;
const TRAILING_RUN = /[A-Za-z0-9\-._~+/%=]+$/;

/**
 * The first `max` characters, scrubbed and redacted. A run the cut goes through is dropped whole
 * rather than kept as a piece too short to look like a token.
 */
function cutText(text: string, max: number, scrub: Scrub): { text: string; truncated: boolean } {
  const scrubbed = scrub(text);
  if (scrubbed.length <= max) return { text: redactText(scrubbed), truncated: false };
  let kept = scrubbed.slice(0, max);
  if (RUN_CHAR.test(scrubbed.charAt(max))) kept = kept.replace(TRAILING_RUN, '');
  return { text: `${redactText(kept)}…`, truncated: true };
}

interface CopyState {
  readonly limits: FlowBodyLimits;
  readonly scrub: Scrub;
  nodes: number;
  chars: number;
  truncated: boolean;
}

function cutString(value: string, state: CopyState): string {
  const redacted = redactText(state.scrub(value));
  const room = Math.max(0, Math.min(state.limits.maxStringLength, state.limits.maxJsonChars - state.chars));
  if (redacted.length <= room) {
    state.chars += redacted.length;
    return redacted;
  }
  state.truncated = true;
  state.chars += room;
  return `${redacted.slice(0, room)}…`;
}

/** A masked value inside a JSON copy: the same four members, as plain JSON. */
function maskedJson(value: string, secret: NamedSecret): JsonValue {
  const masked = maskValue(value, secret.kind, { preview: secret.preview });
  return { masked: masked.masked, secret: masked.secret, preview: masked.preview, length: masked.length };
}

/**
 * Every string under a credential-named member is masked with that member's kind. Numbers are
 * shown: OAuth secrets are strings, and `"code": 0` in an error body is an error number.
 */
function copyValue(value: unknown, depth: number, state: CopyState, secret: NamedSecret | null): JsonValue {
  state.nodes++;
  if (value === null || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string') return secret !== null ? maskedJson(value, secret) : cutString(value, state);
  if (typeof value !== 'object') return null;
  const entries: Array<[string, unknown]> = Array.isArray(value) ? value.map((v, i) => [String(i), v]) : Object.entries(value);
  if (entries.length > 0 && depth >= state.limits.maxDepth) {
    state.truncated = true;
    return Array.isArray(value) ? [] : {};
  }
  const kept: Array<[string, JsonValue]> = [];
  for (const [name, member] of entries) {
    if (state.nodes >= state.limits.maxNodes || state.chars >= state.limits.maxJsonChars) {
      state.truncated = true;
      break;
    }
    const memberSecret = Array.isArray(value) ? secret : (secret ?? jsonMemberSecret(name));
    kept.push([Array.isArray(value) ? name : cutString(name, state), copyValue(member, depth + 1, state, memberSecret)]);
  }
  if (Array.isArray(value)) return kept.map(([, v]) => v);
  // fromEntries defines own properties: a member named "__proto__" stays data.
  return Object.fromEntries(kept);
}

/** The strings under credential-named members, anywhere in a parsed body (at most MAX_BODY_SECRETS). */
function collectSecrets(value: unknown, underSecret: boolean, found: string[]): void {
  if (found.length >= MAX_BODY_SECRETS) return;
  if (typeof value === 'string') {
    if (underSecret) found.push(value);
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  if (Array.isArray(value)) {
    for (const member of value) collectSecrets(member, underSecret, found);
    return;
  }
  for (const [name, member] of Object.entries(value)) collectSecrets(member, underSecret || jsonMemberSecret(name) !== null, found);
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  const start = text.trimStart().charAt(0);
  if (start !== '{' && start !== '[' && start !== '"') return { ok: false };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

const JSON_STRING = String.raw`"(?:[^"\\]|\\.)*"`;
/** `"name": "value"` or `"name": ["value", …]` in JSON text. */
const JSON_STRING_MEMBER = new RegExp(String.raw`"((?:[^"\\]|\\.){1,200})"(\s*:\s*)(${JSON_STRING}|\[\s*${JSON_STRING}(?:\s*,\s*${JSON_STRING})*\s*\])`, 'g');
const JSON_STRING_GLOBAL = new RegExp(JSON_STRING, 'g');

function unescapeJson(literal: string): string {
  try {
    return JSON.parse(literal) as string;
  } catch {
    return literal.slice(1, -1);
  }
}

/**
 * Masks, in JSON text that is not parsed (too big, or cut), the string values of credential-named
 * members (`"access_token": "…"` becomes `"access_token": "[redacted]"`), and collects them.
 */
export function maskJsonMembersInText(text: string, found: string[] = []): string {
  return text.replace(JSON_STRING_MEMBER, (whole, rawName: string, separator: string, value: string) => {
    if (jsonMemberSecret(unescapeJson(`"${rawName}"`)) === null) return whole;
    const masked = value.replace(JSON_STRING_GLOBAL, (literal) => {
      if (found.length < MAX_BODY_SECRETS) found.push(unescapeJson(literal));
      return `"${REDACTED}"`;
    });
    return `"${rawName}"${separator}${masked}`;
  });
}

/** Parses (within the limit) or reads the body as text, masking credential-named members by name, and collects their values. */
export function readBody(body: string, limits: FlowBodyLimits = FLOW_BODY_LIMITS): ReadBody {
  if (body.trim() === '') return { kind: 'empty', secrets: [] };
  const secrets: string[] = [];
  if (body.length <= limits.maxParseChars) {
    const parsed = parseJson(body);
    if (parsed.ok) {
      collectSecrets(parsed.value, false, secrets);
      return { kind: 'json', value: parsed.value, secrets };
    }
  }
  const text = maskJsonMembersInText(body, secrets);
  return { kind: 'text', text, secrets };
}

/** The body as shown: `scrub` (the step's exact-value scrubber) applied to every string kept, then token-like redaction. */
export function shownBody(read: ReadBody, scrub: Scrub, limits: FlowBodyLimits = FLOW_BODY_LIMITS): FlowBody {
  if (read.kind === 'empty') return { kind: 'empty' };
  if (read.kind === 'json') {
    const state: CopyState = { limits, scrub, nodes: 0, chars: 0, truncated: false };
    const value = copyValue(read.value, 0, state, null);
    return { kind: 'json', value, truncated: state.truncated };
  }
  const { text, truncated } = cutText(read.text, limits.maxTextChars, scrub);
  return { kind: 'text', text, truncated };
}

/** A body on its own: its credential-named members masked, their values (and `known` secrets) scrubbed elsewhere in it. */
export function flowBody(body: string, limits: FlowBodyLimits = FLOW_BODY_LIMITS, known: Iterable<string> = []): FlowBody {
  const read = readBody(body, limits);
  return shownBody(read, exactScrubber([...known, ...read.secrets]), limits);
}
