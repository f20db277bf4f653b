import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { CustomProviderStore } from '../../../../electron/core/providers/custom/custom-provider-store.ts';
import type { CustomSaveOutcome } from '../../../../electron/core/providers/custom/custom-provider-store.ts';
import { ProviderConfigError } from '../../../../electron/core/providers/config/provider-config-error.ts';
import { createFileStore, storeFilePath } from '../../../../electron/core/storage/file-store.ts';
import { createTestCipher } from '../../../helpers/test-cipher.ts';
import { tempDataDir } from '../../../helpers/temp-dir.ts';
import { failingDecryptCipher, memoryStore } from '../../../helpers/memory-store.ts';

const KEY = 'customProviders';
const SECRET = 'z/tZ9VwFZqApmIQ+ZH1I5pLk/uB4ud:X2/8bL+wfFTt1rFw=';

const form = (id: string, over: Record<string, unknown> = {}): Record<string, unknown> => ({
  id,
  displayName: `Provider ${id}`,
  issuer: `https://${id}.example.test`,
  clientId: `${id}-client`,
  scopes: ['openid'],
  ...over,
});

function ok(outcome: CustomSaveOutcome) {
  if (!outcome.ok) assert.fail(outcome.errors.map((e) => `${e.field}: ${e.message}`).join('\n'));
  return outcome.definition;
}

function failed(outcome: CustomSaveOutcome) {
  assert.equal(outcome.ok, false, 'expected the save to be refused');
  if (outcome.ok) throw new Error('unreachable');
  assert.ok(outcome.errors.length > 0);
  for (const e of outcome.errors) assert.ok(e instanceof ProviderConfigError);
  return outcome.errors;
}

type Stored = Array<{ definition: Record<string, unknown>; secret: string | null }>;
const rawEntries = (store: ReturnType<typeof memoryStore>) => (store.raw(KEY) ?? []) as Stored;
const ids = (store: CustomProviderStore) => store.load().definitions.map((d) => d.id);

test('save validates: a bad field is reported by name and nothing is stored', () => {
  const raw = memoryStore();
  const store = new CustomProviderStore(raw, createTestCipher());
  const errors = failed(store.save(form('acme', { issuer: 'http://not-loopback.example', scopes: 'openid email' }), { otherIds: [] }));
  const fields = errors.map((e) => e.field);
  assert.ok(fields.includes('issuer'), fields.join());
  assert.ok(fields.includes('scopes'), fields.join());
  assert.equal(raw.raw(KEY), undefined, 'nothing written');
  assert.deepEqual(store.load(), { definitions: [], errors: [] });
});

test('save refuses unknown fields and built-in ids', () => {
  const store = new CustomProviderStore(memoryStore(), createTestCipher());
  assert.ok(failed(store.save(form('acme', { clientIdd: 'typo' }), { otherIds: [] })).some((e) => e.field === 'clientIdd'));
  assert.ok(failed(store.save(form('google'), { otherIds: [] })).some((e) => e.field === 'id'));
});

test('a refused save leaves earlier providers untouched', () => {
  const raw = memoryStore();
  const store = new CustomProviderStore(raw, createTestCipher());
  ok(store.save(form('first'), { clientSecret: SECRET, otherIds: [] }));
  const before = JSON.stringify(raw.raw(KEY));
  failed(store.save(form('second', { redirectPort: 80 }), { otherIds: [] }));
  failed(store.save(form('first', { displayName: '' }), { replaces: 'first', otherIds: [] }));
  assert.equal(JSON.stringify(raw.raw(KEY)), before);
});

