/**
 * A generated, deterministic mailbox per subject for the Sandbox mail API. Pure functions, no I/O:
 * the same subject always gives the same messages (ids, senders, subjects, dates, snippets), different
 * subjects give different ones. Dates are fixed offsets before a fixed reference instant.
 *
 * Snippets are HTML-escaped the way Gmail sends them (`&amp;`, `&#39;`, `&quot;`, `&lt;`, `&gt;`);
 * header values are not escaped (Gmail returns decoded header values).
 */
import { createHash } from 'node:crypto';

export interface SandboxMessage {
  /** 16 lower-case hex digits, like Gmail's ids. */
  readonly id: string;
  readonly threadId: string;
  readonly labelIds: readonly string[];
  readonly from: string;
  readonly subject: string;
  /** RFC 2822 date in the sender's time zone. */
  readonly date: string;
  /** Epoch milliseconds. */
  readonly internalDate: number;
  /** HTML-escaped, as in Gmail's `snippet`. */
  readonly snippet: string;
}

/** Messages are dated before this instant (2025-03-14T15:09:26Z). */
export const SANDBOX_MAIL_REFERENCE_TIME = Date.UTC(2025, 2, 14, 15, 9, 26);

/** Signing in with this login gives an empty inbox (no unread messages, nothing read either). */
export const SANDBOX_EMPTY_MAILBOX_SUBJECT = 'inbox-zero';

const SENDERS: ReadonlyArray<{ readonly from: string; readonly tzMinutes: number }> = [
  { from: 'Grace <grace@example.org>', tzMinutes: -300 },
  { from: '"O\'Brien, Pat" <pat.obrien@example.ie>', tzMinutes: 0 },
  { from: 'Zoë Ångström <zoe@example.se>', tzMinutes: 60 },
  { from: 'noreply@builds.example.com', tzMinutes: 0 },
  { from: 'Linus T. <linus@example.net>', tzMinutes: -480 },
  { from: '"Support & Billing" <billing@example.com>', tzMinutes: -240 },
  { from: 'Hedy Lamarr <hedy@example.at>', tzMinutes: 120 },
  { from: 'Katherine Johnson <kj@example.gov>', tzMinutes: -300 },
  { from: 'Ravi Kumar <ravi@example.in>', tzMinutes: 330 },
  { from: 'Calendar <calendar-noreply@example.com>', tzMinutes: 540 },
];

/** Raw (unescaped) subject and snippet text; every snippet has at least one character Gmail escapes. */
const TEMPLATES: ReadonlyArray<{ readonly subject: string; readonly snippet: string }> = [
  { subject: 'Q3 plan: "draft <v2>" & notes', snippet: 'Here\'s the "draft <v2>" of the Q3 plan & my notes on it.' },
  { subject: 'Lunch on Friday?', snippet: 'Are you free Friday? I\'ll book the place by the river.' },
  { subject: 'Your invoice #2041', snippet: 'Amount due: €42.00 — "Pro plan" & 2 add-ons.' },
  { subject: 'Build #918 failed', snippet: 'Step "test" failed: expected <200> but got <500>.' },
  { subject: 'Re: code review', snippet: 'Looks good to me, but don\'t forget the a < b && b > c edge case.' },
  { subject: 'Slides for Tuesday', snippet: 'Attached the slides. Page 3 says "TBD" & needs a chart.' },
  { subject: 'Security alert', snippet: 'A new sign-in from "Firefox on Linux" — wasn\'t you? Review it.' },
  { subject: 'Team offsite & agenda', snippet: 'Agenda: <intro>, planning & retro. Bring your "big ideas".' },
  { subject: 'Weekly digest', snippet: 'Top stories: R&D update, the "quiet" launch & more.' },
  { subject: 'Invitation: standup @ 09:30', snippet: 'You\'ve been invited to "Daily standup" <Mon–Fri>.' },
  { subject: 'Fwd: photos', snippet: 'Some photos from Saturday — Sam & Alex\'s favourites.' },
  { subject: 'Question about the API', snippet: 'Does GET /items?limit=10&offset=20 return "next"? I\'m unsure.' },
  { subject: 'Reminder: dentist', snippet: 'Your appointment is tomorrow at 10:00. Reply "C" to cancel & rebook.' },
  { subject: 'Welcome to the Sandbox', snippet: 'This mailbox is generated for you — it\'s "real" JSON & fake mail.' },
];

