/**
 * A connection's data panels as static HTML: one region per panel named by its title, each kind's
 * content (profile facts and counts, mail, the heart-rate chart and its text alternative, the JSON
 * tree with hidden credentials), errors kept to their own panel, and a single placeholder region
 * until the first answer arrives.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { registerHooks } from 'node:module';
import type { ErrorInfo } from '../../../electron/shared/error-info.ts';
import type { DataPanelView, HeartRatePoint, JsonValue } from '../../../electron/shared/view-types.ts';
import { formatDateTime, isoOf } from '../../../renderer/src/format/dates.ts';
import { localDay } from '../../../renderer/src/format/heart-rate-chart.ts';
import { buttonTag, isDisabled, renderToHtml, visibleText as text } from '../../helpers/render-component.ts';
import { connectionView } from '../../helpers/views.ts';

// Components import their stylesheet (Vite bundles it); under Node a stylesheet is an empty module.
registerHooks({
  load(url, context, nextLoad) {
    if (url.startsWith('file:') && url.endsWith('.css')) return { format: 'module', source: '', shortCircuit: true };
    return nextLoad(url, context);
  },
});

// After render-component.ts has installed the .tsx hook.
const { ConnectionData, DataPanels, PendingData } = await import('../../../renderer/src/components/ConnectionData.tsx');
const { JsonTree } = await import('../../../renderer/src/components/JsonTree.tsx');

interface Region {
  readonly name: string;
  readonly busy: boolean;
  readonly html: string;
}

/** Every `<section aria-labelledby>` with the text of the element that names it. */
function regions(html: string): Region[] {
  return [...html.matchAll(/<section\b([^>]*)>([\s\S]*?)<\/section>/g)].map((match) => {
    const attributes = match[1] ?? '';
    const id = /aria-labelledby="([^"]+)"/.exec(attributes)?.[1];
    assert.ok(id, `a region is labelled: ${attributes}`);
    const heading = new RegExp(`id="${id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"[^>]*>([\\s\\S]*?)</`).exec(html)?.[1];
    assert.ok(heading !== undefined, `the label ${id} exists`);
    return { name: text(heading), busy: /aria-busy="true"/.test(attributes), html: match[2] ?? '' };
  });
}

function region(html: string, name: string): Region {
  const found = regions(html).filter((r) => r.name === name);
  assert.equal(found.length, 1, `one region named "${name}"`);
  return found[0]!;
}


function attribute(html: string, tag: string, name: string): string | undefined {
  const open = new RegExp(`<${tag}\\b[^>]*>`).exec(html)?.[0] ?? '';
  const value = new RegExp(`\\s${name}="([^"]*)"`).exec(open)?.[1];
  return value === undefined ? undefined : text(value);
}

const BROKEN: ErrorInfo = { code: 'mail_forbidden', message: 'The provider refused access to mail.', hint: 'Re-authorize and allow mail access.' };

const profilePanel = (title = 'Profile'): DataPanelView => ({
  kind: 'profile',
  id: 'profile',
  title,
  result: {
    ok: true,
    value: {
      subject: 'user-8271',
      name: 'Ada Lovelace',
      username: 'ada_l',
      email: 'ada@example.org',
      pictureUrl: null,
      description: 'Analyst.\nPoet of science.',
      facts: [
        { label: 'Location', kind: 'text', value: 'London' },
        { label: 'Joined', kind: 'date', value: '2019-06-03T14:20:00Z' },
        { label: 'Verified', kind: 'flag', value: true },
        { label: 'Protected', kind: 'flag', value: false },
      ],
      metrics: [
        { label: 'Followers', value: 1234567 },
        { label: 'Posts', value: 42 },
      ],
    },
  },
});

const mailPanel = (over: Partial<DataPanelView> = {}): DataPanelView =>
  ({
    kind: 'mail',
    id: 'mail',
    title: 'Unread mail',
    result: {
      ok: true,
      value: {
        unreadCount: 7,
        messages: [{ id: 'm1', from: 'Grace Hopper <grace@example.org>', subject: 'Compiler notes', date: '2026-03-01T09:00:00Z', snippet: 'See the attached.' }],
      },
    },
    ...over,
  }) as DataPanelView;

/** Today at hh:mm local time, as an instant. */
function todayAt(hours: number, minutes: number): string {
  const now = new Date();
  return new Date(now.getFullYear(), now.getMonth(), now.getDate(), hours, minutes).toISOString();
}

