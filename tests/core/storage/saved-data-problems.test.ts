/** S21, S22: what the window is told when the saved data could not be read in full. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { savedDataProblems } from '../../../electron/core/storage/saved-data-problems.ts';

const none = { status: null, unreadableConnections: [], unreadableClients: [], unreadableProviderSettings: [], storagePreferencesUnreadable: false } as const;

test('S21 a file moved aside: the app started signed out, where the old file is, and what to do', () => {
  for (const [reason, words] of [
    ['empty', /was empty/],
    ['not-json', /not valid JSON/],
    ['not-an-object', /did not hold OAuth Desk's data/],
    ['unreadable', /could not be read/],
  ] as const) {
    const [problem, ...rest] = savedDataProblems({
      ...none,
      status: { file: '/data/oauth-desk.json', movedAside: { to: '/data/oauth-desk.json.corrupt-1', reason }, resetSections: null },
    });
    assert.deepEqual(rest, []);
    assert.equal(problem?.code, 'store_moved_aside');
    assert.equal(problem?.area, 'saved-data');
    assert.match(problem?.message ?? '', words);
    assert.match(problem?.message ?? '', /started signed out/);
    assert.match(problem?.hint ?? '', /moved to \/data\/oauth-desk\.json\.corrupt-1/);
    assert.match(problem?.hint ?? '', /Connect your accounts again/);
    assert.match(problem?.hint ?? '', /put it back as \/data\/oauth-desk\.json/);
    assert.equal(problem?.file, '/data/oauth-desk.json.corrupt-1');
  }
});

test('S21 cleared sections are named in plain words, with the copy of the old file', () => {
  const [problem] = savedDataProblems({
    ...none,
    status: { file: '/d/oauth-desk.json', movedAside: null, resetSections: { keys: ['connections', 'customProviders'], copiedTo: '/d/oauth-desk.json.corrupt-2' } },
  });
  assert.equal(problem?.code, 'store_sections_reset');
  assert.match(problem?.message ?? '', /the saved connections and custom providers added in Settings\.$/);
  assert.match(problem?.hint ?? '', /copy of the file as it was is at \/d\/oauth-desk\.json\.corrupt-2/);
  assert.match(problem?.hint ?? '', /Connect your accounts again/);
  const [settingsOnly] = savedDataProblems({ ...none, status: { file: 'f', movedAside: null, resetSections: { keys: ['providerSettings'], copiedTo: 'c' } } });
  assert.doesNotMatch(settingsOnly?.hint ?? '', /Connect your accounts/, 'no accounts were lost');
});

test('S22 unreadable records are counted ("1 saved connection could not be read") and said to be kept', () => {
  const [one] = savedDataProblems({ ...none, status: { file: '/d/oauth-desk.json', movedAside: null, resetSections: null }, unreadableConnections: ['c9'] });
  assert.equal(one?.message, '1 saved connection could not be read.');
  assert.match(one?.hint ?? '', /^It is kept unchanged in the data file/);
  assert.equal(one?.file, '/d/oauth-desk.json');
  const [three] = savedDataProblems({ ...none, unreadableConnections: ['a', 'b', 'c'] });
  assert.equal(three?.message, '3 saved connections could not be read.');
  assert.match(three?.hint ?? '', /^They are kept unchanged/);
});

test('S22 unreadable client credentials and preferences name the provider (bounded) and what to do', () => {
  const long = 'p'.repeat(500);
  const problems = savedDataProblems({ ...none, unreadableClients: ['google', long], unreadableProviderSettings: ['x'], storagePreferencesUnreadable: true });
  assert.deepEqual(problems.map((p) => p.code), ['client_credentials_unreadable', 'client_credentials_unreadable', 'provider_settings_unreadable', 'storage_preferences_unreadable']);
  assert.equal(problems[0]?.providerId, 'google');
  assert.match(problems[0]?.hint ?? '', /Enter the client ID/);
  assert.ok((problems[1]?.message.length ?? 0) < 200, 'a huge key is cut');
  assert.match(problems[2]?.message ?? '', /"x"/);
  assert.match(problems[3]?.hint ?? '', /memory only/);
  assert.ok(problems.every((p) => p.area === 'saved-data' && p.hint.length > 0));
  assert.deepEqual(savedDataProblems(none), []);
});