test('S20 the secret is stored encrypted, apart from the definition', () => {
  const raw = memoryStore();
  const cipher = createTestCipher();
  const store = new CustomProviderStore(raw, cipher);
  const definition = ok(store.save(form('acme', { clientAuthMethod: 'client_secret_post' }), { clientSecret: SECRET, otherIds: [] }));
  assert.equal(definition.client.clientSecret, SECRET);
  assert.equal(definition.client.authMethod, 'client_secret_post');

  const [entry, ...rest] = rawEntries(raw);
  assert.equal(rest.length, 0);
  assert.ok(entry);
  assert.ok(!('clientSecret' in entry.definition), 'the definition holds no secret');
  assert.equal(entry.definition.id, 'acme');
  assert.equal(entry.definition.clientId, 'acme-client');
  assert.equal(typeof entry.secret, 'string');
  assert.notEqual(entry.secret, SECRET);
  assert.equal(cipher.decrypt(entry.secret!), SECRET);
  assert.ok(!raw.dump().includes(SECRET));

  // Loaded back with the secret in place.
  const [loaded] = store.load().definitions;
  assert.equal(loaded?.client.clientSecret, SECRET);
});

test('S20 the store file never holds the custom client secret in clear', (t) => {
  const dir = tempDataDir(t);
  const cipher = createTestCipher();
  const store = new CustomProviderStore(createFileStore(dir), cipher);
  ok(store.save(form('acme'), { clientSecret: SECRET, otherIds: [] }));
  ok(store.save(form('acme', { displayName: 'Acme again' }), { replaces: 'acme', otherIds: [] }));
  const text = readFileSync(storeFilePath(dir), 'utf8');
  assert.ok(!text.includes(SECRET));
  assert.ok(!text.includes(JSON.stringify(SECRET).slice(1, -1)));
  assert.equal(new CustomProviderStore(createFileStore(dir), cipher).load().definitions[0]?.client.clientSecret, SECRET);
});

test('a clientSecret inside the form is ignored: only the option sets the secret', () => {
  const raw = memoryStore();
  const store = new CustomProviderStore(raw, createTestCipher());
  const definition = ok(store.save(form('acme', { clientSecret: 'form-secret' }), { otherIds: [] }));
  assert.equal(definition.client.clientSecret, null);
  assert.ok(!raw.dump().includes('form-secret'));
});

test('a blank or null secret means a public client', () => {
  const store = new CustomProviderStore(memoryStore(), createTestCipher());
  assert.equal(ok(store.save(form('a'), { clientSecret: '   ', otherIds: [] })).client.clientSecret, null);
  assert.equal(ok(store.save(form('b'), { clientSecret: null, otherIds: [] })).client.authMethod, 'none');
});

test('replaces keeps the saved secret when clientSecret is undefined, and keeps the position', () => {
  const raw = memoryStore();
  const cipher = createTestCipher();
  const store = new CustomProviderStore(raw, cipher);
  ok(store.save(form('alpha'), { otherIds: [] }));
  ok(store.save(form('beta'), { clientSecret: SECRET, otherIds: [] }));
  ok(store.save(form('gamma'), { otherIds: [] }));

  const updated = ok(store.save(form('beta', { displayName: 'Beta renamed' }), { replaces: 'beta', otherIds: [] }));
  assert.equal(updated.client.clientSecret, SECRET);
  assert.deepEqual(ids(store), ['alpha', 'beta', 'gamma'], 'the same place in the list');
  const beta = store.load().definitions[1];
  assert.equal(beta?.displayName, 'Beta renamed');
  assert.equal(beta?.client.clientSecret, SECRET);
  assert.equal(rawEntries(raw).length, 3, 'replaced, not added');
});

test('replaces with null removes the secret; with text replaces it', () => {
  const store = new CustomProviderStore(memoryStore(), createTestCipher());
  ok(store.save(form('beta'), { clientSecret: SECRET, otherIds: [] }));
  ok(store.save(form('beta'), { clientSecret: 'new-secret', replaces: 'beta', otherIds: [] }));
  assert.equal(store.load().definitions[0]?.client.clientSecret, 'new-secret');
  ok(store.save(form('beta'), { clientSecret: null, replaces: 'beta', otherIds: [] }));
  assert.equal(store.load().definitions[0]?.client.clientSecret, null);
});

test('without replaces, an undefined secret saves no secret (it does not borrow another entry\'s)', () => {
  const store = new CustomProviderStore(memoryStore(), createTestCipher());
  ok(store.save(form('alpha'), { clientSecret: SECRET, otherIds: [] }));
  assert.equal(ok(store.save(form('beta'), { otherIds: [] })).client.clientSecret, null);
});

