import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  MAX_PROVIDERS_FILE_BYTES,
  loadProvidersFile,
  parseProvidersFile,
  providersFilePath,
  resolveProvidersFile,
} from '../../../../electron/core/providers/config/providers-file.ts';
import { ProviderConfigError } from '../../../../electron/core/providers/config/provider-config-error.ts';

const FILE = '/home/ada/.config/OAuth Desk/providers.json';
const SECRET = 'z/tZ9VwFZqApmIQ+ZH1I5pLk/uB4ud:X2/8bL+wfFTt1rFw=';

const acme = { id: 'acme', displayName: 'Acme', issuer: 'https://login.acme.example', clientId: 'acme-client' };
const corp = {
  id: 'corp',
  displayName: 'Corp',
  authorizationEndpoint: 'https://corp.example/authorize',
  tokenEndpoint: 'https://corp.example/token',
  clientId: 'corp-client',
  clientSecret: SECRET,
};

function file(value: unknown): string {
  return JSON.stringify(value, null, 2);
}

async function tempDir(t: { after(fn: () => Promise<void>): void }): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'oauth-desk-providers-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

test('a valid file gives its providers in order, no errors; $schema is allowed', () => {
  const result = parseProvidersFile(file({ $schema: './providers.schema.json', providers: [acme, corp] }), FILE);
  assert.deepEqual(result.errors, []);
  assert.deepEqual(
    result.providers.map((p) => p.id),
    ['acme', 'corp'],
  );
  assert.equal(result.providers[1]!.client.clientSecret, SECRET);
  assert.equal(result.providers[1]!.client.authMethod, 'client_secret_basic');
  assert.deepEqual(parseProvidersFile('{"providers": []}', FILE), { providers: [], errors: [] });
  // A byte order mark (Windows editors) is fine.
  assert.equal(parseProvidersFile('\ufeff' + file({ providers: [acme] }), FILE).providers.length, 1);
});

