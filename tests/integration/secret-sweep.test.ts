/**
 * S29 full-run sweep: a desk over the real Sandbox (oidc-provider on loopback, a confidential client
 * using client_secret_basic, rotating refresh tokens) goes through connect, data, a forced refresh,
 * failures (an access token revoked at the server, then the refresh token revoked so the next refresh
 * gets invalid_grant, a refused consent), re-authorization and disconnect. Every secret the server
 * issued or the desk sent is collected as it passes the HTTP client; then every log line, every IPC
 * payload, result and error (through the real dispatcher, so the wire shape is what is checked),
 * every providers:changed push, every notification, the callback pages and every file of the data
 * folder after each step are searched for them, in every form they could take. So is the flow
 * inspector: every inspector:changed push, the timeline the window would load at each push and after
 * each step (through the real dispatch of inspector:steps), and each step's "Copy as curl" command
 * and each timeline's JSON export.
 *
 * Sandbox secrets are long and random, so the inspector's token-like guessing alone would hide them:
 * the second test uses short, word-like secrets (a client secret `hunter2hunter2`, tokens such as
 * `rt:short/two` from a fault proxy) that a provider echoes in its error text, so only masking by
 * name and scrubbing by exact value keep them out of the inspector.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createDesk } from '../../electron/core/app/desk.ts';
import { createGotHttpClient } from '../../electron/core/http/got-http-client.ts';
import { dispatch } from '../../electron/core/ipc/dispatch.ts';
import type { ProviderProfile, ProviderRuntime } from '../../electron/core/providers/provider-profile.ts';
import { createFileStore } from '../../electron/core/storage/file-store.ts';
import type { Channel, WireResult } from '../../electron/shared/ipc-contract.ts';
import type { ConnectionData, PendingAttemptView, ProviderView } from '../../electron/shared/view-types.ts';
import type { FlowTimelineView, InspectorTarget } from '../../electron/shared/flow-types.ts';
import { curlCommand } from '../../electron/shared/flow-curl.ts';
import { timelineExport } from '../../electron/shared/flow-export.ts';
import { startFaultProxy } from '../helpers/fault-proxy.ts';
import { recordingLogger } from '../helpers/provider-desk.ts';
import { rawRequest } from '../helpers/raw-http.ts';
import { startSandboxFixture } from '../helpers/sandbox-fixture.ts';
import type { ScriptedSignIn } from '../helpers/scripted-browser.ts';
import { completeAuthorization } from '../helpers/scripted-browser.ts';
import { SECRET_KINDS, createSecretCollector, secretForms } from '../helpers/secret-collector.ts';
import { createTestCipher } from '../helpers/test-cipher.ts';
import { tempDataDir } from '../helpers/temp-dir.ts';

const CLIENT_ID = 'oauth-desk-sweep';
/** Characters that Basic encoding (S13), URL and JSON encoding all change. */
const CLIENT_SECRET = `sw:eep+se/cret=${randomBytes(18).toString('base64')}`;

const formEncode = (value: string) => new URLSearchParams({ v: value }).toString().slice(2);

/** Every file of the data folder (recursively), by path. */
function dataFiles(dir: string, prefix = ''): Record<string, Buffer> {
  const files: Record<string, Buffer> = {};
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) Object.assign(files, dataFiles(path, `${prefix}${name}/`));
    else files[`${prefix}${name}`] = readFileSync(path);
  }
  return files;
}

