/**
 * The desk (what the window talks to) with its real Sandbox provider: oidc-provider on loopback,
 * real HTTP through got, a real conf store in a temporary data folder.
 */
import { test } from 'node:test';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createDesk } from '../../electron/core/app/desk.ts';
import type { Desk } from '../../electron/core/app/desk-types.ts';
import { ConnectionRepository } from '../../electron/core/storage/connection-repository.ts';
import { createFileStore, storeFilePath } from '../../electron/core/storage/file-store.ts';
import { silentLogger } from '../../electron/core/ports.ts';
import type { BrowserOpener, SecretCipher } from '../../electron/core/ports.ts';
import { connectionState } from '../../electron/shared/connection-state.ts';
import type { ProviderView } from '../../electron/shared/view-types.ts';
import { completeAuthorization } from '../helpers/scripted-browser.ts';
import { probePort, rawRequest } from '../helpers/raw-http.ts';
import { createTestCipher } from '../helpers/test-cipher.ts';
import { tempDataDir } from '../helpers/temp-dir.ts';
import { findPanel } from '../../electron/shared/data-panels.ts';

interface Harness {
  desk: Desk;
  dir: string;
  cipher: SecretCipher;
  opened: string[];
  changes: ProviderView[][];
  /** Resolves with the first pushed Sandbox view (from index `since` on) that satisfies the predicate. */
  until(predicate: (sandbox: ProviderView) => boolean, since?: number): Promise<ProviderView>;
}

/** Listening servers in this process, counted after earlier tests' servers finished closing. */
async function listeningServers(): Promise<number> {
  await new Promise((r) => setTimeout(r, 100));
  return process.getActiveResourcesInfo().filter((r) => r === 'TCPServerWrap').length;
}

function harness(t: TestContext): Harness {
  const dir = tempDataDir(t);
  const cipher = createTestCipher();
  const opened: string[] = [];
  const opener: BrowserOpener = { open: async (url) => void opened.push(url) };
  const desk = createDesk({ store: createFileStore(dir), cipher, opener, authWindow: null, logger: silentLogger, sandboxTokenTtlSeconds: 90 });
  t.after(() => desk.close());
  const changes: ProviderView[][] = [];
  const waiters = new Set<() => void>();
  desk.onProvidersChanged((views) => {
    changes.push(views);
    for (const w of [...waiters]) w();
  });
  const until = (predicate: (sandbox: ProviderView) => boolean, since = 0) =>
    new Promise<ProviderView>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('timed out waiting for a state')), 10_000);
      const check = () => {
        for (let i = since; i < changes.length; i++) {
          const view = changes[i]!.find((p) => p.id === 'sandbox');
          if (view && predicate(view)) {
            clearTimeout(timer);
            waiters.delete(check);
            return resolve(view);
          }
        }
      };
      waiters.add(check);
      check();
    });
  return { desk, dir, cipher, opened, changes, until };
}

async function signIn(h: Harness, options: { connectionId?: string; consent?: boolean; login?: string } = {}) {
  const pending = await h.desk.handlers['auth:connect']({ providerId: 'sandbox', ...(options.connectionId ? { connectionId: options.connectionId } : {}) });
  const callback = await completeAuthorization(pending.authorizationUrl, pending.redirectUri, { login: options.login ?? 'ada', consent: options.consent ?? true });
  const u = new URL(callback);
  const since = h.changes.length;
  assert.equal((await rawRequest(Number(u.port), { path: u.pathname + u.search })).status, 200);
  return h.until((p) => p.pending === null, since);
}