test('one bad provider does not hide the good ones; each error names file, provider and field', () => {
  const text = file({ providers: [acme, { ...corp, id: 'corp', redirectPort: 80, pkce: 'none' }, { id: 'beta', displayName: 'Beta', issuer: 'https://beta.example', clientId: 'b' }, 'oops'] });
  const { providers, errors } = parseProvidersFile(text, FILE);
  assert.deepEqual(
    providers.map((p) => p.id),
    ['acme', 'beta'],
  );
  assert.deepEqual(
    errors.map((e) => [e.providerId, e.providerIndex, e.field]),
    [
      ['corp', 1, 'pkce'],
      ['corp', 1, 'redirectPort'],
      [null, 3, null],
    ],
  );
  for (const e of errors) {
    assert.ok(e instanceof ProviderConfigError);
    assert.equal(e.file, FILE);
    assert.ok(e.message.startsWith(`In ${FILE}, provider `), e.message);
    assert.ok(!e.message.includes(SECRET) && !e.hint.includes(SECRET));
  }
  assert.equal(errors[1]!.message, `In ${FILE}, provider "corp" (#2): "redirectPort" 80 is not 0 or a port from 1024 to 65535.`);
  assert.match(errors[2]!.message, /provider #4 must be an object/);
});

test('a duplicate id is an error for the later provider; the first still loads', () => {
  const { providers, errors } = parseProvidersFile(file({ providers: [acme, { ...acme, displayName: 'Acme 2' }, { ...acme, displayName: 'Acme 3' }] }), FILE);
  assert.deepEqual(
    providers.map((p) => p.displayName),
    ['Acme'],
  );
  assert.equal(errors.length, 2);
  for (const [k, e] of errors.entries()) {
    assert.equal(e.code, 'provider_config_duplicate_id');
    assert.equal(e.field, 'id');
    assert.equal(e.providerIndex, k + 1);
    assert.equal(e.message, `In ${FILE}, provider "acme" (#${k + 2}): "id" "acme" is already used by provider #1.`);
  }
  // The earlier provider counts even when another of its fields is wrong: the copy is still reported.
  const second = parseProvidersFile(file({ providers: [{ ...acme, clientId: '' }, acme] }), FILE);
  assert.deepEqual(second.providers, []);
  assert.deepEqual(
    second.errors.map((e) => [e.providerIndex, e.field]),
    [
      [0, 'clientId'],
      [1, 'id'],
    ],
  );
  // A built-in id is reported as such, not as a duplicate.
  const builtIn = parseProvidersFile(file({ providers: [{ ...acme, id: 'google' }, { ...acme, id: 'google' }] }), FILE);
  assert.deepEqual(
    builtIn.errors.map((e) => e.code),
    ['provider_config_invalid', 'provider_config_invalid'],
  );
});

test('invalid JSON gives one error with line and column, and no providers', () => {
  const text = ['{', '  "providers": [', `    {"id": "acme", "clientSecret": "${SECRET}",}`, '  ]', '}'].join('\n');
  const { providers, errors } = parseProvidersFile(text, FILE);
  assert.deepEqual(providers, []);
  assert.equal(errors.length, 1);
  const e = errors[0]!;
  assert.equal(e.code, 'providers_file_syntax');
  assert.equal(e.file, FILE);
  assert.equal(e.line, 3);
  assert.equal(e.column, 86);
  assert.equal(e.message, `In ${FILE} at line 3, column 86: this is not valid JSON: a comma before "}" (JSON allows no trailing commas).`);
  assert.match(e.hint, /no comments, no trailing commas/);
  assert.ok(!e.message.includes(SECRET) && !e.hint.includes(SECRET));

  const comment = parseProvidersFile('{\n  // my providers\n  "providers": []\n}', FILE).errors[0]!;
  assert.deepEqual([comment.line, comment.column], [2, 3]);
  assert.match(comment.message, /JSON has no comments/);
  const empty = parseProvidersFile('', FILE).errors[0]!;
  assert.match(empty.message, /the file is empty/);
});

test('the top level must be {"providers": [...]}', () => {
  const list = parseProvidersFile(file([acme]), FILE);
  assert.equal(list.errors.length, 1);
  assert.equal(list.errors[0]!.code, 'providers_file_invalid');
  assert.match(list.errors[0]!.message, /must hold an object with a "providers" list; it holds a list/);
  assert.match(list.errors[0]!.hint, /Wrap the list in an object/);

  const missing = parseProvidersFile('{}', FILE);
  assert.equal(missing.errors[0]!.field, 'providers');
  assert.match(missing.errors[0]!.message, /there is no "providers" list/);

  const notList = parseProvidersFile('{"providers": {"acme": {}}}', FILE);
  assert.match(notList.errors[0]!.message, /"providers" must be a list; got an object/);

  // An unknown top-level field is an error, but the providers still load.
  const typo = parseProvidersFile(file({ provider: [], providers: [acme], $schema: 3 }), FILE);
  assert.deepEqual(
    typo.providers.map((p) => p.id),
    ['acme'],
  );
  assert.deepEqual(
    typo.errors.map((e) => e.field),
    ['provider', '$schema'],
  );
  assert.match(typo.errors[0]!.hint, /Did you mean "providers"\?/);
});

test('providersFilePath: OAUTH_DESK_PROVIDERS when set, else providers.json in the data folder', () => {
  assert.equal(providersFilePath({}, '/data'), path.resolve('/data/providers.json'));
  assert.equal(providersFilePath({ OAUTH_DESK_PROVIDERS: '' }, '/data'), path.resolve('/data/providers.json'));
  assert.equal(providersFilePath({ OAUTH_DESK_PROVIDERS: '   ' }, '/data'), path.resolve('/data/providers.json'));
  assert.equal(providersFilePath({ OAUTH_DESK_PROVIDERS: '/etc/oauth/p.json' }, '/data'), path.resolve('/etc/oauth/p.json'));
  assert.equal(providersFilePath({ OAUTH_DESK_PROVIDERS: 'conf/p.json' }, '/data', '/home/ada'), path.resolve('/home/ada/conf/p.json'));
  assert.deepEqual(resolveProvidersFile({ OAUTH_DESK_PROVIDERS: '/p.json' }, '/data'), { path: path.resolve('/p.json'), fromEnv: true });
  assert.deepEqual(resolveProvidersFile({}, '/data'), { path: path.resolve('/data/providers.json'), fromEnv: false });
  assert.throws(
    () => providersFilePath({ OAUTH_DESK_PROVIDERS: 'a\0b' }, '/data'),
    (e: unknown) => e instanceof ProviderConfigError && e.field === 'OAUTH_DESK_PROVIDERS' && e.code === 'providers_file_path_invalid',
  );
});

test('loadProvidersFile: a missing file means no providers and no error (unless it must exist)', async (t) => {
  const dir = await tempDir(t);
  const missing = path.join(dir, 'providers.json');
  assert.deepEqual(await loadProvidersFile(missing), { file: missing, exists: false, providers: [], errors: [], warnings: [] });
  assert.deepEqual(await loadProvidersFile(path.join(dir, 'no', 'such', 'folder', 'providers.json')), {
    file: path.join(dir, 'no', 'such', 'folder', 'providers.json'),
    exists: false,
    providers: [],
    errors: [],
    warnings: [],
  });
  const required = await loadProvidersFile(missing, { mustExist: true });
  assert.equal(required.errors.length, 1);
  assert.equal(required.errors[0]!.code, 'providers_file_missing');
  assert.ok(required.errors[0]!.message.includes(missing));
  assert.match(required.errors[0]!.hint, /OAUTH_DESK_PROVIDERS/);
});

test('loadProvidersFile reads and parses the file, and reports per provider', async (t) => {
  const dir = await tempDir(t);
  const p = path.join(dir, 'providers.json');
  await writeFile(p, file({ providers: [acme, { ...acme, id: 'Bad Id' }] }), { mode: 0o600 });
  const loaded = await loadProvidersFile(p);
  assert.equal(loaded.exists, true);
  assert.equal(loaded.file, p);
  assert.deepEqual(
    loaded.providers.map((d) => d.id),
    ['acme'],
  );
  assert.equal(loaded.errors.length, 1);
  assert.equal(loaded.errors[0]!.file, p);
  assert.deepEqual(loaded.warnings, []);
});

test('loadProvidersFile: unreadable paths give one error naming the file', async (t) => {
  const dir = await tempDir(t);
  const folder = path.join(dir, 'a-folder');
  await mkdir(folder);
  const isFolder = await loadProvidersFile(folder);
  assert.equal(isFolder.errors.length, 1);
  assert.equal(isFolder.errors[0]!.code, 'providers_file_unreadable');
  assert.equal(isFolder.errors[0]!.message, `The providers file ${folder} cannot be read: it is a folder.`);
  assert.equal(isFolder.errors[0]!.file, folder);

  const plain = path.join(dir, 'plain');
  await writeFile(plain, 'x');
  const underFile = await loadProvidersFile(path.join(plain, 'providers.json'));
  assert.equal(underFile.errors[0]!.code, 'providers_file_unreadable');
  assert.match(underFile.errors[0]!.message, /a part of the path is a file/);

  const big = path.join(dir, 'big.json');
  await writeFile(big, ' '.repeat(MAX_PROVIDERS_FILE_BYTES + 1));
  assert.match((await loadProvidersFile(big)).errors[0]!.message, /larger than 1024 KiB/);

  if (process.platform !== 'win32') {
    const fifo = path.join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    const pipe = await loadProvidersFile(fifo);
    assert.match(pipe.errors[0]!.message, /not a regular file/);
  }

  if (process.platform !== 'win32' && process.getuid?.() !== 0) {
    const locked = path.join(dir, 'locked.json');
    await writeFile(locked, '{"providers": []}');
    await chmod(locked, 0o000);
    const denied = await loadProvidersFile(locked);
    assert.equal(denied.errors.length, 1);
    assert.equal(denied.errors[0]!.message, `The providers file ${locked} cannot be read: permission denied.`);
    assert.equal(denied.exists, true);
  }
});

test('loadProvidersFile warns when a file holding a client secret is readable by others', { skip: process.platform === 'win32' }, async (t) => {
  const dir = await tempDir(t);
  const p = path.join(dir, 'providers.json');
  await writeFile(p, file({ providers: [corp] }));
  await chmod(p, 0o644);
  const open = await loadProvidersFile(p);
  assert.equal(open.providers.length, 1);
  assert.equal(open.warnings.length, 1);
  assert.equal(open.warnings[0]!.code, 'providers_file_readable_by_others');
  assert.match(open.warnings[0]!.hint, /chmod 600/);
  assert.ok(!JSON.stringify(open.warnings).includes(SECRET));
  await chmod(p, 0o600);
  assert.deepEqual((await loadProvidersFile(p)).warnings, []);
  // No secret, no warning.
  await writeFile(p, file({ providers: [acme] }));
  await chmod(p, 0o644);
  assert.deepEqual((await loadProvidersFile(p)).warnings, []);
});