test('S29 a full run against the Sandbox (connect, data, refresh, failures, re-authorize, disconnect) leaves no issued secret in logs, IPC payloads, results or errors, pushes, notifications, the flow inspector (timelines, curl commands, exports) or the data folder', async (t) => {
  const logger = recordingLogger();
  const fixture = await startSandboxFixture(t, {
    accessTokenTtlSeconds: 300,
    logger,
    extraClients: [
      {
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        token_endpoint_auth_method: 'client_secret_basic',
        application_type: 'native',
        redirect_uris: ['http://127.0.0.1/callback'],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
      },
    ],
  });
  const runtime: ProviderRuntime = { ...fixture.runtime, server: { ...fixture.runtime.server, client: { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, authMethod: 'client_secret_basic' } } };
  const revocationEndpoint = runtime.revocationEndpoint;
  assert.ok(revocationEndpoint !== null, 'the Sandbox advertises revocation');
  const profile: ProviderProfile = {
    id: 'sandbox',
    displayName: 'Sandbox',
    description: 'The Sandbox with a confidential client',
    authModes: ['system-browser'],
    defaultAuthMode: 'system-browser',
    prepare: async () => runtime,
    authorizationOrigins: () => [fixture.server.issuer],
    close: async () => {},
  };

  const collector = createSecretCollector(createGotHttpClient());
  const dir = tempDataDir(t);
  const notifications: string[] = [];
  const browserUrls: string[] = [];
  const desk = createDesk(
    {
      store: createFileStore(dir),
      cipher: createTestCipher(),
      http: collector.http,
      logger,
      notifier: { notify: (n) => void notifications.push(JSON.stringify(n)) },
      opener: { open: async (url) => void browserUrls.push(url) },
      authWindow: null,
      proactiveRefresh: false,
    },
    [profile],
  );
  t.after(() => desk.close());

  const pushes: ProviderView[][] = [];
  desk.onProvidersChanged((views) => void pushes.push(views));
  const ipc: string[] = [];
  /** A call as the window makes it: through the dispatcher, recording the payload and the wire answer. */
  const call = async <C extends Channel>(channel: C, payload?: unknown): Promise<WireResult<C>> => {
    const wire = (await dispatch(desk.handlers, channel, payload, logger)) as WireResult<C>;
    ipc.push(`${channel} ${JSON.stringify(payload ?? null)} -> ${JSON.stringify(wire)}`);
    return wire;
  };
  const value = <C extends Channel>(wire: WireResult<C>, what: string) => {
    assert.ok(wire.ok, `${what}: ${wire.ok ? '' : `${wire.error.code}: ${wire.error.message}`}`);
    return wire.value;
  };
  /** The first pushed view of the Sandbox, from index `since`, that satisfies `predicate`. */
  const until = async (since: number, predicate: (view: ProviderView) => boolean, what: string): Promise<ProviderView> => {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const found = pushes.slice(since).map((views) => views.find((p) => p.id === 'sandbox')).find((v) => v !== undefined && predicate(v));
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };
  // The flow inspector: each push, and the timeline an open inspector loads at that moment (S29).
  const inspectorPushes: InspectorTarget[] = [];
  const timelines: FlowTimelineView[] = [];
  const loadTimeline = async (target: InspectorTarget) => {
    const wire = await call('inspector:steps', target);
    if (wire.ok) timelines.push(wire.value);
  };
  const loading: Array<Promise<void>> = [];
  desk.onInspectorChanged((target) => {
    inspectorPushes.push(target);
    loading.push(loadTimeline(target));
  });
  /** The connection whose timeline is loaded after each step, once there is one. */
  let inspected: string | null = null;
  const snapshots: Record<string, Buffer> = {};
  /** After each step: the data folder's bytes, and what the window would ask for. */
  const step = async (name: string) => {
    for (const [file, bytes] of Object.entries(dataFiles(dir))) snapshots[`${file} after ${name}`] = bytes;
    await call('providers:list');
    await call('settings:list-problems');
    await call('settings:get', { providerId: 'sandbox' });
    await loadTimeline({ kind: 'sign-in', providerId: 'sandbox' });
    await loadTimeline({ kind: 'disconnect', providerId: 'sandbox' });
    if (inspected !== null) await loadTimeline({ kind: 'connection', connectionId: inspected });
  };
  const callbackPages: string[] = [];
  const signIn = async (payload: Record<string, unknown>, browser: ScriptedSignIn = {}): Promise<ProviderView> => {
    const since = pushes.length;
    const pending: PendingAttemptView = value(await call('auth:connect', payload), 'auth:connect');
    const callbackUrl = new URL(await completeAuthorization(pending.authorizationUrl, pending.redirectUri, browser));
    collector.add('authorization code', callbackUrl.searchParams.get('code'));
    const answer = await rawRequest(Number(callbackUrl.port), { path: callbackUrl.pathname + callbackUrl.search });
    callbackPages.push(`${answer.status} ${JSON.stringify(answer.headers)} ${answer.body}`);
    return until(since, (p) => p.pending === null, 'the sign-in to end');
  };
  const latest = (kind: 'access token' | 'refresh token') => collector.secrets().filter((s) => s.kind === kind).at(-1)!.value;
  /** The test's own revocation at the server (RFC 7009, client_secret_basic): not the desk's doing. */
  const revokeAtServer = async (token: string, hint: 'access_token' | 'refresh_token') => {
    const basic = Buffer.from(`${formEncode(CLIENT_ID)}:${formEncode(CLIENT_SECRET)}`).toString('base64');
    const response = await fetch(revocationEndpoint, {
      method: 'POST',
      headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token, token_type_hint: hint }).toString(),
    });
    assert.equal(response.status, 200, `the server revoked the ${hint}`);
  };
  const grants = () => fixture.server.tokenRequestCounts();

  // 1. Connect.
  const connected = await signIn({ providerId: 'sandbox' });
  assert.equal(connected.lastError, null);
  const connectionId = connected.connections[0]!.id;
  inspected = connectionId;
  await step('connect');
  assert.ok(Object.entries(snapshots).some(([file, bytes]) => file.endsWith('.json after connect') && bytes.includes(connectionId)), 'the store file holds the connection');

  // 2. Data.
  const data: ConnectionData = value(await call('data:fetch', { connectionId }), 'data:fetch');
  assert.ok(data.panels.length > 0 && data.panels.every((p) => p.result.ok), 'profile and mail loaded');
  await step('data');

  // 3. A forced refresh (rotation), then refresh all.
  value(await call('connections:refresh', { connectionId }), 'connections:refresh');
  assert.deepEqual(value(await call('connections:refresh-all'), 'connections:refresh-all'), { refreshed: 1, failed: [] });
  await step('refresh');

  // 4. An API call with a token the server no longer accepts. Revoking it revokes its whole grant at
  // oidc-provider, so the one refresh that follows (S18) gets invalid_grant: needs re-authorization (S17).
  const refreshesBefore = grants().refresh_token ?? 0;
  await revokeAtServer(latest('access token'), 'access_token');
  const rejected = await call('data:fetch', { connectionId });
  assert.equal(rejected.ok, false, 'the data call fails');
  assert.equal(grants().refresh_token, refreshesBefore + 1, 'the rejected token led to exactly one refresh');
  await until(0, (p) => p.connections[0]?.reauthorizationReason != null, 'needs re-authorization');
  assert.equal(notifications.length, 1, 'one notification');
  assert.equal((await call('connections:refresh', { connectionId })).ok, false, 'a manual refresh is refused too');
  await step('bad access token');

  // 5. A re-authorization the person refuses on the consent page.
  const refused = await signIn({ providerId: 'sandbox', connectionId }, { consent: false });
  assert.equal(typeof refused.lastError?.code, 'string', 'the refused consent is reported');
  await step('refused consent');

  // 6. Re-authorize.
  const healed = await signIn({ providerId: 'sandbox', connectionId });
  assert.equal(healed.lastError, null);
  assert.equal(healed.connections[0]?.reauthorizationReason, null);
  value(await call('data:fetch', { connectionId }), 'data:fetch after re-authorization');
  await step('re-authorize');

  // 7. The refresh token revoked at the server: the next refresh gets invalid_grant (S17).
  await revokeAtServer(latest('refresh token'), 'refresh_token');
  const since = pushes.length;
  assert.equal((await call('connections:refresh', { connectionId })).ok, false, 'the refresh fails');
  await until(since, (p) => p.connections[0]?.reauthorizationReason != null, 'needs re-authorization again');
  assert.equal(notifications.length, 2, 'one more notification');
  await call('data:fetch', { connectionId });
  await call('connections:refresh-all');
  await step('revoked refresh token');

  // Re-authorize once more.
  assert.equal((await signIn({ providerId: 'sandbox', connectionId })).connections[0]?.reauthorizationReason, null);
  value(await call('connections:refresh', { connectionId }), 'connections:refresh after the second re-authorization');
  await step('second re-authorization');

  // 8. Disconnect: revoked at the server, wiped locally (S19).
  assert.deepEqual(value(await call('connections:disconnect', { connectionId }), 'connections:disconnect'), { revoked: true, revocationError: null });
  await call('data:fetch', { connectionId });
  await step('disconnect');

  // The collection is not empty for any kind, so the search below cannot pass vacuously.
  const counts = collector.counts();
  for (const kind of SECRET_KINDS) assert.ok(counts[kind] > 0, `collected at least one ${kind}: ${JSON.stringify(counts)}`);
  assert.ok(counts['authorization code'] >= 3 && counts['PKCE verifier'] >= 3 && counts['ID token'] >= 3, JSON.stringify(counts));
  assert.ok(counts['refresh token'] >= 5 && counts['access token'] >= 5, `every rotated token was collected: ${JSON.stringify(counts)}`);
  const secrets = collector.secrets();
  assert.ok(secrets.some((s) => s.kind === 'client secret' && s.value === CLIENT_SECRET), 'the client secret was read back from the Basic header');
  assert.ok(secrets.some((s) => s.kind === 'Authorization header' && s.value.startsWith('Basic ')), 'Basic headers were collected');
  assert.ok(secrets.some((s) => s.kind === 'Authorization header' && s.value.startsWith('Bearer ')), 'Bearer headers were collected');
  // The inspector saw every kind of step, the refused consent's callback among them.
  await Promise.all(loading);
  const stepKinds = new Set(timelines.flatMap((view) => view.steps.map((s) => s.kind)));
  assert.deepEqual([...stepKinds].sort(), ['api-call', 'authorization-request', 'callback', 'refresh', 'revocation', 'token-request']);
  assert.ok(timelines.some((view) => view.target.kind === 'sign-in' && view.steps.some((s) => s.kind === 'callback' && s.error?.code === 'access_denied')), 'the refused consent was inspected');
  assert.ok(timelines.some((view) => view.target.kind === 'disconnect' && view.steps.filter((s) => s.kind === 'revocation').length === 2), "the disconnect's revocation was inspected");
  assert.ok(inspectorPushes.length > 20 && timelines.length > 20);
  const curlCommands = timelines.flatMap((view) => view.steps.map(curlCommand));
  const exports = timelines.map((view, i) => timelineExport(view, { providerName: 'Sandbox', accountLabel: connected.connections[0]!.accountLabel, exportedAt: i }));
  assert.ok(curlCommands.some((c) => c.includes('"$CLIENT_CREDENTIALS_BASE64"')) && curlCommands.some((c) => c.includes('"$ACCESS_TOKEN"')), 'the commands carry placeholders');

  // The places were captured, and the search sees a secret in each of its forms.
  assert.ok(logger.lines.length > 10 && ipc.length > 20 && pushes.length > 5 && callbackPages.length === 4 && Object.keys(snapshots).length >= 7);
  for (const [form, needle] of Object.entries(secretForms(CLIENT_SECRET))) {
    assert.equal(collector.leaks({ probe: `x ${needle} y` }).length > 0, true, `the search finds the ${form} form`);
  }

  const leaks = collector.leaks({
    'log lines': logger.lines.join('\n'),
    'IPC payloads and answers': ipc.join('\n'),
    'providers:changed pushes': JSON.stringify(pushes),
    notifications: notifications.join('\n'),
    'callback pages': callbackPages.join('\n'),
    'URLs given to the system browser': browserUrls.join('\n'),
    'inspector:changed pushes': JSON.stringify(inspectorPushes),
    'inspector timelines': JSON.stringify(timelines),
    'inspector curl commands': curlCommands.join('\n'),
    'inspector JSON exports': exports.join('\n'),
    ...snapshots,
  });
  assert.deepEqual(leaks, [], 'no secret anywhere');
});

