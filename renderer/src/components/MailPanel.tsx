import { useId } from 'react';
import type { ErrorInfo, Result } from '../../../electron/shared/error-info.ts';
import type { MailData, MailMessage } from '../../../electron/shared/view-types.ts';
import { formatDateTime, isoOf } from '../format/dates.ts';
import { splitSender } from '../format/people.ts';
import { ErrorNotice } from './ErrorNotice.tsx';

interface Props {
  readonly loading: boolean;
  readonly result: Result<MailData> | undefined;
  readonly callError: ErrorInfo | null;
}

export function MailPanel({ loading, result, callError }: Props) {
  const headingId = useId();
  const count = result && result.ok ? result.value.unreadCount : null;
  return (
    <section className="panel" aria-labelledby={headingId} aria-busy={loading}>
      <div className="panel-header">
        <h3 id={headingId}>Unread mail</h3>
        {count !== null ? <span className="count">{count} unread</span> : null}
        {loading ? <span className="loading">Loading…</span> : null}
      </div>
      {callError ? <ErrorNotice error={callError} title="Could not load unread mail" /> : null}
      {result && !result.ok ? <ErrorNotice error={result.error} title="Could not load unread mail" /> : null}
      {result && result.ok ? <MailBody mail={result.value} /> : null}
    </section>
  );
}

function MailBody({ mail }: { readonly mail: MailData }) {
  if (mail.messages.length === 0) return <p className="muted">No unread messages.</p>;
  return (
    <>
      {mail.unreadCount > mail.messages.length ? (
        <p className="muted small">
          Showing the newest {mail.messages.length} of about {mail.unreadCount}.
        </p>
      ) : null}
      <ul className="messages">
        {mail.messages.map((message) => (
          <MessageItem key={message.id} message={message} />
        ))}
      </ul>
    </>
  );
}

/** Snippets arrive as decoded plain text and are rendered as text, never as HTML. */
function MessageItem({ message }: { readonly message: MailMessage }) {
  const sender = splitSender(message.from);
  const date = formatDateTime(message.date);
  return (
    <li className="message">
      <div className="message-meta">
        <span className="message-from" title={message.from}>
          {sender.name || 'Unknown sender'}
          {sender.address ? <span className="message-address"> {`<${sender.address}>`}</span> : null}
        </span>
        {date ? (
          <time className="message-date" dateTime={isoOf(message.date)}>
            {date}
          </time>
        ) : (
          <span className="message-date muted">No date</span>
        )}
      </div>
      <p className="message-subject">{message.subject || <span className="muted">(no subject)</span>}</p>
      {message.snippet ? <p className="message-snippet">{message.snippet}</p> : null}
    </li>
  );
}