test('connect the Sandbox end to end: waiting, connected, profile and unread mail', async (t) => {
  const h = harness(t);
  const [initial] = await h.desk.handlers['providers:list']();
  assert.equal(initial?.displayName, 'Sandbox');
  assert.deepEqual(initial?.connections, []);
  assert.equal(initial?.authMode, 'system-browser');
  assert.deepEqual(initial?.availableAuthModes, ['system-browser'], 'no in-app window without a host window');

  const pending = await h.desk.handlers['auth:connect']({ providerId: 'sandbox' });
  assert.deepEqual(h.opened, [pending.authorizationUrl]);
  assert.equal((await h.until((p) => p.pending !== null)).pending?.attemptId, pending.attemptId, 'Waiting for browser…');
  const origins = h.desk.authorizationOrigins();
  assert.ok(origins.includes(new URL(pending.authorizationUrl).origin), 'S12 the opener allow-list knows the Sandbox');
  assert.equal(new Set(origins).size, origins.length, 'each origin once');
  assert.ok(origins.every((o) => o === new URL(pending.authorizationUrl).origin || o.startsWith('https://')), 'S12 only https origins besides the loopback Sandbox');

  const callback = await completeAuthorization(pending.authorizationUrl, pending.redirectUri);
  const u = new URL(callback);
  await rawRequest(Number(u.port), { path: u.pathname + u.search });
  const connected = await h.until((p) => p.connections.length === 1 && p.pending === null);
  const c = connected.connections[0]!;
  assert.equal(c.accountLabel, 'ada@sandbox.oauthdesk.test');
  assert.equal(connectionState(c, Date.now()).kind, 'connected');
  assert.equal(c.hasRefreshToken, true);
  assert.ok(c.grantedScopes.includes('mail.read'));
  assert.ok(c.expiresAt !== null && Math.abs(c.expiresAt - (Date.now() + 90_000)) < 5_000, 'OAUTH_DESK_SANDBOX_TOKEN_TTL honoured');
  assert.equal(connected.lastError, null);

  const data = await h.desk.handlers['data:fetch']({ connectionId: c.id });
  assert.deepEqual(data.panels.map((p) => [p.kind, p.title]), [['profile', 'Profile'], ['mail', 'Unread mail']]);
  const profile = findPanel(data.panels, 'profile')?.result;
  assert.ok(profile?.ok && profile.value.name === 'Ada');
  const mail = findPanel(data.panels, 'mail')?.result;
  assert.ok(mail?.ok);
  assert.ok(mail.value.messages.length > 0);
  assert.ok(mail.value.unreadCount >= mail.value.messages.length);
  assert.ok(mail.value.messages.every((m) => !/&(amp|quot|lt|gt|#39);/.test(m.snippet)), 'snippets arrive decoded');

  // Tokens never reach the renderer: nothing in any pushed view or the data payload looks like one.
  const secrets = new ConnectionRepository(createFileStore(h.dir), h.cipher, silentLogger).secrets(c.id);
  const rendererSaw = JSON.stringify([h.changes, data, pending]);
  for (const secret of [secrets.accessToken, secrets.refreshToken, secrets.idToken]) {
    assert.ok(secret && !rendererSaw.includes(secret), 'S25 S29 no token in renderer payloads');
    assert.ok(!readFileSync(storeFilePath(h.dir), 'utf8').includes(secret), 'S20 no token in the store file');
  }
});

test('a failed re-authorization leaves the existing connection untouched', async (t) => {
  const h = harness(t);
  await signIn(h);
  const before = (await h.until((p) => p.connections.length === 1 && p.pending === null)).connections[0]!;
  const repo = () => new ConnectionRepository(createFileStore(h.dir), h.cipher, silentLogger);
  const secretsBefore = repo().secrets(before.id);

  const after = await signIn(h, { connectionId: before.id, consent: false });
  assert.equal(after.lastError?.code, 'access_denied');
  assert.match(after.lastError?.hint ?? '', /approve/);
  assert.deepEqual(after.connections, [before]);
  assert.deepEqual(repo().secrets(before.id), secretsBefore);
  const data = await h.desk.handlers['data:fetch']({ connectionId: before.id });
  assert.ok(findPanel(data.panels, 'profile')?.result.ok, 'the old tokens still work');
});

test('re-authorize replaces the tokens of the same connection; the same account connected again is not duplicated', async (t) => {
  const h = harness(t);
  await signIn(h);
  const first = (await h.until((p) => p.connections.length === 1 && p.pending === null)).connections[0]!;
  const oldSecrets = new ConnectionRepository(createFileStore(h.dir), h.cipher, silentLogger).secrets(first.id);
  const reauthorized = await signIn(h, { connectionId: first.id });
  assert.deepEqual(reauthorized.connections.map((c) => c.id), [first.id]);
  assert.equal(reauthorized.connections[0]!.connectedAt, first.connectedAt);
  const view = await signIn(h); // plain Connect with the same account
  assert.deepEqual(view.connections.map((c) => c.id), [first.id], 'the same account updates the existing connection');
  const newSecrets = new ConnectionRepository(createFileStore(h.dir), h.cipher, silentLogger).secrets(first.id);
  assert.notEqual(newSecrets.accessToken, oldSecrets.accessToken);
  const two = await signIn(h, { login: 'grace' });
  assert.deepEqual(two.connections.map((c) => c.accountLabel), ['ada@sandbox.oauthdesk.test', 'grace@sandbox.oauthdesk.test']);
});

test('cancel ends the wait without an error on the card and frees the port', async (t) => {
  const h = harness(t);
  const pending = await h.desk.handlers['auth:connect']({ providerId: 'sandbox' });
  const port = Number(new URL(pending.redirectUri).port);
  await h.desk.handlers['auth:cancel']({ attemptId: pending.attemptId });
  const view = await h.until((p) => p.pending === null);
  assert.equal(view.lastError, null);
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(await probePort(port), 'ECONNREFUSED');
  await assert.rejects(h.desk.handlers['auth:cancel']({ attemptId: pending.attemptId }), (e: unknown) => (e as { code?: string }).code === 'attempt_not_found');
});

test('S19 disconnect revokes at the Sandbox, then wipes the local tokens', async (t) => {
  const h = harness(t);
  await signIn(h);
  const c = (await h.until((p) => p.connections.length === 1 && p.pending === null)).connections[0]!;
  const result = await h.desk.handlers['connections:disconnect']({ connectionId: c.id });
  assert.deepEqual(result, { revoked: true, revocationError: null });
  assert.deepEqual((await h.desk.handlers['providers:list']())[0]?.connections, []);
  assert.equal(readFileSync(storeFilePath(h.dir), 'utf8').includes(c.id), false);
  await assert.rejects(h.desk.handlers['data:fetch']({ connectionId: c.id }), (e: unknown) => (e as { code?: string }).code === 'connection_not_found');
});

test('unknown providers and auth modes are refused with typed errors', async (t) => {
  const h = harness(t);
  await assert.rejects(h.desk.handlers['auth:connect']({ providerId: 'nope' }), (e: unknown) => (e as { code?: string }).code === 'provider_unknown');
  await assert.rejects(h.desk.handlers['providers:set-auth-mode']({ providerId: 'sandbox', authMode: 'app-window' }), (e: unknown) => (e as { code?: string }).code === 'auth_mode_unavailable');
});

test('re-authorizing with another account adds that account instead of overwriting the first', async (t) => {
  const h = harness(t);
  const ada = (await signIn(h)).connections[0]!;
  const adaSecrets = new ConnectionRepository(createFileStore(h.dir), h.cipher, silentLogger).secrets(ada.id);
  const after = await signIn(h, { connectionId: ada.id, login: 'grace' });
  assert.deepEqual(after.connections.map((c) => c.accountLabel), ['ada@sandbox.oauthdesk.test', 'grace@sandbox.oauthdesk.test']);
  assert.deepEqual(new ConnectionRepository(createFileStore(h.dir), h.cipher, silentLogger).secrets(ada.id), adaSecrets);
});

test('overlapping connects keep one attempt: the older one is superseded and its port released', async (t) => {
  const h = harness(t);
  const before = await listeningServers();
  const [first, second] = await Promise.allSettled([
    h.desk.handlers['auth:connect']({ providerId: 'sandbox' }),
    h.desk.handlers['auth:connect']({ providerId: 'sandbox' }),
  ]);
  assert.equal(first.status, 'rejected');
  assert.equal((first as PromiseRejectedResult).reason.code, 'attempt_superseded');
  assert.equal(second.status, 'fulfilled');
  const pending = (second as PromiseFulfilledResult<{ attemptId: string; redirectUri: string }>).value;
  const [view] = await h.desk.handlers['providers:list']();
  assert.equal(view?.pending?.attemptId, pending.attemptId);
  assert.equal(view?.lastError, null, 'being superseded is not an error to show');
  const sandboxPort = Number(new URL(h.desk.authorizationOrigins()[0]!).port);
  await h.desk.close();
  assert.equal(await probePort(Number(new URL(pending.redirectUri).port)), 'ECONNREFUSED');
  assert.equal(await probePort(sandboxPort), 'ECONNREFUSED');
  // Only the servers that existed before this test remain: no Sandbox, no loopback receiver.
  assert.equal(await listeningServers(), before);
});

test('closing while a connect is starting leaves no server listening', async (t) => {
  const h = harness(t);
  const before = await listeningServers();
  const connecting = h.desk.handlers['auth:connect']({ providerId: 'sandbox' });
  await h.desk.close();
  await assert.rejects(connecting, (e: unknown) => (e as { code?: string }).code === 'app_closing');
  assert.equal(await listeningServers(), before);
  assert.deepEqual(h.opened, [], 'no browser was opened');
});
