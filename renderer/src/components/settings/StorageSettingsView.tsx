import { useEffect, useState } from 'react';
import type { StorageState } from '../../hooks/useStorage.ts';
import { useAction } from '../../hooks/useAction.ts';
import { useApi } from '../../hooks/useApi.ts';
import '../../styles/settings.css';
import { LoadedPage } from './LoadedPage.tsx';
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
    <LoadedPage className="storage-page" title="Storage & security" loading={storage === null && error === null} error={error} errorTitle="Could not read the storage settings" onBack={onBack} onRetry={reload}>
      {storage ? (
        <StoragePanel storage={pending === null ? storage : { ...storage, keepRefreshTokensOnDisk: pending }} saving={action.busy.has('keep')} status={status} error={action.error} onKeepRefreshTokensChange={keepChanged} />
      ) : null}
    </LoadedPage>
  );
}
