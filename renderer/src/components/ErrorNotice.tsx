import type { ErrorInfo } from '../../../electron/shared/error-info.ts';
import { DiagnosisDetails } from './DiagnosisDetails.tsx';
import type { DiagnosisActions } from './DiagnosisDetails.tsx';

interface Props {
  readonly error: ErrorInfo;
  /** A lead-in such as "Sign-in failed"; the error's own message and hint follow. */
  readonly title?: string;
  /** `warning` is announced politely (role=status) instead of as an alert. */
  readonly tone?: 'error' | 'warning';
  readonly onDismiss?: () => void;
  /** What the card can do for the error doctor's next step, when the error carries a diagnosis. */
  readonly actions?: DiagnosisActions;
}

/**
 * An error with what to do about it; with the error doctor's diagnosis, also what happened, the
 * likely cause and the fix. Everything is rendered as text.
 */
export function ErrorNotice({ error, title, tone = 'error', onDismiss, actions }: Props) {
  return (
    <div role={tone === 'error' ? 'alert' : 'status'} className={`notice notice-${tone}`}>
      <div className="notice-body">
        {title ? <p className="notice-title">{title}</p> : null}
        <p className="notice-message">{error.message}</p>
        {error.hint ? <p className="notice-hint">{error.hint}</p> : null}
        <p className="notice-code">
          Code: <code>{error.code}</code>
        </p>
        {error.diagnosis ? <DiagnosisDetails diagnosis={error.diagnosis} {...(actions ? { actions } : {})} /> : null}
      </div>
      {onDismiss ? (
        <button type="button" className="button-quiet notice-dismiss" onClick={onDismiss}>
          Dismiss
        </button>
      ) : null}
    </div>
  );
}
