import { useId } from 'react';
import type { ReactNode } from 'react';
import type { ErrorInfo, Result } from '../../../electron/shared/error-info.ts';
import { ErrorNotice } from './ErrorNotice.tsx';

export interface DataPanelProps<T> {
  readonly loading: boolean;
  /** Undefined while nothing was fetched yet. */
  readonly result: Result<T> | undefined;
  /** The whole fetch failed. */
  readonly callError: ErrorInfo | null;
}

interface Props<T> extends DataPanelProps<T> {
  /** The panel's heading and accessible name, e.g. "Profile". */
  readonly title: string;
  /** Shown above an error, e.g. "Could not load the profile". */
  readonly errorTitle: string;
  /** Shown next to the title once the data is there (e.g. an unread count). */
  readonly badge?: (value: T) => ReactNode;
  readonly children: (value: T) => ReactNode;
}

/** The shell every data panel shares: a labelled region with loading state, errors with hints, and the body. */
export function DataPanel<T>({ loading, result, callError, title, errorTitle, badge, children }: Props<T>) {
  const headingId = useId();
  return (
    <section className="panel" aria-labelledby={headingId} aria-busy={loading}>
      <div className="panel-header">
        <h3 id={headingId}>{title}</h3>
        {badge && result && result.ok ? badge(result.value) : null}
        {loading ? <span className="loading">Loading…</span> : null}
      </div>
      {/* The first load: a placeholder of the panel's shape; "Loading…" above says it in words. */}
      {loading && result === undefined && callError === null ? (
        <div className="skeleton" aria-hidden="true">
          <span className="skeleton-line" />
          <span className="skeleton-line" />
          <span className="skeleton-line skeleton-line-short" />
        </div>
      ) : null}
      {callError ? <ErrorNotice error={callError} title={errorTitle} /> : null}
      {result && !result.ok ? <ErrorNotice error={result.error} title={errorTitle} /> : null}
      {result && result.ok ? children(result.value) : null}
    </section>
  );
}