const heartRatePanel = (points: readonly HeartRatePoint[], restingBpm: number | null): DataPanelView => ({
  kind: 'heart-rate',
  id: 'heart-rate',
  title: 'Heart rate',
  result: { ok: true, value: { day: localDay(new Date()), points, restingBpm } },
});

const jsonPanel = (value: JsonValue, over: { hiddenFields?: number; truncated?: boolean } = {}): DataPanelView => ({
  kind: 'json',
  id: 'repos',
  title: 'Repositories',
  result: { ok: true, value: { source: 'https://api.example.com/v1/me', value, hiddenFields: over.hiddenFields ?? 0, truncated: over.truncated ?? false } },
});

const render = (panels: readonly DataPanelView[], loading = false) => renderToHtml(DataPanels, { panels, loading });

test('one region per panel, named by the panel title, in order; an unknown kind is left out', () => {
  const unknown = { kind: 'calendar', id: 'cal', title: 'Calendar', result: { ok: true, value: {} } } as unknown as DataPanelView;
  const html = render([profilePanel('Account'), mailPanel({ title: 'Inbox' }), unknown, heartRatePanel([], null), jsonPanel({ a: 1 })]);
  assert.deepEqual(
    regions(html).map((r) => r.name),
    ['Account', 'Inbox', 'Heart rate', 'Repositories'],
  );
  assert.doesNotMatch(html, /Calendar/);
  assert.equal(
    regions(html).every((r) => !r.busy),
    true,
  );
  assert.equal(
    regions(render([profilePanel()], true)).every((r) => r.busy),
    true,
    'a reload marks the panels busy',
  );
});

test('no panels at all: a note instead of empty space', () => {
  const html = render([]);
  assert.equal(regions(html).length, 0);
  assert.match(text(html), /no data to show/);
});

test('a failed panel shows its message and hint; the other panels still show their data', () => {
  const html = render([profilePanel(), mailPanel({ result: { ok: false, error: BROKEN } })]);
  const mail = region(html, 'Unread mail');
  assert.match(mail.html, /role="alert"/);
  assert.match(text(mail.html), /Could not load unread mail/);
  assert.ok(text(mail.html).includes(BROKEN.message));
  assert.ok(text(mail.html).includes(BROKEN.hint));
  assert.ok(mail.html.includes(BROKEN.code));
  const profile = region(html, 'Profile');
  assert.doesNotMatch(profile.html, /role="alert"/);
  assert.match(text(profile.html), /Ada Lovelace/);
});

test('the profile shows name, @username, email, description, facts, formatted counts and the account ID', () => {
  const panel = profilePanel();
  assert.ok(panel.kind === 'profile' && panel.result.ok);
  const profile = panel.result.value;
  const html = region(render([panel]), 'Profile').html;
  const shown = text(html);
  assert.match(html, />Ada Lovelace</, 'the name as its own text, as the e2e test finds it');
  assert.ok(shown.includes(`@${profile.username}`));
  assert.ok(shown.includes(profile.email!));
  assert.ok(html.includes('Analyst.\nPoet of science.'), 'line breaks kept for CSS to show');
  assert.match(html, /class="profile-description"/);

  const facts = /<dl class="profile-facts">([\s\S]*?)<\/dl>/.exec(html)?.[1] ?? '';
  const pairs = [...facts.matchAll(/<dt>([\s\S]*?)<\/dt><dd>([\s\S]*?)<\/dd>/g)].map((m) => [text(m[1]!), m[2]!]);
  const fact = (label: string) => pairs.find(([l]) => l === label)?.[1] ?? assert.fail(`no fact ${label}`);
  assert.equal(text(fact('Location')), 'London');
  const joined = profile.facts.find((f) => f.label === 'Joined')!;
  assert.equal(fact('Joined'), `<time dateTime="${isoOf(joined.value as string)}">${formatDateTime(joined.value as string)}</time>`);
  assert.equal(text(fact('Verified')), 'Yes');
  assert.equal(text(fact('Protected')), 'No');
  assert.equal(text(fact('Account ID')), profile.subject);

  const metrics = /<dl class="profile-metrics">([\s\S]*?)<\/dl>/.exec(html)?.[1] ?? '';
  for (const metric of profile.metrics) {
    assert.ok(
      metrics.includes(`<dt>${metric.label}</dt><dd><data value="${metric.value}">${new Intl.NumberFormat().format(metric.value)}</data></dd>`),
      `${metric.label} labelled and formatted`,
    );
  }
  assert.ok(text(metrics).includes(new Intl.NumberFormat().format(1234567)));
});

