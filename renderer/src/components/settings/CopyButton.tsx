import { useEffect, useState } from 'react';

const CLEAR_AFTER_MS = 4000;

interface Props {
  readonly text: string;
  /** The id of the element showing what is copied, read as the button's description. */
  readonly describedBy?: string;
}

/** "Copy": puts `text` on the clipboard and says so in a polite live region (or why it could not). */
export function CopyButton({ text, describedBy }: Props) {
  const [status, setStatus] = useState<{ readonly ok: boolean; readonly message: string } | null>(null);

  useEffect(() => {
    if (status === null || !status.ok) return undefined;
    const timer = setTimeout(() => setStatus(null), CLEAR_AFTER_MS);
    return () => clearTimeout(timer);
  }, [status]);

  const copy = async (): Promise<void> => {
    // Emptied first, so that copying twice is announced twice.
    setStatus(null);
    try {
      await navigator.clipboard.writeText(text);
      setStatus({ ok: true, message: 'Copied' });
    } catch {
      setStatus({ ok: false, message: 'Could not copy: the clipboard is not available here. Select the address and copy it yourself.' });
    }
  };

  return (
    <span className="copy">
      <button type="button" className="button button-small" aria-describedby={describedBy} onClick={() => void copy()}>
        Copy
      </button>
      <span className={status?.ok === false ? 'copy-status copy-status-failed' : 'copy-status'} role="status" aria-live="polite">
        {status?.message ?? ''}
      </span>
    </span>
  );
}
