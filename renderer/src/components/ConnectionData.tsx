import type { ConnectionView } from '../../../electron/shared/view-types.ts';
import { formatTime } from '../format/dates.ts';
import { useConnectionData } from '../hooks/useConnectionData.ts';
import { MailPanel } from './MailPanel.tsx';
import { ProfilePanel } from './ProfilePanel.tsx';

/**
 * What the connection gives access to: the Profile and Unread mail panels, each succeeding or
 * failing on its own. A panel the provider does not offer (null) is left out once data arrived.
 */
export function ConnectionData({ connection }: { readonly connection: ConnectionView }) {
  const { loading, data, error, reload } = useConnectionData(connection);
  const showProfile = data === null || data.profile !== null;
  const showMail = data === null || data.mail !== null;
  return (
    <div className="connection-data">
      <div className="data-toolbar">
        <button type="button" className="button button-small" disabled={loading} onClick={reload}>
          Reload data
        </button>
        {data && !loading ? <span className="muted small">Updated {formatTime(data.fetchedAt)}</span> : null}
      </div>
      <div className="panels">
        {showProfile ? <ProfilePanel loading={loading} result={data?.profile ?? undefined} callError={error} /> : null}
        {showMail ? <MailPanel loading={loading} result={data?.mail ?? undefined} callError={error} /> : null}
      </div>
    </div>
  );
}
