import { useId } from 'react';
import type { StorageView } from '../../../electron/shared/settings-types.ts';
import '../styles/settings.css';

interface Props {
  /** Null until known: nothing is shown then. */
  readonly storage: StorageView | null;
  readonly onOpenStorage: () => void;
}

/**
 * On the providers page when secrets are not protected by a system keyring (S20): says so, what it
 * means for refresh tokens, and leads to Storage & security. Nothing on a keyring-protected system.
 */
export function StorageNotice({ storage, onOpenStorage }: Props) {
  const headingId = useId();
  if (storage === null || storage.protection !== 'weak') return null;
  return (
    <section className="storage-notice" aria-labelledby={headingId}>
      <h2 id={headingId}>Secrets are not protected by a system keyring</h2>
      <p>
        OAuth Desk encrypts tokens and client secrets with <strong>{storage.backendLabel}</strong>: anyone who can read your files could
        decrypt them.{' '}
        {storage.refreshTokensOnDisk
          ? 'You chose to keep refresh tokens on disk anyway, so connections survive a restart.'
          : 'So refresh tokens are kept in memory only: after OAuth Desk restarts, each account needs Re-authorize once its access token expires.'}
      </p>
      <div>
        <button type="button" className="button" onClick={onOpenStorage}>
          Review storage settings
        </button>
      </div>
    </section>
  );
}
