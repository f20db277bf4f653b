import type { PendingAttemptView } from '../../../electron/shared/view-types.ts';
import { formatDuration } from '../format/countdown.ts';
import { safeLinkUrl } from '../format/urls.ts';
import { focusNextStep } from '../hooks/useFocusRescue.ts';
import { busyProps } from './busy.ts';
import { useNow } from '../hooks/useNow.ts';

interface Props {
  readonly pending: PendingAttemptView;
  readonly cancelling: boolean;
  readonly onCancel: () => void;
}

/**
 * While an authorization runs: where to finish it, a link to open it, and Cancel ("Cancelling…" while
 * the app stops the attempt). The link takes keyboard focus when it replaces the Connect button.
 */
export function PendingAttempt({ pending, cancelling, onCancel }: Props) {
  const now = useNow();
  const href = safeLinkUrl(pending.authorizationUrl);
  const inWindow = pending.authMode === 'app-window';
  const left = pending.expiresAt - now;
  return (
    <div className="pending">
      <p className="pending-text">
        {inWindow
          ? 'Finish signing in in the sign-in window.'
          : 'Finish signing in in your browser. If no browser window appeared, open the sign-in page yourself.'}
      </p>
      <p className="pending-timeout">{left > 0 ? `This attempt times out in ${formatDuration(left)}.` : 'This attempt is timing out…'}</p>
      <div className="actions">
        {href ? (
          <a className="button button-primary" href={href} target="_blank" rel="noopener noreferrer" {...focusNextStep}>
            Open sign-in page
          </a>
        ) : null}
        <button type="button" className="button" onClick={onCancel} {...busyProps(cancelling)} {...(href ? {} : focusNextStep)}>
          {cancelling ? 'Cancelling…' : 'Cancel'}
        </button>
      </div>
    </div>
  );
}
