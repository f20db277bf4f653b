import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  escapeLikeGmail,
  formatRfc2822Date,
  isUnread,
  SANDBOX_EMPTY_MAILBOX_SUBJECT,
  SANDBOX_MAIL_REFERENCE_TIME,
  sandboxMailbox,
} from '../../../electron/core/sandbox/sandbox-mailbox.ts';

const SUBJECTS = ['ada', 'grace hopper', 'linus', 'x', 'zoë'];

describe('sandboxMailbox', () => {
  it('is deterministic: the same subject gives the same messages', () => {
    for (const subject of SUBJECTS) assert.deepEqual(sandboxMailbox(subject), sandboxMailbox(subject));
  });

  it('differs per subject (ids and content)', () => {
    const ada = sandboxMailbox('ada');
    const grace = sandboxMailbox('grace hopper');
    const adaIds = new Set(ada.map((m) => m.id));
    assert.ok(grace.every((m) => !adaIds.has(m.id)));
    const summary = (subject: string) => sandboxMailbox(subject).map((m) => `${m.from}|${m.subject}|${m.date}`).join('\n');
    assert.notEqual(summary('ada'), summary('grace hopper'));
    assert.notEqual(summary('ada'), summary('linus'));
  });

  it('has 6–12 unread messages (UNREAD, INBOX) first, then 0–3 read ones, newest first', () => {
    for (const subject of SUBJECTS) {
      const mailbox = sandboxMailbox(subject);
      const unread = mailbox.filter(isUnread);
      assert.ok(unread.length >= 6 && unread.length <= 12, `${subject}: ${unread.length} unread`);
      assert.ok(mailbox.length - unread.length <= 3);
      assert.deepEqual(mailbox.slice(0, unread.length), unread);
      for (const m of unread) assert.deepEqual(m.labelIds, ['UNREAD', 'INBOX']);
      for (const m of mailbox.slice(unread.length)) assert.deepEqual(m.labelIds, ['INBOX']);
      for (let i = 1; i < mailbox.length; i++) assert.ok(mailbox[i - 1]!.internalDate > mailbox[i]!.internalDate);
      assert.ok(mailbox.every((m) => m.internalDate < SANDBOX_MAIL_REFERENCE_TIME));
    }
  });

  it('uses unique Gmail-like ids and varied senders and subjects', () => {
    const mailbox = sandboxMailbox('ada');
    assert.equal(new Set(mailbox.map((m) => m.id)).size, mailbox.length);
    for (const m of mailbox) {
      assert.match(m.id, /^[0-9a-f]{16}$/);
      assert.equal(m.threadId, m.id);
    }
    assert.ok(new Set(mailbox.map((m) => m.from)).size >= 3);
    assert.ok(new Set(mailbox.map((m) => m.subject)).size >= 6);
  });

  it('dates are RFC 2822 and name the same instant as internalDate', () => {
    for (const subject of SUBJECTS) {
      for (const m of sandboxMailbox(subject)) {
        assert.match(m.date, /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}$/);
        assert.equal(Date.parse(m.date), m.internalDate);
      }
    }
  });

  it('snippets are HTML-escaped like Gmail, and every mailbox exercises all the entities', () => {
    for (const subject of SUBJECTS) {
      const mailbox = sandboxMailbox(subject);
      for (const m of mailbox) {
        assert.doesNotMatch(m.snippet, /[<>"']/);
        assert.doesNotMatch(m.snippet, /&(?!amp;|lt;|gt;|quot;|#39;)/);
        assert.match(m.snippet, /&(amp|lt|gt|quot|#39);/);
      }
      const all = mailbox.map((m) => m.snippet).join(' ');
      for (const entity of ['&amp;', '&#39;', '&quot;', '&lt;', '&gt;']) assert.ok(all.includes(entity), `${subject}: ${entity}`);
    }
  });

  it(`"${SANDBOX_EMPTY_MAILBOX_SUBJECT}" has an empty mailbox`, () => {
    assert.deepEqual(sandboxMailbox(SANDBOX_EMPTY_MAILBOX_SUBJECT), []);
  });
});

describe('escapeLikeGmail', () => {
  it('escapes &, <, >, " and \' (ampersand first)', () => {
    assert.equal(escapeLikeGmail(`Tom & "Jerry's" <b>&amp;</b>`), 'Tom &amp; &quot;Jerry&#39;s&quot; &lt;b&gt;&amp;amp;&lt;/b&gt;');
  });
});

describe('formatRfc2822Date', () => {
  it('formats in the sender\'s zone with a ±hhmm offset', () => {
    const instant = Date.UTC(2025, 2, 14, 15, 9, 26);
    assert.equal(formatRfc2822Date(instant, -300), 'Fri, 14 Mar 2025 10:09:26 -0500');
    assert.equal(formatRfc2822Date(instant, 0), 'Fri, 14 Mar 2025 15:09:26 +0000');
    assert.equal(formatRfc2822Date(instant, 330), 'Fri, 14 Mar 2025 20:39:26 +0530');
    assert.equal(formatRfc2822Date(instant, 540), 'Sat, 15 Mar 2025 00:09:26 +0900');
  });
});