test('S29 short, word-like secrets a provider echoes in its error text (a client secret, tokens with ":" and "/") never reach the flow inspector: timelines, pushes, curl commands, exports', async (t) => {
  const logger = recordingLogger();
  const shortClient = 'oauth-desk-short';
  const shortSecret = 'hunter2hunter2';
  const accessToken = 'at:short/one';
  const refreshToken = 'rt:short/two';
  const fixture = await startSandboxFixture(t, {
    accessTokenTtlSeconds: 300,
    logger,
    extraClients: [
      {
        client_id: shortClient,
        client_secret: shortSecret,
        token_endpoint_auth_method: 'client_secret_post',
        application_type: 'native',
        redirect_uris: ['http://127.0.0.1/callback'],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
      },
    ],
  });
  // The token and revocation endpoints answer through a fault proxy: the test decides what the provider says.
  const proxy = await startFaultProxy(t, fixture.server.issuer);
  const base = fixture.runtime;
  assert.ok(base.revocationEndpoint !== null);
  const tokenPath = new URL(base.server.tokenEndpoint).pathname;
  const revocationPath = new URL(base.revocationEndpoint).pathname;
  const runtime: ProviderRuntime = {
    ...base,
    server: { ...base.server, tokenEndpoint: proxy.via(base.server.tokenEndpoint), client: { clientId: shortClient, clientSecret: shortSecret, authMethod: 'client_secret_post' } },
    revocationEndpoint: proxy.via(base.revocationEndpoint),
  };
  const profile: ProviderProfile = {
    id: 'sandbox',
    displayName: 'Sandbox',
    description: 'The Sandbox behind a fault proxy',
    authModes: ['system-browser'],
    defaultAuthMode: 'system-browser',
    prepare: async () => runtime,
    authorizationOrigins: () => [fixture.server.issuer],
    close: async () => {},
  };
  const collector = createSecretCollector(createGotHttpClient());
  const desk = createDesk(
    { store: createFileStore(tempDataDir(t)), cipher: createTestCipher(), http: collector.http, logger, opener: { open: async () => {} }, authWindow: null, proactiveRefresh: false },
    [profile],
  );
  t.after(() => desk.close());
  const pushes: ProviderView[][] = [];
  desk.onProvidersChanged((views) => void pushes.push(views));
  const inspectorPushes: InspectorTarget[] = [];
  const loading: Array<Promise<WireResult<'inspector:steps'>>> = [];
  const load = (target: InspectorTarget) => {
    const wire = dispatch(desk.handlers, 'inspector:steps', target, logger) as Promise<WireResult<'inspector:steps'>>;
    loading.push(wire);
    return wire;
  };
  desk.onInspectorChanged((target) => {
    inspectorPushes.push(target);
    void load(target);
  });
  const signIn = async (): Promise<ProviderView> => {
    const since = pushes.length;
    const pending = await desk.handlers['auth:connect']({ providerId: 'sandbox' });
    const callbackUrl = new URL(await completeAuthorization(pending.authorizationUrl, pending.redirectUri));
    collector.add('authorization code', callbackUrl.searchParams.get('code'));
    await rawRequest(Number(callbackUrl.port), { path: callbackUrl.pathname + callbackUrl.search });
    const deadline = Date.now() + 15_000;
    for (;;) {
      const ended = pushes.slice(since).map((views) => views[0]!).find((view) => view.pending === null);
      if (ended) return ended;
      if (Date.now() > deadline) throw new Error('the sign-in did not end');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };
  const jsonFault = (status: number, body: unknown) => ({ status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const echoes: string[] = [];
  const fail = (path: string, fault: { status: number; headers?: Record<string, string>; body: string }) => {
    echoes.push(fault.body);
    proxy.fail(path, fault);
  };

  // 1. The token endpoint refuses the client and echoes its secret.
  fail(tokenPath, jsonFault(401, { error: 'invalid_client', error_description: `client secret ${shortSecret} does not match` }));
  assert.equal((await signIn()).lastError?.code, 'client_invalid');
  // 2. It issues short tokens (the identity call with them fails at the real Sandbox; the connection stays).
  fail(tokenPath, jsonFault(200, { access_token: accessToken, token_type: 'Bearer', expires_in: 300, refresh_token: refreshToken }));
  const connected = await signIn();
  const connectionId = connected.connections[0]!.id;
  // 3. A refresh is refused with both tokens echoed, as JSON and as text.
  fail(tokenPath, jsonFault(400, { error: 'invalid_request', error_description: `refresh token ${refreshToken} came with ${accessToken}` }));
  assert.equal((await dispatch(desk.handlers, 'connections:refresh', { connectionId })).ok, false);
  fail(tokenPath, { status: 502, headers: { 'content-type': 'text/plain' }, body: `upstream rejected ${encodeURIComponent(refreshToken)} (${Buffer.from(refreshToken).toString('base64')})` });
  assert.equal((await dispatch(desk.handlers, 'connections:refresh', { connectionId })).ok, false);
  // 4. Disconnect: the revocation endpoint is busy and says which token it got.
  fail(revocationPath, { status: 503, headers: { 'content-type': 'text/plain' }, body: `busy, try revoking ${refreshToken} later` });
  const disconnected = (await dispatch(desk.handlers, 'connections:disconnect', { connectionId })) as WireResult<'connections:disconnect'>;
  assert.ok(disconnected.ok && disconnected.value.revoked === false, 'the revocation failed; the local tokens are gone anyway');
  for (const target of [{ kind: 'sign-in', providerId: 'sandbox' }, { kind: 'disconnect', providerId: 'sandbox' }, { kind: 'connection', connectionId }] as const) await load(target);

  const timelines = (await Promise.all(loading)).flatMap((wire) => (wire.ok ? [wire.value] : []));
  const steps = timelines.flatMap((view) => view.steps);
  // The run went where it should: every echo reached the desk, and the inspector recorded them.
  const shortOnes = collector.secrets().filter((s) => s.kind === 'client secret' || s.kind === 'refresh token' || s.kind === 'access token');
  assert.deepEqual([...new Set(shortOnes.map((s) => s.value))].sort(), [accessToken, refreshToken, shortSecret].sort(), 'the short secrets were collected');
  for (const echo of echoes) assert.ok(collector.leaks({ echo }).length > 0, `the provider's answer holds a secret: ${echo.slice(0, 20)}…`);
  assert.ok(steps.some((s) => s.kind === 'token-request' && s.error?.code === 'client_invalid'), 'the refused client was inspected');
  assert.ok(steps.filter((s) => s.kind === 'refresh' && s.outcome === 'failed').length >= 2, 'both refused refreshes were inspected');
  assert.ok(timelines.some((view) => view.target.kind === 'disconnect' && view.steps.some((s) => s.kind === 'revocation' && s.response?.status === 503)), 'the busy revocation was inspected');
  const echoed = steps.find((s) => s.kind === 'refresh' && s.response?.body.kind === 'json');
  assert.match(JSON.stringify(echoed?.response?.body), /refresh token \[redacted\] came with \[redacted\]/);

  const curlCommands = steps.map(curlCommand);
  const exports = timelines.map((view, i) => timelineExport(view, { providerName: 'Sandbox', accountLabel: 'Sandbox account', exportedAt: i }));
  const leaks = collector.leaks({
    'inspector:changed pushes': JSON.stringify(inspectorPushes),
    'inspector timelines': JSON.stringify(timelines),
    'inspector curl commands': curlCommands.join('\n'),
    'inspector JSON exports': exports.join('\n'),
    'log lines': logger.lines.join('\n'),
  });
  assert.deepEqual(leaks, [], 'no secret in the flow inspector');
});
