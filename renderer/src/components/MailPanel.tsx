import type { MailData, MailMessage } from '../../../electron/shared/view-types.ts';
import { formatDateTime, isoOf } from '../format/dates.ts';
import { splitSender } from '../format/people.ts';
import { DataPanel } from './DataPanel.tsx';
import { EmptyState } from './EmptyState.tsx';
import type { DataPanelProps } from './DataPanel.tsx';

interface Props extends DataPanelProps<MailData> {
  /** The panel's heading and the region's name, e.g. "Unread mail". */
  readonly title: string;
}

export function MailPanel(props: Props) {
  return (
    <DataPanel {...props} errorTitle="Could not load unread mail" badge={(mail) => <span className="count">{mail.unreadCount} unread</span>}>
      {(mail) => <MailBody mail={mail} />}
    </DataPanel>
  );
}

function MailBody({ mail }: { readonly mail: MailData }) {
  if (mail.messages.length === 0) {
    return <EmptyState title="No unread mail.">New messages you have not read yet appear here. Choose Reload data to look again.</EmptyState>;
  }
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
