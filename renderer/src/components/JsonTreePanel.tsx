import type { JsonDocumentData } from '../../../electron/shared/view-types.ts';
import { DataPanel } from './DataPanel.tsx';
import type { DataPanelProps } from './DataPanel.tsx';
import { JsonTree } from './JsonTree.tsx';
import '../styles/panels.css';

interface Props extends DataPanelProps<JsonDocumentData> {
  /** The panel's heading and the region's name. */
  readonly title: string;
}

/** A JSON document a provider returned (e.g. a custom provider's data URL), as a tree. */
export function JsonTreePanel(props: Props) {
  return (
    <DataPanel {...props} errorTitle="Could not load the document">
      {(document) => <JsonDocument document={document} />}
    </DataPanel>
  );
}

function JsonDocument({ document }: { readonly document: JsonDocumentData }) {
  const hidden = document.hiddenFields;
  return (
    <div className="json-document">
      <p className="json-source small">
        <span className="muted">From </span>
        <code className="wrap">{document.source}</code>
      </p>
      {hidden > 0 ? (
        <p className="json-note small">
          {hidden === 1 ? '1 field that looks like a credential is hidden.' : `${hidden} fields that look like credentials are hidden.`}
        </p>
      ) : null}
      {document.truncated ? <p className="json-note small">The document is longer than shown here: the tree ends where it was cut.</p> : null}
      <JsonTree value={document.value} />
    </div>
  );
}
