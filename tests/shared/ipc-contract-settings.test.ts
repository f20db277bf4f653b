/** S25 payload validation of the Settings channels and of `auth:connect`'s addAccount. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IpcPayloadError, MAX_CLIENT_FILE_LENGTH, PAYLOAD_VALIDATORS } from '../../electron/shared/ipc-contract.ts';
import type { Channel } from '../../electron/shared/ipc-contract.ts';

function refuses(channel: Channel, payload: unknown, why: string) {
  assert.throws(() => PAYLOAD_VALIDATORS[channel](payload), IpcPayloadError, `${channel} should refuse ${why}`);
}

function accepts(channel: Channel, payload: unknown): unknown {
  return PAYLOAD_VALIDATORS[channel](payload);
}

const SETTINGS_WITH_PROVIDER: Channel[] = ['settings:get', 'settings:check-port', 'settings:remove-custom'];

test('S25 settings:list-problems takes no payload', () => {
  assert.equal(accepts('settings:list-problems', undefined), undefined);
  accepts('settings:list-problems', null);
  refuses('settings:list-problems', {}, 'an object');
  refuses('settings:list-problems', { providerId: 'google' }, 'a field');
  refuses('settings:list-problems', 'google', 'text');
});

test('S25 settings:get, settings:check-port and settings:remove-custom take exactly one provider id', () => {
  for (const channel of SETTINGS_WITH_PROVIDER) {
    assert.deepEqual(accepts(channel, { providerId: 'google-health' }), { providerId: 'google-health' });
    refuses(channel, { providerId: 'google', extra: 1 }, 'an extra field');
    refuses(channel, { providerId: 5 }, 'a number id');
    refuses(channel, { providerId: '' }, 'an empty id');
    refuses(channel, { providerId: 'a'.repeat(129) }, 'an over-long id');
    refuses(channel, { providerId: '../providers.json' }, 'a path');
    refuses(channel, {}, 'no id');
    refuses(channel, undefined, 'no payload');
    refuses(channel, ['google'], 'an array');
    refuses(channel, Object.assign(Object.create({ polluted: true }), { providerId: 'google' }), 'a non-plain object');
  }
});

test('S25 settings:save-credentials: id, client id text, optional secret (text, null or absent)', () => {
  const channel = 'settings:save-credentials';
  assert.deepEqual(accepts(channel, { providerId: 'x', clientId: 'abc' }), { providerId: 'x', clientId: 'abc' });
  assert.ok(!('clientSecret' in (accepts(channel, { providerId: 'x', clientId: 'abc' }) as object)), 'absent stays absent (keep the saved secret)');
  assert.deepEqual(accepts(channel, { providerId: 'x', clientId: 'abc', clientSecret: null }), { providerId: 'x', clientId: 'abc', clientSecret: null });
  assert.deepEqual(accepts(channel, { providerId: 'x', clientId: '', clientSecret: '' }), { providerId: 'x', clientId: '', clientSecret: '' });
  assert.deepEqual(accepts(channel, { providerId: 'x', clientId: 'abc', clientSecret: 's'.repeat(1024) }), { providerId: 'x', clientId: 'abc', clientSecret: 's'.repeat(1024) });
  accepts(channel, { providerId: 'x', clientId: 'i'.repeat(512) });

  refuses(channel, { providerId: 'x', clientId: 'abc', clientSecret: 's'.repeat(1025) }, 'a secret over 1024 characters');
  refuses(channel, { providerId: 'x', clientId: 'i'.repeat(513) }, 'a client id over 512 characters');
  refuses(channel, { providerId: 'x', clientId: 'abc', extra: true }, 'an extra field');
  refuses(channel, { providerId: 'x', clientId: 'abc', clientSecretConfirm: 's' }, 'a look-alike field');
  refuses(channel, { providerId: 'x' }, 'no client id');
  refuses(channel, { providerId: 'x', clientId: 42 }, 'a number client id');
  refuses(channel, { providerId: 'x', clientId: null }, 'a null client id');
  refuses(channel, { providerId: 'x', clientId: 'abc', clientSecret: 42 }, 'a number secret');
  refuses(channel, { providerId: 'x', clientId: 'abc', clientSecret: { value: 's' } }, 'an object secret');
  refuses(channel, { providerId: 'x', clientId: 'abc', clientSecret: ['s'] }, 'an array secret');
  refuses(channel, { providerId: 'x', clientId: 'abc', clientSecret: false }, 'a boolean secret');
  refuses(channel, { providerId: 7, clientId: 'abc' }, 'a number provider id');
});

test('S25 settings:import-client-file: text up to 64 KiB, nothing else', () => {
  const channel = 'settings:import-client-file';
  assert.equal(MAX_CLIENT_FILE_LENGTH, 64 * 1024);
  const max = 'a'.repeat(64 * 1024);
  assert.deepEqual(accepts(channel, { providerId: 'google', text: max }), { providerId: 'google', text: max });
  accepts(channel, { providerId: 'google', text: '' });
  refuses(channel, { providerId: 'google', text: 'a'.repeat(64 * 1024 + 1) }, 'a file over 64 KiB');
  refuses(channel, { providerId: 'google', text: { installed: {} } }, 'a parsed object instead of text');
  refuses(channel, { providerId: 'google', text: 5 }, 'a number');
  refuses(channel, { providerId: 'google' }, 'no text');
  refuses(channel, { providerId: 'google', text: '{}', path: '/etc/passwd' }, 'an extra field (a path)');
});

test('S25 settings:set-redirect-port: a whole number from 0 to 65535', () => {
  const channel = 'settings:set-redirect-port';
  for (const port of [0, 1024, 53682, 65535]) assert.deepEqual(accepts(channel, { providerId: 'x', port }), { providerId: 'x', port });
  for (const port of [-1, 65536, 1.5, 53681.0001, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, '53681', null, true, [53681], 2 ** 53]) {
    refuses(channel, { providerId: 'x', port }, `port ${String(port)}`);
  }
  refuses(channel, { providerId: 'x' }, 'no port');
  refuses(channel, { providerId: 'x', port: 53681, host: '0.0.0.0' }, 'an extra field');
});

const form = { id: 'acme', displayName: 'Acme', issuer: 'https://login.acme.example', clientId: 'c', scopes: ['openid'], extraAuthParams: { audience: 'api' }, redirectPort: 0 };

test('S25 settings:save-custom accepts a JSON form with an optional secret and replaces', () => {
  const channel = 'settings:save-custom';
  assert.deepEqual(accepts(channel, { form }), { form });
  assert.deepEqual(accepts(channel, { form, clientSecret: null, replaces: 'acme-old' }), { form, clientSecret: null, replaces: 'acme-old' });
  assert.deepEqual(accepts(channel, { form, clientSecret: 'secret' }), { form, clientSecret: 'secret' });
  // A form built from JSON text (as the web channel receives it), and one with no prototype.
  accepts(channel, JSON.parse(JSON.stringify({ form })));
  accepts(channel, { form: Object.assign(Object.create(null), form) });
  // Unknown fields inside the form are the schema's business (it names them), not the validator's.
  accepts(channel, { form: { ...form, typo: 1 } });
});

test('S25 settings:save-custom refuses extra fields, a bad secret or replaces, and a missing form', () => {
  const channel = 'settings:save-custom';
  refuses(channel, { form, extra: 1 }, 'an extra field');
  refuses(channel, { form, clientSecret: 'x'.repeat(1025) }, 'a secret over 1024 characters');
  refuses(channel, { form, clientSecret: 5 }, 'a number secret');
  refuses(channel, { form, replaces: '' }, 'an empty replaces');
  refuses(channel, { form, replaces: 'a b' }, 'a replaces that is not an id');
  refuses(channel, { form, replaces: 5 }, 'a number replaces');
  refuses(channel, {}, 'no form');
  refuses(channel, { form: null }, 'a null form');
  refuses(channel, { form: 'id=acme' }, 'a text form');
  refuses(channel, { form: [form] }, 'an array form');
});

test('S25 settings:save-custom refuses non-plain objects anywhere in the form: class instances, functions, dates, maps', () => {
  const channel = 'settings:save-custom';
  class FormClass {
    id = 'acme';
    displayName = 'Acme';
  }
  refuses(channel, { form: new FormClass() }, 'a class instance as the form');
  refuses(channel, { form: () => form }, 'a function as the form');
  refuses(channel, { form: { ...form, extraAuthParams: new FormClass() } }, 'a class instance inside');
  refuses(channel, { form: { ...form, displayName: () => 'Acme' } }, 'a function inside');
  refuses(channel, { form: { ...form, scopes: [() => 'openid'] } }, 'a function in a list');
  refuses(channel, { form: { ...form, issuer: new URL('https://login.acme.example') } }, 'a URL object');
  refuses(channel, { form: { ...form, redirectPort: new Date(0) } }, 'a date');
  refuses(channel, { form: { ...form, extraAuthParams: new Map([['a', 'b']]) } }, 'a map');
  refuses(channel, { form: { ...form, clientId: Symbol('c') } }, 'a symbol');
  refuses(channel, { form: { ...form, redirectPort: 10n } }, 'a bigint');
  refuses(channel, { form: Object.assign(Object.create({ inherited: 1 }), form) }, 'a form with a prototype');
});

test('S25 settings:save-custom refuses non-finite numbers', () => {
  const channel = 'settings:save-custom';
  for (const value of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
    refuses(channel, { form: { ...form, redirectPort: value } }, `redirectPort ${value}`);
    refuses(channel, { form: { ...form, extraAuthParams: { n: value } } }, `a nested ${value}`);
  }
  accepts(channel, { form: { ...form, redirectPort: -1.5 } });
});

test('S25 settings:save-custom refuses deep nesting and huge forms', () => {
  const channel = 'settings:save-custom';
  // Depth as JSON sees it: form (0) → extraAuthParams (1) → its values (2) is what a real form uses.
  accepts(channel, { form: { ...form, extraAuthParams: { a: { b: { c: 'd' } } } } });
  let deep: unknown = 'leaf';
  for (let i = 0; i < 10; i++) deep = { nested: deep };
  refuses(channel, { form: { ...form, extraAuthParams: deep } }, 'ten levels of objects');
  let deepList: unknown = 'leaf';
  for (let i = 0; i < 10; i++) deepList = [deepList];
  refuses(channel, { form: { ...form, scopes: deepList } }, 'ten levels of lists');
  // A self-reference (not JSON at all) is refused, not followed forever.
  const cyclic: Record<string, unknown> = { ...form };
  cyclic.self = cyclic;
  refuses(channel, { form: cyclic }, 'a cycle');

  refuses(channel, { form: { ...form, scopes: Array.from({ length: 10_000 }, (_, i) => `s${i}`) } }, 'ten thousand scopes');
  refuses(channel, { form: Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`f${i}`, i])) }, 'a thousand fields');
  const wide = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`p${i}`, Object.fromEntries(Array.from({ length: 40 }, (_, j) => [`k${j}`, 'v']))]));
  refuses(channel, { form: { ...form, extraAuthParams: wide } }, '1600 nested values');
  // A realistic form with the schema's maximum of 100 scopes and 50 extra parameters still passes.
  accepts(channel, {
    form: {
      ...form,
      scopes: Array.from({ length: 100 }, (_, i) => `scope-${i}`),
      extraAuthParams: Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`param${i}`, 'v'])),
    },
  });
});

test('S25 auth:connect accepts addAccount: true; refuses a non-boolean and addAccount together with connectionId', () => {
  const channel = 'auth:connect';
  assert.deepEqual(accepts(channel, { providerId: 'google', addAccount: true }), { providerId: 'google', addAccount: true });
  // false means an ordinary connect: nothing is passed on.
  assert.deepEqual(accepts(channel, { providerId: 'google', addAccount: false }), { providerId: 'google' });
  for (const value of ['true', 1, 0, null, {}, []]) refuses(channel, { providerId: 'google', addAccount: value }, `addAccount ${JSON.stringify(value)}`);
  refuses(channel, { providerId: 'google', addAccount: true, connectionId: 'c-1' }, 'addAccount with connectionId');
  assert.deepEqual(accepts(channel, { providerId: 'google', connectionId: 'c-1' }), { providerId: 'google', connectionId: 'c-1' });
});

test('S25 the validated payload is a fresh object: fields the validator dropped never reach the handler', () => {
  const input = { providerId: 'x', clientId: 'abc', clientSecret: undefined };
  const out = accepts('settings:save-credentials', input) as Record<string, unknown>;
  assert.notEqual(out, input);
  assert.deepEqual(Object.keys(out).sort(), ['clientId', 'providerId']);
});