test('a profile without username, description, facts or counts leaves them out', () => {
  const html = render([
    {
      kind: 'profile',
      id: 'profile',
      title: 'Profile',
      result: { ok: true, value: { subject: 's1', name: null, username: null, email: null, pictureUrl: null, description: null, facts: [], metrics: [] } },
    },
  ]);
  assert.doesNotMatch(html, /profile-username|profile-description|profile-metrics|@/);
  assert.match(text(html), /Name not shared/);
  assert.match(text(html), /Account ID s1/);
});

test('mail still shows sender, subject, snippet and the unread count', () => {
  const html = region(render([mailPanel()]), 'Unread mail').html;
  assert.match(html, /class="message-from"[^>]*>Grace Hopper/);
  assert.ok(html.includes('&lt;grace@example.org&gt;'));
  assert.match(html, /class="message-subject">Compiler notes</);
  assert.match(text(html), /See the attached\./);
  assert.match(text(html), /7 unread/);
});

test('the heart-rate chart is an image whose label sums up the day, with the summary row and a readings table', () => {
  const points: HeartRatePoint[] = [
    { time: todayAt(6, 10), bpm: 64 },
    { time: todayAt(9, 30), bpm: 121 },
    { time: todayAt(13, 0), bpm: 58 },
    { time: todayAt(17, 50), bpm: 74 },
  ];
  const html = region(render([heartRatePanel(points, 61)]), 'Heart rate').html;
  const svg = /<svg\b[\s\S]*?<\/svg>/.exec(html)?.[0] ?? assert.fail('no chart');
  assert.equal(attribute(svg, 'svg', 'role'), 'img');
  const label = attribute(svg, 'svg', 'aria-label') ?? '';
  assert.match(label, /^Heart rate today: 4 readings from \S.* to \S.*, 58 to 121 bpm, latest 74 bpm, resting 61 bpm$/);
  assert.match(svg, /<path class="heart-rate-line" d="M[\d.]+,[\d.]+( L[\d.]+,[\d.]+){3}"/);
  assert.equal([...svg.matchAll(/class="heart-rate-dot"/g)].length, points.length, 'a dot per reading');
  assert.match(svg, /stroke-dasharray="5 4"/, 'the dashed resting line');
  assert.match(text(svg), /Resting 61/);

  const summary = /<dl class="heart-rate-summary">([\s\S]*?)<\/dl>/.exec(html)?.[1] ?? assert.fail('no summary');
  const stats = Object.fromEntries([...summary.matchAll(/<dt>(\w+)<\/dt><dd>([\s\S]*?)<\/dd>/g)].map((m) => [m[1], text(m[2]!)]));
  assert.deepEqual(Object.keys(stats), ['Latest', 'Lowest', 'Highest', 'Resting']);
  assert.match(stats.Latest!, /^74 bpm at /);
  assert.match(stats.Lowest!, /^58 bpm at /);
  assert.match(stats.Highest!, /^121 bpm at /);
  assert.equal(stats.Resting, '61 bpm');
  assert.ok(html.indexOf('heart-rate-summary') < html.indexOf('<svg'), 'the summary comes first');

  const table = /<details class="heart-rate-readings">([\s\S]*?)<\/details>/.exec(html)?.[1] ?? assert.fail('no readings table');
  const rows = [...table.matchAll(/<tr><td><time dateTime="([^"]+)">[^<]+<\/time><\/td><td>(\d+) bpm<\/td><\/tr>/g)];
  assert.deepEqual(
    rows.map((m) => [m[1], Number(m[2])]),
    points.map((p) => [new Date(p.time).toISOString(), p.bpm]),
  );
});

test('an empty day says so (with the resting rate when there is one) and draws no chart', () => {
  const withResting = region(render([heartRatePanel([], 59)]), 'Heart rate').html;
  assert.match(text(withResting), /No heart-rate readings yet today\./);
  assert.match(text(withResting), /Resting 59 bpm/);
  assert.doesNotMatch(withResting, /<svg|<table/);
  const without = region(render([heartRatePanel([], null)]), 'Heart rate').html;
  assert.match(text(without), /^Heart rate No heart-rate readings yet today\. Readings appear once your watch or tracker has synced with its phone app\. Choose Reload data to look again\.$/);
});

