import type { FlowBody as Body } from '../../../electron/shared/flow-types.ts';
import { jsonPieces } from '../format/flow-values.ts';
import { MaskedValue } from './MaskedValue.tsx';

/**
 * A response body: JSON pretty-printed (secret members already masked by the main process, shown
 * as masked values), or text; a note when the app kept only its beginning. Long lines wrap inside
 * the box (nothing to scroll sideways, so nothing needs keyboard focus).
 */
export function FlowBody({ body }: { readonly body: Body }) {
  if (body.kind === 'empty') return <p className="muted small">No body.</p>;
  return (
    <div className="flow-body">
      {body.kind === 'json' ? (
        <pre className="flow-pre">
          <code>
            {jsonPieces(body.value).map((piece, index) =>
              piece.kind === 'text' ? piece.text : <MaskedValue key={index} value={piece.value} />,
            )}
          </code>
        </pre>
      ) : (
        <pre className="flow-pre">
          <code>{body.text}</code>
        </pre>
      )}
      {body.truncated ? <p className="muted small">Only the beginning of the body was kept.</p> : null}
    </div>
  );
}
