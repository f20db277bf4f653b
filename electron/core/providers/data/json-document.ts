/**
 * A JSON document from a provider's data URL (custom providers), made safe and small enough for the
 * renderer's tree view: members whose names suggest a credential are replaced by "[hidden]" (a data
 * URL may well answer with tokens, e.g. a misconfigured token endpoint: S29), and the copy is bounded
 * in nodes, depth and string length, with a `"…": "N more"` marker where it was cut.
 */
import type { JsonDocumentData, JsonValue } from '../../../shared/view-types.ts';
import type { HttpClient } from '../../http/http-client.ts';
import { getJson } from '../../api/resource-request.ts';
import { HIDDEN_VALUE, MORE_MARKER_KEY } from '../../../shared/json-document-markers.ts';

export interface JsonDocumentLimits {
  /** Values copied at most (markers come on top). Default 2000. */
  readonly maxNodes?: number;
  /** Containers nested deeper than this are summarized by a marker. Default 20. */
  readonly maxDepth?: number;
  /** Longer strings (values and member names) are cut and end with "…". Default 2000. */
  readonly maxStringLength?: number;
}

export { HIDDEN_VALUE, MORE_MARKER_KEY };

const DEFAULT_LIMITS: Required<JsonDocumentLimits> = { maxNodes: 2000, maxDepth: 20, maxStringLength: 2000 };

/** Names that contain a credential word, or that are exactly one of the words too short to match safely inside others. */
const CREDENTIAL_PART = /token|secret|passw(?:or)?d|credential|api[_-]?key|private[_-]?key|code[_-]?verifier|assertion/i;
const CREDENTIAL_EXACT = new Set(['code', 'authorization', 'cookie', 'session']);

/** True when a member named `name` may hold a credential and must not be shown. */
export function isCredentialName(name: string): boolean {
  return CREDENTIAL_PART.test(name) || CREDENTIAL_EXACT.has(name.toLowerCase());
}

interface CopyState {
  readonly limits: Required<JsonDocumentLimits>;
  nodes: number;
  hiddenFields: number;
  truncated: boolean;
}

/** Where a container was cut: how many of its entries are not shown. */
function moreMarker(count: number): { readonly [key: string]: JsonValue } {
  return { [MORE_MARKER_KEY]: `${count} more` };
}

/**
 * Whether `value` still fits in the node budget. A non-empty container needs room for at least one
 * child too, so the tree never shows a container whose only content is a marker.
 */
function fits(value: unknown, state: CopyState): boolean {
  const nonEmpty = Array.isArray(value) ? value.length > 0 : value !== null && typeof value === 'object' && Object.keys(value).length > 0;
  const needed = nonEmpty ? 2 : 1;
  return state.nodes + needed <= state.limits.maxNodes;
}

function cutString(value: string, state: CopyState): string {
  if (value.length <= state.limits.maxStringLength) return value;
  state.truncated = true;
  return `${value.slice(0, state.limits.maxStringLength)}…`;
}

function copyArray(value: readonly unknown[], depth: number, state: CopyState): JsonValue {
  if (value.length > 0 && depth >= state.limits.maxDepth) {
    state.truncated = true;
    return [moreMarker(value.length)];
  }
  const out: JsonValue[] = [];
  for (let i = 0; i < value.length; i++) {
    if (!fits(value[i], state)) {
      state.truncated = true;
      out.push(moreMarker(value.length - i));
      break;
    }
    out.push(copyValue(value[i], depth + 1, state));
  }
  return out;
}

function copyObject(value: object, depth: number, state: CopyState): JsonValue {
  const entries = Object.entries(value);
  if (entries.length > 0 && depth >= state.limits.maxDepth) {
    state.truncated = true;
    return moreMarker(entries.length);
  }
  const out: Array<[string, JsonValue]> = [];
  for (let i = 0; i < entries.length; i++) {
    const [name, member] = entries[i] as [string, unknown];
    if (!fits(isCredentialName(name) ? HIDDEN_VALUE : member, state)) {
      state.truncated = true;
      out.push([MORE_MARKER_KEY, `${entries.length - i} more`]);
      break;
    }
    if (isCredentialName(name)) {
      state.nodes++;
      state.hiddenFields++;
      out.push([cutString(name, state), HIDDEN_VALUE]);
    } else {
      out.push([cutString(name, state), copyValue(member, depth + 1, state)]);
    }
  }
  // fromEntries defines own properties: a member named "__proto__" stays data, never a prototype.
  return Object.fromEntries(out);
}

/** Copies one value into JsonValue; anything JSON cannot hold (NaN, Infinity, undefined…) becomes null. */
function copyValue(value: unknown, depth: number, state: CopyState): JsonValue {
  state.nodes++;
  if (value === null || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string') return cutString(value, state);
  if (Array.isArray(value)) return copyArray(value, depth, state);
  if (typeof value === 'object') return copyObject(value, depth, state);
  return null;
}

/** The URL without query, fragment or user info: they may hold identifiers or credentials. */
export function documentSource(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.protocol === 'http:' || parsed.protocol === 'https:') return `${parsed.origin}${parsed.pathname}`;
  } catch {
    // Not a URL: fall through to plain cutting.
  }
  return url.split(/[?#]/, 1)[0] ?? '';
}

/** A bounded, credential-free copy of `body` for the renderer. */
export function toJsonDocument(body: unknown, source: string, limits: JsonDocumentLimits = {}): JsonDocumentData {
  const bounds: Required<JsonDocumentLimits> = {
    maxNodes: limits.maxNodes ?? DEFAULT_LIMITS.maxNodes,
    maxDepth: limits.maxDepth ?? DEFAULT_LIMITS.maxDepth,
    maxStringLength: limits.maxStringLength ?? DEFAULT_LIMITS.maxStringLength,
  };
  const state: CopyState = { limits: bounds, nodes: 0, hiddenFields: 0, truncated: false };
  const value = copyValue(body, 0, state);
  return { source: documentSource(source), value, hiddenFields: state.hiddenFields, truncated: state.truncated };
}

/** GETs `url` with the connection's token (in the header only) and returns it as a JsonDocument. */
export async function fetchJsonDocument(http: HttpClient, url: string, accessToken: string, providerName: string): Promise<JsonDocumentData> {
  return toJsonDocument(await getJson(http, url, accessToken, { providerName, what: 'the data' }), url);
}
