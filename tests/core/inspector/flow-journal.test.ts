import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FlowJournal, connectionTimeline, disconnectTimeline, signInTimeline } from '../../../electron/core/inspector/flow-journal.ts';
import type { FlowStepDraft } from '../../../electron/core/inspector/flow-step.ts';
import type { InspectorTarget } from '../../../electron/shared/flow-types.ts';

const draft = (title: string): FlowStepDraft => ({
  kind: 'api-call',
  title,
  at: 0,
  durationMs: 1,
  request: { method: 'GET', url: 'https://api.example/x', query: [], headers: [], form: [] },
  response: null,
  outcome: 'ok',
  error: null,
});

const titles = (journal: FlowJournal, target: InspectorTarget) => journal.view(target).steps.map((s) => s.title);

test('a timeline keeps the newest steps up to its capacity and counts the dropped ones', () => {
  const journal = new FlowJournal({ capacity: 3 });
  const target = connectionTimeline('c1');
  for (const title of ['a', 'b', 'c', 'd', 'e']) journal.record(target, draft(title));
  const view = journal.view(target);
  assert.deepEqual(view.steps.map((s) => s.title), ['c', 'd', 'e'], 'oldest first, the oldest two dropped');
  assert.equal(view.dropped, 2);
  assert.equal(view.capacity, 3);
  assert.deepEqual(view.target, target);
  assert.deepEqual(journal.view(connectionTimeline('other')), { target: connectionTimeline('other'), steps: [], dropped: 0, capacity: 3 });
  assert.equal(new FlowJournal().capacity, 100);
  assert.throws(() => new FlowJournal({ capacity: 0 }), RangeError);
});

test('step ids increase across timelines within the run', () => {
  const journal = new FlowJournal();
  const a = journal.record(connectionTimeline('c1'), draft('a'));
  const b = journal.record(signInTimeline('sandbox'), draft('b'));
  const c = journal.stamp(draft('c'));
  assert.ok(a.id < b.id && b.id < c.id);
  assert.deepEqual(titles(journal, connectionTimeline('c1')), ['a'], 'a connection and a sign-in are separate timelines');
});

test('clear forgets the steps and the drop count, and tells listeners', () => {
  const journal = new FlowJournal({ capacity: 1 });
  const target = connectionTimeline('c1');
  const heard: InspectorTarget[] = [];
  journal.onChange((t) => heard.push(t));
  journal.record(target, draft('a'));
  journal.record(target, draft('b'));
  journal.clear(target);
  assert.deepEqual(journal.view(target), { target, steps: [], dropped: 0, capacity: 1 });
  assert.deepEqual(heard, [target, target, target]);
  journal.clear(connectionTimeline('never-used'));
  assert.equal(heard.length, 4, 'clearing an empty timeline is still announced');
});

test("a provider's sign-in and disconnect timelines, and a connection with the same id, are separate timelines", () => {
  const journal = new FlowJournal();
  journal.record(signInTimeline('sandbox'), draft('sign-in'));
  journal.record(disconnectTimeline('sandbox'), draft('revocation'));
  journal.record(connectionTimeline('sandbox'), draft('connection'));
  assert.deepEqual(titles(journal, signInTimeline('sandbox')), ['sign-in']);
  assert.deepEqual(titles(journal, disconnectTimeline('sandbox')), ['revocation']);
  assert.deepEqual(titles(journal, connectionTimeline('sandbox')), ['connection']);
  journal.clear(signInTimeline('sandbox'));
  assert.deepEqual(titles(journal, disconnectTimeline('sandbox')), ['revocation'], 'clearing one leaves the others');
  assert.deepEqual(journal.view(disconnectTimeline('sandbox')).target, { kind: 'disconnect', providerId: 'sandbox' });
});

test('a listener that throws does not stop the others or the recording', () => {
  const errors: unknown[] = [];
  const journal = new FlowJournal({ onListenerError: (e) => errors.push(e) });
  const heard: string[] = [];
  journal.onChange(() => {
    throw new Error('boom');
  });
  const off = journal.onChange(() => heard.push('second'));
  journal.record(connectionTimeline('c1'), draft('a'));
  assert.deepEqual(heard, ['second']);
  assert.equal(errors.length, 1);
  off();
  journal.record(connectionTimeline('c1'), draft('b'));
  assert.deepEqual(heard, ['second']);
  assert.deepEqual(titles(journal, connectionTimeline('c1')), ['a', 'b']);
});

test('a view is a copy: later steps do not change a view already handed out', () => {
  const journal = new FlowJournal();
  const target = connectionTimeline('c1');
  journal.record(target, draft('a'));
  const view = journal.view(target);
  journal.record(target, draft('b'));
  assert.equal(view.steps.length, 1);
});
