import type { ErrorInfo } from '../../../electron/shared/error-info.ts';
import type { ConnectionView, DataPanelKind, DataPanelView } from '../../../electron/shared/view-types.ts';
import { formatTime } from '../format/dates.ts';
import { useConnectionData } from '../hooks/useConnectionData.ts';
import { DataPanel } from './DataPanel.tsx';
import { EmptyState } from './EmptyState.tsx';
import { ErrorNotice } from './ErrorNotice.tsx';
import { busyProps } from './busy.ts';
import { HeartRatePanel } from './HeartRatePanel.tsx';
import { JsonTreePanel } from './JsonTreePanel.tsx';
import { MailPanel } from './MailPanel.tsx';
import { ProfilePanel } from './ProfilePanel.tsx';
import '../styles/panels.css';

/**
 * What the connection gives access to: one panel per entry the provider sent, each succeeding or
 * failing on its own. Until the first answer arrives, one placeholder region stands in for them
 * (the panels a provider offers are not guessed).
 */
export function ConnectionData({ connection }: { readonly connection: ConnectionView }) {
  const { loading, data, error, reload } = useConnectionData(connection);
  return (
    <div className="connection-data">
      <div className="data-toolbar">
        <button
          type="button"
          className="button button-small"
          {...busyProps(loading)}
          onClick={() => {
            if (!loading) reload();
          }}
        >
          {loading && data ? 'Reloading…' : 'Reload data'}
        </button>
        {data && !loading ? <span className="muted small">Updated {formatTime(data.fetchedAt)}</span> : null}
      </div>
      {data ? (
        <>
          {error ? <ErrorNotice error={error} title="Could not reload the data" /> : null}
          <DataPanels panels={data.panels} loading={loading} />
        </>
      ) : (
        <PendingData loading={loading} error={error} />
      )}
    </div>
  );
}

/** The single region shown while nothing has loaded yet, or when the whole fetch failed. */
export function PendingData({ loading, error }: { readonly loading: boolean; readonly error: ErrorInfo | null }) {
  return (
    <div className="panels">
      <div className="panel-slot panel-slot-pending">
        <DataPanel loading={loading} result={undefined} callError={error} title="Connection data" errorTitle="Could not load the connection's data">
          {() => null}
        </DataPanel>
      </div>
    </div>
  );
}

/** The kinds this renderer draws; a newer main process may send others, which are left out. */
const KNOWN_KINDS: ReadonlySet<string> = new Set<DataPanelKind>(['profile', 'mail', 'heart-rate', 'json']);

export function DataPanels({ panels: all, loading }: { readonly panels: readonly DataPanelView[]; readonly loading: boolean }) {
  const panels = all.filter((panel) => KNOWN_KINDS.has(panel.kind));
  if (panels.length === 0) {
    return (
      <EmptyState title="This connection has no data to show.">
        The provider offers nothing to read beyond the sign-in itself: the account, tokens and scopes above are all there is.
      </EmptyState>
    );
  }
  return (
    <div className="panels">
      {panels.map((panel) => (
        // The slot lets the layout size a panel by its kind (a chart or a tree takes the whole row).
        <div key={panel.id} className={`panel-slot panel-slot-${panel.kind}`}>
          <PanelOfKind panel={panel} loading={loading} />
        </div>
      ))}
    </div>
  );
}

/** The component for the panel's kind. */
function PanelOfKind({ panel, loading }: { readonly panel: DataPanelView; readonly loading: boolean }) {
  const common = { title: panel.title, loading, callError: null };
  switch (panel.kind) {
    case 'profile':
      return <ProfilePanel {...common} result={panel.result} />;
    case 'mail':
      return <MailPanel {...common} result={panel.result} />;
    case 'heart-rate':
      return <HeartRatePanel {...common} result={panel.result} />;
    case 'json':
      return <JsonTreePanel {...common} result={panel.result} />;
    default:
      return null;
  }
}