test('the JSON tree shows keys, typed values and counts; hidden credentials appear as a badge, never as a value', () => {
  const value: JsonValue = {
    login: 'ada',
    id: 8271,
    admin: false,
    plan: null,
    access_token: '[hidden]',
    repos: [{ name: 'engine', stars: 12, deploy: { key: '[hidden]', nested: { deep: 'x' } } }, { name: 'notes' }],
  };
  const html = region(render([jsonPanel(value, { hiddenFields: 2, truncated: true })]), 'Repositories').html;
  const shown = text(html);
  assert.ok(shown.includes('https://api.example.com/v1/me'), 'the source URL');
  assert.match(shown, /2 fields that look like credentials are hidden/);
  assert.match(shown, /longer than shown/);
  assert.ok(html.indexOf('api.example.com') < html.indexOf('json-tree'), 'the source above the tree');
  for (const key of ['login', 'id', 'admin', 'plan', 'access_token', 'repos', 'name', 'stars', 'deploy', 'key']) {
    assert.match(html, new RegExp(`class="json-key">${key}<`), `key ${key}`);
  }
  assert.match(html, /class="json-string">&quot;ada&quot;</);
  assert.match(html, /class="json-number">8271</);
  assert.match(html, /class="json-boolean">false</);
  assert.match(html, /class="json-null">null</);
  assert.equal([...html.matchAll(/class="json-hidden"[^>]*>hidden</g)].length, 2, 'a badge per hidden value');
  assert.doesNotMatch(html, /\[hidden\]/, 'the placeholder text is never shown as a value');
  assert.match(shown, /\{6\}/, 'the root object counts its members');
  assert.match(shown, /repos : \[2\]/, 'arrays count their items');
  assert.match(html, /class="json-index">0</, 'array items by index');

  // Open to depth 2 (the root is 0): the root, repos, repos[0]; deploy (depth 3) starts closed.
  const details = [...html.matchAll(/<details class="json-node"( open="")?>/g)].map((m) => m[1] !== undefined);
  assert.deepEqual(details.slice(0, 3), [true, true, true]);
  assert.equal(details[3], false);
});

test('the JSON tree renders text as text, scalars at the root, and empty containers inline', () => {
  assert.equal(text(renderToHtml(JsonTree, { value: '<img src=x onerror=alert(1)>' })), '"<img src=x onerror=alert(1)>"');
  assert.doesNotMatch(renderToHtml(JsonTree, { value: '<img src=x>' }), /<img/);
  assert.match(renderToHtml(JsonTree, { value: 3.5 }), /class="json-number">3.5</);
  const empty = renderToHtml(JsonTree, { value: { list: [], object: {} } });
  assert.match(text(empty), /list : \[\]/);
  assert.match(text(empty), /object : \{\}/);
  assert.equal([...empty.matchAll(/<details/g)].length, 1, 'only the root folds');
  const one = renderToHtml(JsonTree, { value: { secret: '[hidden]' } });
  assert.match(text(render([jsonPanel({ secret: '[hidden]' }, { hiddenFields: 1 })])), /1 field that looks like a credential is hidden/);
  assert.doesNotMatch(one, /\[hidden\]/);
});

test('where the main process cut the document, the tree says how much is left out instead of showing the marker as data', () => {
  const html = renderToHtml(JsonTree, {
    value: { items: [1, 2, { '…': '40 more' }], user: { name: 'ada', '…': '3 more' }, deep: { '…': '5 more' } },
  });
  const shown = text(html);
  assert.match(shown, /items : \[2\]/, 'the marker is not counted');
  assert.match(shown, /user : \{1\}/);
  assert.match(html, /<li class="json-more">… 40 more<\/li>/);
  assert.match(html, /<li class="json-more">… 3 more<\/li>/);
  assert.match(html, /class="json-key">deep<\/span><span class="json-punct">: <\/span><span class="json-more">\{… 5 more\}</);
  assert.doesNotMatch(html, /class="json-key">…</, 'no member named "…"');
});

test('until the first answer, one placeholder region stands in for the panels', () => {
  const html = renderToHtml(ConnectionData, { connection: connectionView() });
  const all = regions(html);
  assert.equal(all.length, 1);
  assert.equal(all[0]?.name, 'Connection data');
  assert.equal(all[0]?.busy, true);
  assert.match(text(all[0]!.html), /Loading…/);
  const reload = buttonTag(html, 'Reload data');
  assert.match(reload, /aria-disabled="true"/, 'Reload data waits for the running fetch');
  assert.equal(isDisabled(reload), false, 'and keeps keyboard focus meanwhile');
});

test('when the whole fetch fails before any data, the placeholder region shows why', () => {
  const html = renderToHtml(PendingData, { loading: false, error: BROKEN });
  const only = regions(html);
  assert.equal(only.length, 1);
  assert.equal(only[0]?.busy, false);
  const shown = text(only[0]!.html);
  assert.match(shown, /Could not load the connection's data/);
  assert.ok(shown.includes(BROKEN.message) && shown.includes(BROKEN.hint));
});
