import type { ReactNode } from 'react';
import type { ErrorInfo } from '../../../../electron/shared/error-info.ts';
import { usePageHeading } from '../../hooks/useView.ts';
import { ErrorNotice } from '../ErrorNotice.tsx';

interface Props {
  /** Extra class of the page, e.g. "settings-page". */
  readonly className: string;
  readonly title: ReactNode;
  /** The data the page shows is still on its way (and no error yet). */
  readonly loading: boolean;
  readonly error: ErrorInfo | null;
  /** What could not be loaded, as the error's title. */
  readonly errorTitle: string;
  readonly onBack: () => void;
  readonly onRetry: () => void;
  readonly children: ReactNode;
}

/**
 * A page that loads its data from the app: Back to providers, the focused heading, the load error
 * with Try again, "Loading…" while it waits, then its content.
 */
export function LoadedPage({ className, title, loading, error, errorTitle, onBack, onRetry, children }: Props) {
  return (
    <Page className={className} title={title} busy={loading} onBack={onBack}>
      {error ? (
        <div className="load-error">
          <ErrorNotice error={error} title={errorTitle} />
          <button type="button" className="button" onClick={onRetry}>
            Try again
          </button>
        </div>
      ) : null}
      {loading ? <p className="loading">Loading…</p> : null}
      {children}
    </Page>
  );
}

/** A page of its own: Back to providers, then the heading, focused when the page opens. */
export function Page({ className, title, busy, onBack, children }: { readonly className: string; readonly title: ReactNode; readonly busy?: boolean; readonly onBack: () => void; readonly children: ReactNode }) {
  const headingRef = usePageHeading<HTMLHeadingElement>();
  return (
    <div className={`page ${className}`} {...(busy === undefined ? {} : { 'aria-busy': busy })}>
      <div className="page-nav">
        <button type="button" className="button-quiet page-back" onClick={onBack}>
          <span aria-hidden="true">← </span>Back to providers
        </button>
      </div>
      <h2 ref={headingRef} tabIndex={-1} className="page-title">
        {title}
      </h2>
      {children}
    </div>
  );
}
