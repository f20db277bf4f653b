import type { ErrorInfo } from '../../../electron/shared/error-info.ts';

interface Props {
  readonly error: ErrorInfo;
  /** A lead-in such as "Sign-in failed"; the error's own message and hint follow. */
  readonly title?: string;
  /** `warning` is announced politely (role=status) instead of as an alert. */
  readonly tone?: 'error' | 'warning';
  readonly onDismiss?: () => void;
}

/** An error with what to do about it. Everything is rendered as text. */
export function ErrorNotice({ error, title, tone = 'error', onDismiss }: Props) {
  return (
    <div role={tone === 'error' ? 'alert' : 'status'} className={`notice notice-${tone}`}>
      <div className="notice-body">
        {title ? <p className="notice-title">{title}</p> : null}
        <p className="notice-message">{error.message}</p>
        {error.hint ? <p className="notice-hint">{error.hint}</p> : null}
        <p className="notice-code">
          Code: <code>{error.code}</code>
        </p>
      </div>
      {onDismiss ? (
        <button type="button" className="button-quiet notice-dismiss" onClick={onDismiss}>
          Dismiss
        </button>
      ) : null}
    </div>
  );
}
