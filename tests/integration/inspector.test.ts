/**
 * The flow inspector against the real Sandbox (oidc-provider on loopback, the scripted browser):
 * what a connection's timeline shows after connect, data, refresh and disconnect, what a failed
 * sign-in leaves on the provider's sign-in timeline, and the bound on a timeline. Timelines are read
 * through the real dispatcher, as the window reads them.
 */
import { test } from 'node:test';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { createDesk } from '../../electron/core/app/desk.ts';
import { createGotHttpClient } from '../../electron/core/http/got-http-client.ts';
import type { HttpClient } from '../../electron/core/http/http-client.ts';
import { dispatch } from '../../electron/core/ipc/dispatch.ts';
import { silentLogger } from '../../electron/core/ports.ts';
import type { ProviderProfile } from '../../electron/core/providers/provider-profile.ts';
import { createFileStore } from '../../electron/core/storage/file-store.ts';
import type { FlowStep, FlowTimelineView, InspectorTarget, MaskedValue } from '../../electron/shared/flow-types.ts';
import type { ProviderView } from '../../electron/shared/view-types.ts';
import { fixtureProvider } from '../helpers/connected-desk.ts';
import { rawRequest } from '../helpers/raw-http.ts';
import type { SandboxFixture } from '../helpers/sandbox-fixture.ts';
import { startSandboxFixture } from '../helpers/sandbox-fixture.ts';
import type { ScriptedSignIn } from '../helpers/scripted-browser.ts';
import { completeAuthorization } from '../helpers/scripted-browser.ts';
import { createSecretCollector } from '../helpers/secret-collector.ts';
import { createTestCipher } from '../helpers/test-cipher.ts';
import { tempDataDir } from '../helpers/temp-dir.ts';

const SIGN_IN: InspectorTarget = { kind: 'sign-in', providerId: 'sandbox' };
const DISCONNECT: InspectorTarget = { kind: 'disconnect', providerId: 'sandbox' };

/** An HttpClient that counts the requests it passes on, and can hold GETs (data calls in flight) until released. */
function counting(inner: HttpClient) {
  let holding: { arrived: () => void; opened: Promise<void> } | null = null;
  const client = {
    count: 0,
    request: async (request: Parameters<HttpClient['request']>[0]) => {
      client.count++;
      if (holding !== null && request.method === 'GET') {
        holding.arrived();
        await holding.opened;
      }
      return inner.request(request);
    },
    /** From now on GETs wait; `arrived` resolves when the first one waits, `release` lets them all go. */
    holdGets() {
      let arrived!: () => void;
      let release!: () => void;
      const first = new Promise<void>((resolve) => (arrived = resolve));
      const opened = new Promise<void>((resolve) => (release = resolve));
      holding = { arrived, opened };
      return {
        arrived: first,
        release: () => {
          holding = null;
          release();
        },
      };
    },
  };
  return client;
}

