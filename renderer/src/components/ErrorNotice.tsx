import { useId } from 'react';
import type { ErrorInfo } from '../../../electron/shared/error-info.ts';
import { DiagnosisDetails } from './DiagnosisDetails.tsx';
import type { DiagnosisActions } from './DiagnosisDetails.tsx';

interface Props {
  readonly error: ErrorInfo;
  /** A lead-in such as "Sign-in failed"; the error's own message and hint follow. */
  readonly title?: string;
  /** `warning` is announced politely (role=status) instead of as an alert. */
  readonly tone?: 'error' | 'warning';
  /**
   * False when the window's status announcer already speaks this error (a failed sign-in, a
   * connection that needs re-authorization or whose refresh failed): the notice is then only shown,
   * so that it is not announced twice.
   */
  readonly announce?: boolean;
  readonly onDismiss?: () => void;
  /** What the card can do for the error doctor's next step, when the error carries a diagnosis. */
  readonly actions?: DiagnosisActions;
}

/**
 * An error with what to do about it; with the error doctor's diagnosis, also what happened, the
 * likely cause and the fix. Everything is rendered as text.
 *
 * Only the title and the message are in the live region (an alert, or a status for a warning), so
 * the announcement is one short sentence; the hint, the code and the diagnosis (with its own Copy
 * and action status lines) follow outside it and are the region's description (aria-describedby).
 */
export function ErrorNotice({ error, title, tone = 'error', announce = true, onDismiss, actions }: Props) {
  const detailsId = useId();
  const role = announce ? (tone === 'error' ? 'alert' : 'status') : undefined;
  return (
    <div className={`notice notice-${tone}`}>
      <div className="notice-body">
        <div className="notice-summary" role={role} aria-describedby={role ? detailsId : undefined}>
          {title ? <p className="notice-title">{title}</p> : null}
          <p className="notice-message">{error.message}</p>
        </div>
        <div className="notice-details" id={detailsId}>
          {error.hint ? <p className="notice-hint">{error.hint}</p> : null}
          <p className="notice-code">
            Code: <code>{error.code}</code>
          </p>
          {error.diagnosis ? <DiagnosisDetails diagnosis={error.diagnosis} {...(actions ? { actions } : {})} /> : null}
        </div>
      </div>
      {onDismiss ? (
        <button type="button" className="button-quiet notice-dismiss" onClick={onDismiss}>
          Dismiss
        </button>
      ) : null}
    </div>
  );
}