test('renaming via replaces: the new id takes the old place and keeps the secret; the old id is gone', () => {
  const raw = memoryStore();
  const store = new CustomProviderStore(raw, createTestCipher());
  ok(store.save(form('alpha'), { otherIds: [] }));
  ok(store.save(form('beta'), { clientSecret: SECRET, otherIds: [] }));
  ok(store.save(form('gamma'), { otherIds: [] }));
  // Same server and client, new id: the secret stays (another server or client would drop it).
  const renamed = ok(store.save(form('beta-two', { issuer: 'https://beta.example.test', clientId: 'beta-client' }), { replaces: 'beta', otherIds: [] }));
  assert.equal(renamed.id, 'beta-two');
  assert.equal(renamed.client.clientSecret, SECRET);
  assert.deepEqual(ids(store), ['alpha', 'beta-two', 'gamma']);
  assert.equal(rawEntries(raw).length, 3);
  // The old id is free again.
  ok(store.save(form('beta'), { otherIds: [] }));
  assert.deepEqual(ids(store), ['alpha', 'beta-two', 'gamma', 'beta']);
});

test('an id taken by another custom provider is refused (new and renamed)', () => {
  const raw = memoryStore();
  const store = new CustomProviderStore(raw, createTestCipher());
  ok(store.save(form('alpha'), { otherIds: [] }));
  ok(store.save(form('beta'), { otherIds: [] }));
  const before = JSON.stringify(raw.raw(KEY));

  const dup = failed(store.save(form('alpha', { displayName: 'Another alpha' }), { otherIds: [] }));
  assert.ok(dup.some((e) => e.field === 'id' && /already used/.test(e.message)), dup.map((e) => e.message).join());
  const rename = failed(store.save(form('alpha'), { replaces: 'beta', otherIds: [] }));
  assert.ok(rename.some((e) => e.field === 'id'));
  assert.equal(JSON.stringify(raw.raw(KEY)), before, 'nothing changed');
});

test('an id in otherIds (the providers file) is refused', () => {
  const store = new CustomProviderStore(memoryStore(), createTestCipher());
  const errors = failed(store.save(form('from-file'), { otherIds: ['from-file', 'other'] }));
  const idError = errors.find((e) => e.field === 'id');
  assert.ok(idError);
  assert.match(idError.message, /providers file/);
  assert.deepEqual(ids(store), []);
  // A generator works as well as an array.
  failed(store.save(form('gen'), { otherIds: (function* () { yield 'gen'; })() }));
});

test('load reports entries that no longer validate, keeps them in the store, and still loads the others', () => {
  const raw = memoryStore();
  const cipher = createTestCipher();
  const store = new CustomProviderStore(raw, cipher);
  ok(store.save(form('good'), { otherIds: [] }));
  // Written by an older version, or edited by hand: an http issuer on a public host is refused now.
  const stale = { definition: { ...form('stale'), issuer: 'http://stale.example.test' }, secret: null };
  const unknownField = { definition: { ...form('oldfield'), removedOption: true }, secret: null };
  raw.set(KEY, [...rawEntries(raw), stale, unknownField]);

  const loaded = store.load();
  assert.deepEqual(loaded.definitions.map((d) => d.id), ['good']);
  const byProvider = new Map(loaded.errors.map((e) => [`${e.providerId}:${e.field}`, e]));
  assert.ok(byProvider.has('stale:issuer'), [...byProvider.keys()].join());
  assert.ok(byProvider.has('oldfield:removedOption'), [...byProvider.keys()].join());
  assert.equal(rawEntries(raw).length, 3, 'nothing dropped by load');

  // Saving another provider does not drop them either.
  ok(store.save(form('later'), { otherIds: [] }));
  assert.deepEqual(rawEntries(raw).map((e) => e.definition.id), ['good', 'stale', 'oldfield', 'later']);
  assert.equal(store.load().errors.length, loaded.errors.length);
});