async function inspectorDesk(t: TestContext, options: { capacity?: number; profile?: (fixture: SandboxFixture) => ProviderProfile; fixture?: SandboxFixture } = {}) {
  const fixture = options.fixture ?? (await startSandboxFixture(t, { accessTokenTtlSeconds: 300 }));
  const collector = createSecretCollector(createGotHttpClient());
  const http = counting(collector.http);
  const desk = createDesk(
    {
      store: createFileStore(tempDataDir(t)),
      cipher: createTestCipher(),
      http,
      opener: { open: async () => {} },
      authWindow: null,
      logger: silentLogger,
      proactiveRefresh: false,
      ...(options.capacity === undefined ? {} : { inspectorCapacity: options.capacity }),
    },
    [(options.profile ?? fixtureProvider)(fixture)],
  );
  t.after(() => desk.close());
  const pushes: ProviderView[][] = [];
  desk.onProvidersChanged((views) => void pushes.push(views));
  /** Every inspector:changed, with the timeline the window would load at that moment. */
  const changes: Array<{ target: InspectorTarget; view: Promise<unknown> }> = [];
  desk.onInspectorChanged((target) => changes.push({ target, view: dispatch(desk.handlers, 'inspector:steps', target) }));
  const timeline = async (target: InspectorTarget): Promise<FlowTimelineView> => {
    const wire = await dispatch(desk.handlers, 'inspector:steps', target);
    assert.ok(wire.ok, 'inspector:steps answers');
    return wire.value as FlowTimelineView;
  };
  /** Connect (or re-authorize) through the scripted browser; resolves with the view once the sign-in ended. */
  const signIn = async (payload: { providerId: string; connectionId?: string }, browser: ScriptedSignIn = {}): Promise<ProviderView> => {
    const since = pushes.length;
    const pending = await desk.handlers['auth:connect'](payload);
    const callback = new URL(await completeAuthorization(pending.authorizationUrl, pending.redirectUri, browser));
    collector.add('authorization code', callback.searchParams.get('code'));
    await rawRequest(Number(callback.port), { path: callback.pathname + callback.search });
    const deadline = Date.now() + 15_000;
    for (;;) {
      const ended = pushes.slice(since).map((views) => views[0]!).find((view) => view.pending === null);
      if (ended) return ended;
      if (Date.now() > deadline) throw new Error('the sign-in did not end');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };
  return { fixture, desk, http, collector, changes, timeline, signIn };
}

const kinds = (view: FlowTimelineView) => view.steps.map((s) => s.kind);
const masked = (value: unknown): value is MaskedValue => typeof value === 'object' && value !== null && (value as { masked?: unknown }).masked === true;
const field = (params: FlowStep['request']['form'], name: string) => params.find((p) => p.name === name)?.value;

test("a connection's timeline: authorization request, callback, token request, identity and data calls, a refresh; disconnect records its revocation on the provider's disconnect timeline and clears the connection's (S29)", async (t) => {
  const { desk, collector, changes, timeline, signIn } = await inspectorDesk(t);
  const connected = await signIn({ providerId: 'sandbox' });
  assert.equal(connected.lastError, null);
  const connectionId = connected.connections[0]!.id;
  const target: InspectorTarget = { kind: 'connection', connectionId };

  const afterConnect = await timeline(target);
  assert.deepEqual(kinds(afterConnect), ['authorization-request', 'callback', 'token-request', 'api-call']);
  assert.deepEqual((await timeline(SIGN_IN)).steps, [], 'the sign-in timeline was handed over and cleared');
  assert.equal(afterConnect.capacity, 100);
  assert.equal(afterConnect.dropped, 0);
  const [authorization, callback, token, identity] = afterConnect.steps as [FlowStep, FlowStep, FlowStep, FlowStep];
  assert.ok(authorization.id < callback.id && callback.id < token.id && token.id < identity.id, 'in protocol order');
  assert.ok(masked(field(authorization.request.query, 'state')), 'the state is masked');
  assert.equal(field(authorization.request.query, 'code_challenge_method'), 'S256');
  assert.equal(typeof field(authorization.request.query, 'code_challenge'), 'string', 'the S256 PKCE challenge (a hash) is shown');
  assert.equal(field(authorization.request.query, 'response_type'), 'code');
  assert.ok(masked(field(callback.request.query, 'code')) && masked(field(callback.request.query, 'state')));
  assert.equal(callback.outcome, 'ok');
  assert.equal(token.title, 'Token request');
  assert.equal(token.response?.status, 200);
  assert.equal(token.outcome, 'ok');
  assert.ok(masked(field(token.request.form, 'code')) && masked(field(token.request.form, 'code_verifier')));
  assert.equal(field(token.request.form, 'grant_type'), 'authorization_code');
  const tokenBody = token.response?.body.kind === 'json' ? (token.response.body.value as Record<string, unknown>) : {};
  assert.ok(masked(tokenBody.access_token) && masked(tokenBody.refresh_token) && masked(tokenBody.id_token), 'the issued tokens are masked');
  assert.equal(tokenBody.token_type, 'Bearer');
  assert.equal(identity.request.method, 'GET');
  assert.equal(identity.response?.status, 200);
  assert.ok(masked(field(identity.request.headers, 'authorization')));
  for (const step of [token, identity]) assert.ok(typeof step.durationMs === 'number' && step.durationMs >= 0, `${step.title} is timed`);

  // Data: every API call, with status and duration.
  await desk.handlers['data:fetch']({ connectionId });
  const afterData = await timeline(target);
  const calls = afterData.steps.slice(afterConnect.steps.length);
  assert.ok(calls.length >= 2 && calls.every((s) => s.kind === 'api-call' && s.response?.status === 200 && typeof s.durationMs === 'number'), 'profile and mail calls');
  assert.ok(calls.some((s) => s.title.startsWith('GET ') && s.title.includes('/messages')));

  // A refresh.
  await desk.handlers['connections:refresh']({ connectionId });
  const refresh = (await timeline(target)).steps.at(-1)!;
  assert.equal(refresh.kind, 'refresh');
  assert.equal(refresh.response?.status, 200);
  assert.ok(masked(field(refresh.request.form, 'refresh_token')));

  // Disconnect: the revocation (refresh token first) is recorded on the provider's disconnect
  // timeline, which stays to be inspected; the connection's timeline is cleared.
  const before = changes.length;
  assert.deepEqual(await desk.handlers['connections:disconnect']({ connectionId }), { revoked: true, revocationError: null });
  const during = changes.slice(before);
  assert.ok(during.every((c) => (c.target.kind === 'connection' && c.target.connectionId === connectionId) || (c.target.kind === 'disconnect' && c.target.providerId === 'sandbox')));
  assert.ok(during.some((c) => c.target.kind === 'disconnect'), 'inspector:changed named the disconnect timeline');
  assert.deepEqual(during.at(-1)?.target, target, 'the last change announced the cleared connection timeline');
  const disconnect = await timeline(DISCONNECT);
  assert.deepEqual(disconnect.steps.map((s) => [s.kind, s.title, s.response?.status, s.outcome]), [
    ['revocation', 'Revoke refresh token', 200, 'ok'],
    ['revocation', 'Revoke access token', 200, 'ok'],
  ]);
  assert.deepEqual(disconnect.steps.map((s) => field(s.request.form, 'token_type_hint')), ['refresh_token', 'access_token']);
  for (const step of disconnect.steps) {
    const token = field(step.request.form, 'token');
    assert.ok(masked(token) && token.length >= 24 && token.preview.length === 4, 'the revoked token is masked');
  }
  assert.deepEqual(await timeline(target), { target, steps: [], dropped: 0, capacity: 100 });
  assert.deepEqual(kinds(await timeline(DISCONNECT)), ['revocation', 'revocation'], 'still there after the connection is gone');
  changes.push({ target: DISCONNECT, view: dispatch(desk.handlers, 'inspector:steps', DISCONNECT) });

  // S29: nothing the inspector showed during the run holds an issued secret.
  const shown = await Promise.all(changes.map((c) => c.view));
  assert.deepEqual(collector.leaks({ 'inspector timelines': JSON.stringify(shown) }), []);
  assert.ok(collector.secrets().length >= 5, 'secrets were collected, so the search is not vacuous');
});

test('a refused consent stays on the sign-in timeline with its error, and the next Connect starts a fresh one', async (t) => {
  const { changes, timeline, signIn } = await inspectorDesk(t);
  const refused = await signIn({ providerId: 'sandbox' }, { consent: false });
  assert.equal(refused.lastError?.code, 'access_denied');
  assert.deepEqual(refused.connections, []);
  const failed = await timeline(SIGN_IN);
  assert.deepEqual(kinds(failed), ['authorization-request', 'callback']);
  const callback = failed.steps[1]!;
  assert.equal(callback.outcome, 'failed');
  assert.equal(callback.error?.code, 'access_denied');
  assert.equal(field(callback.request.query, 'error'), 'access_denied');
  assert.ok(changes.some((c) => c.target.kind === 'sign-in' && c.target.providerId === 'sandbox'), 'inspector:changed named the sign-in timeline');

  const connected = await signIn({ providerId: 'sandbox' });
  const connection = await timeline({ kind: 'connection', connectionId: connected.connections[0]!.id });
  assert.deepEqual(kinds(connection), ['authorization-request', 'callback', 'token-request', 'api-call'], 'the failed attempt did not come along');
  assert.deepEqual((await timeline(SIGN_IN)).steps, []);
});

test('a token request the server refuses (a wrong client secret) stays on the sign-in timeline: HTTP 401, client_invalid', async (t) => {
  const fixture = await startSandboxFixture(t, {
    accessTokenTtlSeconds: 300,
    extraClients: [
      {
        client_id: 'inspector-confidential',
        client_secret: 'the-right-secret-0123456789',
        token_endpoint_auth_method: 'client_secret_post',
        application_type: 'native',
        redirect_uris: ['http://127.0.0.1/callback'],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
      },
    ],
  });
  const wrongSecret = (f: SandboxFixture): ProviderProfile => {
    const runtime = { ...f.runtime, server: { ...f.runtime.server, client: { clientId: 'inspector-confidential', clientSecret: 'a-wrong-secret-0123456789', authMethod: 'client_secret_post' as const } } };
    return { ...fixtureProvider(f), prepare: async () => runtime };
  };
  const { timeline, signIn } = await inspectorDesk(t, { fixture, profile: wrongSecret });
  const failed = await signIn({ providerId: 'sandbox' });
  assert.equal(failed.lastError?.code, 'client_invalid');
  const view = await timeline(SIGN_IN);
  assert.deepEqual(kinds(view), ['authorization-request', 'callback', 'token-request']);
  const token = view.steps[2]!;
  assert.equal(token.response?.status, 401);
  assert.equal(token.outcome, 'failed');
  assert.equal(token.error?.code, 'client_invalid');
  assert.deepEqual(field(token.request.form, 'client_secret'), { masked: true, secret: 'client_secret', preview: '', length: 25 }, 'no preview of a client secret');
  assert.equal(JSON.stringify(view).includes('a-wrong-secret-0123456789'), false, 'S29');
});

test('a timeline holds at most its capacity: the newest steps, and the count of dropped ones', async (t) => {
  const capacity = 5;
  const { desk, http, timeline, signIn } = await inspectorDesk(t, { capacity });
  const connectionId = (await signIn({ providerId: 'sandbox' })).connections[0]!.id;
  const target: InspectorTarget = { kind: 'connection', connectionId };
  // Authorization request and callback, plus every request the desk sent (token, identity, data).
  let total = 2 + http.count;
  assert.equal(total, 4);
  for (let round = 0; round < 3; round++) {
    const sent = http.count;
    await desk.handlers['data:fetch']({ connectionId });
    total += http.count - sent;
    const view = await timeline(target);
    assert.equal(view.capacity, capacity);
    assert.equal(view.steps.length, capacity, 'full, never over');
    assert.equal(view.dropped, total - capacity, 'every step beyond the capacity is counted');
    assert.ok(view.steps.every((s, i) => i === 0 || s.id > view.steps[i - 1]!.id), 'the newest, oldest first');
  }
  assert.ok(total > 2 * capacity);
});

test('a data fetch in flight during Disconnect: its answers arrive after the connection timeline was cleared and are dropped; the disconnect timeline holds only the revocation', async (t) => {
  const { desk, http, changes, timeline, signIn } = await inspectorDesk(t);
  const connectionId = (await signIn({ providerId: 'sandbox' })).connections[0]!.id;
  const target: InspectorTarget = { kind: 'connection', connectionId };
  const held = http.holdGets();
  const fetching = desk.handlers['data:fetch']({ connectionId }).then(
    () => 'answered',
    () => 'failed',
  );
  await held.arrived;
  assert.deepEqual(await desk.handlers['connections:disconnect']({ connectionId }), { revoked: true, revocationError: null });
  assert.deepEqual(await timeline(target), { target, steps: [], dropped: 0, capacity: 100 });
  const cleared = changes.length;
  held.release();
  assert.match(await fetching, /answered|failed/, 'the data fetch ended');
  assert.deepEqual(await timeline(target), { target, steps: [], dropped: 0, capacity: 100 }, 'the late answers did not bring the timeline back');
  assert.deepEqual(changes.slice(cleared).map((c) => c.target), [], 'nothing was announced for it either');
  assert.deepEqual(kinds(await timeline(DISCONNECT)), ['revocation', 'revocation']);
});
