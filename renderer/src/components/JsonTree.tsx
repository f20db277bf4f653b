import { HIDDEN_VALUE, MORE_MARKER_KEY } from '../../../electron/shared/json-document-markers.ts';
import type { JsonValue } from '../../../electron/shared/view-types.ts';
import '../styles/panels.css';

/** Containers at this depth or less start open (the root is depth 0): the first levels show at once. */
export const JSON_OPEN_DEPTH = 2;

export { HIDDEN_VALUE, MORE_MARKER_KEY };

type JsonArray = readonly JsonValue[];
type JsonObject = { readonly [key: string]: JsonValue };

function isArray(value: JsonValue): value is JsonArray {
  return Array.isArray(value);
}

function isObject(value: JsonValue): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A JSON value as a collapsible tree: objects and arrays are `<details>` (with their size, e.g.
 * "{3}" or "[12]"), scalars are styled by type. Everything is rendered as text.
 */
export function JsonTree({ value }: { readonly value: JsonValue }) {
  return (
    <div className="json-tree">
      <JsonNode label={null} value={value} depth={0} />
    </div>
  );
}

interface NodeProps {
  /** The member name or array index; null for the root. */
  readonly label: { readonly text: string; readonly index: boolean } | null;
  readonly value: JsonValue;
  readonly depth: number;
}

/** The "N more" of a cut marker item (`{"…": "N more"}`), or null for any other value. */
function markerText(value: JsonValue): string | null {
  if (!isObject(value)) return null;
  const keys = Object.keys(value);
  const text = value[MORE_MARKER_KEY];
  return keys.length === 1 && typeof text === 'string' ? text : null;
}

interface Container {
  readonly entries: ReadonlyArray<readonly [string, JsonValue]>;
  /** Set where the document was cut: how many entries are left out, e.g. "12 more". */
  readonly more: string | null;
}

/** A container's entries (array items keyed by index) apart from the cut marker; null for a scalar. */
function containerOf(value: JsonValue): Container | null {
  if (isArray(value)) {
    const last = value.length > 0 ? markerText(value[value.length - 1]!) : null;
    const items = last === null ? value : value.slice(0, -1);
    return { entries: items.map((item, i) => [String(i), item] as const), more: last };
  }
  if (!isObject(value)) return null;
  const more = value[MORE_MARKER_KEY];
  if (typeof more !== 'string') return { entries: Object.entries(value), more: null };
  return { entries: Object.entries(value).filter(([key]) => key !== MORE_MARKER_KEY), more };
}

function JsonNode({ label, value, depth }: NodeProps) {
  const container = containerOf(value);
  const array = isArray(value);
  if (container === null || container.entries.length === 0) {
    return (
      <div className="json-row">
        <JsonLabel label={label} />
        {container === null ? (
          <JsonScalar value={value} />
        ) : container.more === null ? (
          <span className="json-punct">{array ? '[]' : '{}'}</span>
        ) : (
          <span className="json-more">{array ? `[… ${container.more}]` : `{… ${container.more}}`}</span>
        )}
      </div>
    );
  }
  return (
    <details className="json-node" open={depth <= JSON_OPEN_DEPTH}>
      <summary className="json-row">
        <JsonLabel label={label} />
        <JsonCount array={array} size={container.entries.length} />
      </summary>
      <ul className="json-children">
        {container.entries.map(([key, child]) => (
          <li key={key}>
            <JsonNode label={{ text: key, index: array }} value={child} depth={depth + 1} />
          </li>
        ))}
        {container.more === null ? null : <li className="json-more">{`… ${container.more}`}</li>}
      </ul>
    </details>
  );
}

function JsonLabel({ label }: { readonly label: NodeProps['label'] }) {
  if (label === null) return null;
  return (
    <>
      <span className={label.index ? 'json-index' : 'json-key'}>{label.text}</span>
      <span className="json-punct">: </span>
    </>
  );
}

/** "{3}" or "[12]", and in words for screen readers. */
function JsonCount({ array, size }: { readonly array: boolean; readonly size: number }) {
  const words = array ? `list of ${size} ${size === 1 ? 'item' : 'items'}` : `object with ${size} ${size === 1 ? 'field' : 'fields'}`;
  return (
    <>
      <span className="json-count" aria-hidden="true">
        {array ? `[${size}]` : `{${size}}`}
      </span>
      <span className="visually-hidden">{words}</span>
    </>
  );
}

function JsonScalar({ value }: { readonly value: JsonValue }) {
  if (value === HIDDEN_VALUE) {
    return (
      <span className="json-hidden" title="Hidden: the name suggests a credential">
        hidden
      </span>
    );
  }
  if (typeof value === 'string') return <span className="json-string">{`"${value}"`}</span>;
  if (typeof value === 'number') return <span className="json-number">{String(value)}</span>;
  if (typeof value === 'boolean') return <span className="json-boolean">{String(value)}</span>;
  return <span className="json-null">null</span>;
}
