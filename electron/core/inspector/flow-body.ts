/**
 * A response body as the inspector keeps it: JSON copied with credential-named members masked and
 * token-like runs redacted in every other string (S29), or text with token-like runs redacted; both
 * bounded (nodes, depth, string length, text length) so a timeline stays small in memory.
 */
import type { FlowBody } from '../../shared/flow-types.ts';
import type { JsonValue } from '../../shared/view-types.ts';
import { jsonMemberSecretKind, maskValue, redactText } from './mask.ts';
import type { SecretKind } from '../../shared/flow-types.ts';

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

/** The characters a token-like run is made of (error-mapping.ts' TEXT_RUN, plus '='). */
const RUN_CHAR = /[A-Za-z0-9\-._~+/%=]/;
const TRAILING_RUN = /[A-Za-z0-9\-._~+/%=]+$/;

/**
 * The first `max` characters, redacted. A run the cut goes through is dropped whole rather than
 * kept as a piece too short to look like a token.
 */
function cutText(text: string, max: number): { text: string; truncated: boolean } {
  if (text.length <= max) return { text: redactText(text), truncated: false };
  let kept = text.slice(0, max);
  if (RUN_CHAR.test(text.charAt(max))) kept = kept.replace(TRAILING_RUN, '');
  return { text: `${redactText(kept)}…`, truncated: true };
}

interface CopyState {
  readonly limits: FlowBodyLimits;
  nodes: number;
  chars: number;
  truncated: boolean;
}

function cutString(value: string, state: CopyState): string {
  const redacted = redactText(value);
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
function maskedJson(value: string, secret: SecretKind): JsonValue {
  const masked = maskValue(value, secret);
  return { masked: masked.masked, secret: masked.secret, preview: masked.preview, length: masked.length };
}

/**
 * Every string under a credential-named member is masked with that member's kind. Numbers are
 * shown: OAuth secrets are strings, and `"code": 0` in an error body is an error number.
 */
function copyValue(value: unknown, depth: number, state: CopyState, secret: SecretKind | null): JsonValue {
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
    const memberSecret = Array.isArray(value) ? secret : (secret ?? jsonMemberSecretKind(name));
    kept.push([Array.isArray(value) ? name : cutString(name, state), copyValue(member, depth + 1, state, memberSecret)]);
  }
  if (Array.isArray(value)) return kept.map(([, v]) => v);
  // fromEntries defines own properties: a member named "__proto__" stays data.
  return Object.fromEntries(kept);
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

export function flowBody(body: string, limits: FlowBodyLimits = FLOW_BODY_LIMITS): FlowBody {
  if (body.trim() === '') return { kind: 'empty' };
  if (body.length <= limits.maxParseChars) {
    const parsed = parseJson(body);
    if (parsed.ok) {
      const state: CopyState = { limits, nodes: 0, chars: 0, truncated: false };
      const value = copyValue(parsed.value, 0, state, null);
      return { kind: 'json', value, truncated: state.truncated };
    }
  }
  const { text, truncated } = cutText(body, limits.maxTextChars);
  return { kind: 'text', text, truncated };
}