test('an entry whose secret cannot be decrypted is reported (its auth method needs a secret), not dropped', () => {
  const raw = memoryStore();
  const store = new CustomProviderStore(raw, createTestCipher());
  ok(store.save(form('needs-secret'), { clientSecret: SECRET, otherIds: [] }));
  ok(store.save(form('public'), { otherIds: [] }));
  const loaded = new CustomProviderStore(raw, failingDecryptCipher()).load();
  assert.deepEqual(loaded.definitions.map((d) => d.id), ['public']);
  assert.ok(loaded.errors.some((e) => e.providerId === 'needs-secret' && e.field === 'clientAuthMethod'));
  assert.ok(!JSON.stringify(loaded.errors.map((e) => [e.message, e.hint])).includes(SECRET));
  assert.equal(rawEntries(raw).length, 2);
});

test('load takes the first of two stored entries with the same id and reports the second', () => {
  const raw = memoryStore();
  const store = new CustomProviderStore(raw, createTestCipher());
  raw.set(KEY, [
    { definition: form('twin', { displayName: 'First' }), secret: null },
    { definition: form('twin', { displayName: 'Second' }), secret: null },
  ]);
  const loaded = store.load();
  assert.deepEqual(loaded.definitions.map((d) => d.displayName), ['First']);
  assert.ok(loaded.errors.some((e) => e.field === 'id' && e.providerId === 'twin'));
});

test('a stored value that is not a list, and malformed entries, are ignored', () => {
  const raw = memoryStore({ [KEY]: { not: 'a list' } });
  const store = new CustomProviderStore(raw, createTestCipher());
  assert.deepEqual(store.load(), { definitions: [], errors: [] });
  raw.set(KEY, [null, 'text', { definition: null, secret: null }, { definition: form('ok'), secret: 5 }, { definition: form('fine'), secret: null }]);
  assert.deepEqual(ids(store), ['fine']);
});

test('remove deletes only the named provider and says whether it was there', () => {
  const raw = memoryStore();
  const store = new CustomProviderStore(raw, createTestCipher());
  ok(store.save(form('alpha'), { otherIds: [] }));
  ok(store.save(form('beta'), { clientSecret: SECRET, otherIds: [] }));
  assert.equal(store.remove('alpha'), true);
  assert.deepEqual(ids(store), ['beta']);
  assert.equal(store.remove('alpha'), false);
  assert.equal(store.remove('never-there'), false);
  assert.equal(store.load().definitions[0]?.client.clientSecret, SECRET);
  assert.equal(store.remove('beta'), true);
  assert.deepEqual(rawEntries(raw), []);
});

test('S22 entries that cannot be read are reported and kept in place through saves, edits and removals', () => {
  const store = memoryStore();
  const providers = new CustomProviderStore(store, createTestCipher());
  ok(providers.save(form('alpha'), { otherIds: [] }));
  ok(providers.save(form('beta'), { otherIds: [] }));
  const broken = ['a string', { definition: 'not an object', secret: null }, { definition: { id: 'x' }, secret: 42 }];
  const [alpha, beta] = rawEntries(store);
  store.set(KEY, [alpha, broken[0], beta, broken[1], broken[2]]);

  const loaded = providers.load();
  assert.deepEqual(loaded.definitions.map((d) => d.id), ['alpha', 'beta']);
  assert.deepEqual(loaded.errors.map((e) => [e.code, e.providerIndex]), [['custom_provider_unreadable', 1], ['custom_provider_unreadable', 3], ['custom_provider_unreadable', 4]]);
  assert.match(loaded.errors[0]!.hint, /kept/);

  ok(providers.save(form('gamma'), { otherIds: [] }));
  ok(providers.save(form('beta', { displayName: 'Beta edited' }), { otherIds: [], replaces: 'beta' }));
  assert.equal(providers.remove('alpha'), true);
  const after = store.raw(KEY) as unknown[];
  for (const entry of broken) assert.ok(after.some((e) => JSON.stringify(e) === JSON.stringify(entry)), `kept: ${JSON.stringify(entry)}`);
  assert.deepEqual(ids(providers), ['beta', 'gamma']);
  assert.equal(providers.load().definitions.find((d) => d.id === 'beta')?.displayName, 'Beta edited');
  assert.equal(after.indexOf(after.find((e) => (e as { definition?: { id?: string } }).definition?.id === 'beta')), 1, 'the edited provider keeps its place after the unreadable entry before it');
});
