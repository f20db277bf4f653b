import type { ReactNode } from 'react';

interface Props {
  /** What is missing, as a sentence: "No unread mail." */
  readonly title: string;
  /** What to do next, or why it is fine. */
  readonly children?: ReactNode;
}

/** The one look for "nothing here": what is missing, then what to do next. Plain text, no live region. */
export function EmptyState({ title, children }: Props) {
  return (
    <div className="empty-state">
      <p className="empty-state-title">{title}</p>
      {children ? <p className="empty-state-hint">{children}</p> : null}
    </div>
  );
}
