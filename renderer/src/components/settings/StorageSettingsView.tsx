import { useEffect, useState } from 'react';
import type { StorageState } from '../../hooks/useStorage.ts';
import { useAction } from '../../hooks/useAction.ts';
import { useApi } from '../../hooks/useApi.ts';
import { usePageHeading } from '../../hooks/useView.ts';
import '../../styles/settings.css';
import { ErrorNotice } from '../ErrorNotice.tsx';
import { StoragePanel } from './StoragePanel.tsx';

interface Props {
  /** Shared with the providers page's notice, so both show the same choice. */
  readonly state: StorageState;
  readonly onBack: () => void;
}

/** The app-level Storage & security page. */
export function StorageSettingsView({ state, onBack }: Props) {
  const api = useApi();
  const action = useAction();
  const headingRef = usePageHeading<HTMLHeadingElement>();
  const [status, setStatus] = useState('');
  /** The choice being saved: the checkbox shows it until the answer (or goes back on failure). */
  const [pending, setPending] = useState<boolean | null>(null);
  const { storage, error, reload, replace } = state;

  // The count of refresh tokens held in memory changes as accounts connect: read it afresh.
  useEffect(() => reload(), [reload]);

  const keepChanged = (keep: boolean): void => {
    setStatus('');
    setPending(keep);
    void action.run('keep', () => api.setKeepRefreshTokens({ keep })).then((next) => {
      setPending(null);
      if (!next) return;
      replace(next);
      setStatus(next.refreshTokensOnDisk ? 'Refresh tokens are now saved on disk (encrypted).' : 'Refresh tokens are now kept in memory only; they were removed from the data file.');
    });
  };

  return (
    <div className="page storage-page" aria-busy={storage === null && error === null}>
      <div className="page-nav">
        <button type="button" className="button-quiet page-back" onClick={onBack}>
          <span aria-hidden="true">← </span>Back to providers
        </button>
      </div>
      <h2 ref={headingRef} tabIndex={-1} className="page-title">
        Storage &amp; security
      </h2>
      {error ? (
        <div className="load-error">
          <ErrorNotice error={error} title="Could not read the storage settings" />
          <button type="button" className="button" onClick={reload}>
            Try again
          </button>
        </div>
      ) : null}
      {storage === null && error === null ? <p className="loading">Loading…</p> : null}
      {storage ? (
        <StoragePanel storage={pending === null ? storage : { ...storage, keepRefreshTokensOnDisk: pending }} saving={action.busy.has('keep')} status={status} error={action.error} onKeepRefreshTokensChange={keepChanged} />
      ) : null}
    </div>
  );
}
