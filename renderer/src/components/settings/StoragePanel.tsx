import { useId } from 'react';
import type { ErrorInfo } from '../../../../electron/shared/error-info.ts';
import type { StorageView } from '../../../../electron/shared/settings-types.ts';
import { ErrorNotice } from '../ErrorNotice.tsx';
import { busyProps } from '../busy.ts';

interface Props {
  readonly storage: StorageView;
  /** The refresh-token choice is being saved. */
  readonly saving: boolean;
  /** What the last change did, announced politely; '' for nothing. */
  readonly status: string;
  /** The last change failed. */
  readonly error: ErrorInfo | null;
  readonly onKeepRefreshTokensChange: (keep: boolean) => void;
}

function inMemorySummary(count: number): string {
  if (count === 0) return 'No refresh token is held in memory only right now.';
  return `${count === 1 ? '1 refresh token is' : `${count} refresh tokens are`} held in memory only and will be lost when OAuth Desk closes.`;
}

/** Storage & security: where secrets are kept, how well (S20), and on a weak backend the refresh-token choice. */
export function StoragePanel({ storage, saving, status, error, onKeepRefreshTokensChange }: Props) {
  const id = useId();
  const protectedByOs = storage.protection === 'os';
  return (
    <div className="settings-panel storage-panel">
      <section className="settings-section" aria-labelledby={`${id}-secrets`}>
        <h3 id={`${id}-secrets`}>Where secrets are kept</h3>
        <dl className="facts storage-facts">
          <dt>Protection</dt>
          <dd>
            <strong>{storage.backendLabel}</strong>{' '}
            <span className={protectedByOs ? 'protection protection-os' : 'protection protection-weak'}>
              {protectedByOs ? 'Protected by the system keyring' : 'Not protected by a system keyring'}
            </span>
          </dd>
          <dt>What this means</dt>
          <dd>{storage.description}</dd>
          <dt>What is encrypted</dt>
          <dd>Access tokens, refresh tokens, ID tokens and client secrets, before they are written. Account names, scopes and times are stored in clear.</dd>
          {storage.storeFile !== null ? (
            <>
              <dt>Data file</dt>
              <dd>
                <code className="wrap">{storage.storeFile}</code> (readable by your user account only)
              </dd>
            </>
          ) : null}
        </dl>
      </section>
      <section className="settings-section" aria-labelledby={`${id}-refresh`} aria-busy={saving}>
        <h3 id={`${id}-refresh`}>Refresh tokens</h3>
        {protectedByOs ? (
          <p className="settings-note">Refresh tokens are saved encrypted like every other secret, so connections keep working after OAuth Desk restarts.</p>
        ) : (
          <>
            <div className="notice notice-warning">
              <div className="notice-body">
                <p className="notice-title">No system keyring protects these secrets</p>
                <p className="notice-message">
                  A refresh token gets new access to an account for weeks or months, so by default OAuth Desk does not write refresh tokens to disk
                  here. They stay in memory: after a restart, each connection works until its access token expires and then needs Re-authorize.
                </p>
                {storage.remedy !== null ? <p className="notice-hint">{storage.remedy}</p> : null}
              </div>
            </div>
            <div className="checkbox">
              <input
                id={`${id}-keep`}
                type="checkbox"
                checked={storage.keepRefreshTokensOnDisk}
                {...busyProps(saving)}
                aria-describedby={`${id}-keep-detail`}
                onChange={(event) => {
                  if (!saving) onKeepRefreshTokensChange(event.target.checked);
                }}
              />
              <label htmlFor={`${id}-keep`}>Keep refresh tokens on disk</label>
            </div>
            <p id={`${id}-keep-detail`} className="field-hint">
              On: refresh tokens are saved in the data file, encrypted only with {storage.backendLabel}, so connections survive a restart, but anyone
              who can read your files could use them to reach your accounts. Off: they are kept in memory only. Changing this moves the current
              refresh tokens at once.
            </p>
          </>
        )}
        <p className="settings-note">{inMemorySummary(storage.refreshTokensInMemory)}</p>
        <p className={saving ? 'settings-saved settings-busy' : 'settings-saved'} role="status">
          {saving ? 'Saving…' : status}
        </p>
        {error ? <ErrorNotice error={error} title="Could not change where refresh tokens are kept" /> : null}
      </section>
    </div>
  );
}
