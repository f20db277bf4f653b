import { useEffect, useState } from 'react';

const CLEAR_AFTER_MS = 4000;

interface Props {
  readonly text: string;
  /** The button's text: "Copy" unless it says what kind of copy it makes ("Copy as curl"). */
  readonly label?: string;
  /**
   * The name a screen reader hears when the visible label alone is ambiguous, e.g. "Copy redirect
   * URI". It must begin with the visible label, so that speech input finds the button by what it shows.
   */
  readonly accessibleLabel?: string;
  /** The id(s) of the element(s) showing what is copied, read as the button's description. */
  readonly describedBy?: string;
  /**
   * What to do when the clipboard cannot be used, e.g. "Select the redirect URI and copy it
   * yourself." It follows "Could not copy: the clipboard is not available here."
   */
  readonly fallback?: string;
}

const DEFAULT_FALLBACK = 'Select the text and copy it yourself.';

/** A copy button: puts `text` on the clipboard and says so in a polite live region (or why it could not). */
export function CopyButton({ text, label = 'Copy', accessibleLabel, describedBy, fallback = DEFAULT_FALLBACK }: Props) {
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
      setStatus({ ok: false, message: `Could not copy: the clipboard is not available here. ${fallback}` });
    }
  };

  return (
    <span className="copy">
      <button type="button" className="button button-small" aria-label={accessibleLabel} aria-describedby={describedBy} onClick={() => void copy()}>
        {label}
      </button>
      <span className={status?.ok === false ? 'copy-status copy-status-failed' : 'copy-status'} role="status" aria-live="polite">
        {status?.message ?? ''}
      </span>
    </span>
  );
}
