import { useState } from 'react';
import { exportFileName, timelineExport } from '../../../electron/shared/flow-export.ts';
import type { FlowTimelineView } from '../../../electron/shared/flow-types.ts';

interface Props {
  readonly timeline: FlowTimelineView;
  readonly providerName: string;
  readonly accountLabel: string | null;
}

/** How long the file's blob: URL stays valid after the download started. */
const REVOKE_AFTER_MS = 60_000;

/**
 * "Export JSON": saves the timeline (secrets masked as shown, S29) as a JSON file through a blob:
 * URL and an `<a download>`, then says so (or why it could not) in a polite status line.
 */
export function InspectorExportButton({ timeline, providerName, accountLabel }: Props) {
  const [status, setStatus] = useState<{ readonly ok: boolean; readonly message: string } | null>(null);

  const save = (): void => {
    setStatus(null);
    const meta = { providerName, accountLabel, exportedAt: Date.now() };
    try {
      const fileName = exportFileName(meta);
      const url = URL.createObjectURL(new Blob([timelineExport(timeline, meta)], { type: 'application/json' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = fileName;
      link.hidden = true;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
      setStatus({ ok: true, message: `Exported as ${fileName}.` });
    } catch {
      setStatus({ ok: false, message: 'Could not export the steps: this window cannot save files. Copy single steps as curl commands instead.' });
    }
  };

  return (
    <span className="inspector-export">
      <button type="button" className="button" onClick={save}>
        Export JSON
      </button>
      <span className={status?.ok === false ? 'inspector-export-status inspector-export-failed' : 'inspector-export-status'} role="status" aria-live="polite">
        {status?.message ?? ''}
      </span>
    </span>
  );
}