const READ_COUNT_MAX = 3;

/** Escapes text the way Gmail escapes `snippet`. */
export function escapeLikeGmail(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** RFC 2822 date-time of `epochMs` as seen in a zone `tzMinutes` east of UTC, e.g. "Fri, 14 Mar 2025 10:09:26 -0500". */
export function formatRfc2822Date(epochMs: number, tzMinutes: number): string {
  const local = new Date(epochMs + tzMinutes * 60_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  const sign = tzMinutes < 0 ? '-' : '+';
  const abs = Math.abs(tzMinutes);
  return `${DAYS[local.getUTCDay()]}, ${pad(local.getUTCDate())} ${MONTHS[local.getUTCMonth()]} ${local.getUTCFullYear()} `
    + `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())} `
    + `${sign}${pad(Math.floor(abs / 60))}${pad(abs % 60)}`;
}

/** A deterministic stream of 32-bit numbers from a seed string. */
function randomStream(seed: string): () => number {
  let counter = 0;
  let block = Buffer.alloc(0);
  let offset = 0;
  return () => {
    if (offset + 4 > block.length) {
      block = createHash('sha256').update(`${seed}\u0000${counter++}`).digest();
      offset = 0;
    }
    const value = block.readUInt32BE(offset);
    offset += 4;
    return value;
  };
}

function messageId(subject: string, index: number): string {
  return createHash('sha256').update(`sandbox-message\u0000${subject}\u0000${index}`).digest('hex').slice(0, 16);
}

/**
 * The mailbox of `subject`, newest first: 6–12 unread messages (labels UNREAD, INBOX) followed in time
 * by 0–3 read ones (INBOX only). The first (newest) message always uses the template whose snippet
 * contains every escaped character, so every mailbox exercises entity decoding.
 */
export function sandboxMailbox(subject: string): readonly SandboxMessage[] {
  if (subject === SANDBOX_EMPTY_MAILBOX_SUBJECT) return [];
  const next = randomStream(`sandbox-mailbox\u0000${subject}`);
  const unreadCount = 6 + (next() % 7);
  const readCount = next() % (READ_COUNT_MAX + 1);

  // Template order: the all-entities template first, the rest shuffled (Fisher–Yates).
  const rest = TEMPLATES.slice(1);
  for (let i = rest.length - 1; i > 0; i--) {
    const j = next() % (i + 1);
    [rest[i], rest[j]] = [rest[j]!, rest[i]!];
  }
  const templates = [TEMPLATES[0]!, ...rest];

  const messages: SandboxMessage[] = [];
  let ageSeconds = 0;
  for (let index = 0; index < unreadCount + readCount; index++) {
    ageSeconds += 60 + (next() % (36 * 3600)); // between 1 minute and 36 hours older than the previous one
    const template = templates[index % templates.length]!;
    const sender = SENDERS[next() % SENDERS.length]!;
    const internalDate = SANDBOX_MAIL_REFERENCE_TIME - ageSeconds * 1000;
    const id = messageId(subject, index);
    messages.push({
      id,
      threadId: id,
      labelIds: index < unreadCount ? ['UNREAD', 'INBOX'] : ['INBOX'],
      from: sender.from,
      subject: template.subject,
      date: formatRfc2822Date(internalDate, sender.tzMinutes),
      internalDate,
      snippet: escapeLikeGmail(template.snippet),
    });
  }
  return messages;
}

export function isUnread(message: SandboxMessage): boolean {
  return message.labelIds.includes('UNREAD');
}
