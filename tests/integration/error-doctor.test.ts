/**
 * The error doctor on the cards, against the real Sandbox (oidc-provider over loopback HTTP): the
 * failures a person meets come out of the desk's views with what happened, the likely cause and the
 * fix, and the facts that make the fix exact. The doctor's own mappings are unit-tested in
 * tests/core/doctor; this checks the desk hands every card error to it with the right context.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ErrorInfo } from '../../electron/shared/error-info.ts';
import { createRefreshRequest } from '../../electron/core/oauth/token-request.ts';
import { sandboxRules } from '../../electron/core/providers/sandbox-provider.ts';
import { connectedDesk } from '../helpers/connected-desk.ts';
import { rawRequest } from '../helpers/raw-http.ts';
import { completeAuthorization } from '../helpers/scripted-browser.ts';

const SANDBOX = { rules: sandboxRules(), console: { name: 'the Sandbox console', url: 'http://127.0.0.1:1/console' } };

function diagnosed(info: ErrorInfo | null | undefined) {
  assert.ok(info, 'an error is shown');
  assert.ok(info.diagnosis, `the error ${info.code} carries a diagnosis`);
  assert.ok(info.diagnosis.happened.length > 20 && info.diagnosis.cause.length > 20 && info.diagnosis.fix.length > 0, 'what happened, the cause and the fix');
  return info.diagnosis;
}

test('S17 a refresh token the Sandbox no longer accepts: the re-authorization reason explains the provider\'s refresh-token rules and offers Re-authorize', async (t) => {
  const { fixture, desk, connectionId, repository } = await connectedDesk(t, { ttl: 1, profile: SANDBOX });
  const spent = repository.secrets(connectionId).refreshToken!;
  await fixture.http.request(createRefreshRequest({ tokenEndpoint: fixture.runtime.server.tokenEndpoint, client: fixture.runtime.server.client, refreshToken: spent }));
  await new Promise((r) => setTimeout(r, 1_300));
  await assert.rejects(desk.handlers['data:fetch']({ connectionId }));

  const connection = (await desk.handlers['providers:list']())[0]!.connections[0]!;
  assert.equal(connection.reauthorizationReason?.code, 'refresh_token_invalid');
  const diagnosis = diagnosed(connection.reauthorizationReason);
  assert.equal(diagnosis.id, 'refresh_token_ended');
  assert.equal(diagnosis.action, 'reauthorize');
  // The Sandbox's refresh tokens live 14 days and rotate: the rules say so.
  assert.match(JSON.stringify(diagnosis), /14 days/);
  assert.equal(connection.lastRefresh?.error?.diagnosis?.id, 'refresh_token_ended', 'the last refresh tells the same story');
});

test('S17 a refresh the Sandbox rate-limits (429, Retry-After: 120, over real HTTP): the card says when it resets', async (t) => {
  const { desk, connectionId, tokenProxy, tokenPath } = await connectedDesk(t, { ttl: 1, profile: SANDBOX, tokenProxy: true });
  tokenProxy!.fail(tokenPath, { status: 429, headers: { 'retry-after': '120', 'content-type': 'application/json' }, body: '{"error":"slow_down"}' });
  const before = Date.now();
  await assert.rejects(desk.handlers['connections:refresh']({ connectionId }), (error: ErrorInfo) => error.code === 'rate_limited');

  const connection = (await desk.handlers['providers:list']())[0]!.connections[0]!;
  const diagnosis = diagnosed(connection.lastRefresh?.error);
  assert.equal(diagnosis.id, 'rate_limited');
  assert.equal(diagnosis.action, 'wait');
  const resets = diagnosis.facts.find((f) => f.kind === 'time');
  assert.ok(resets, `a reset time among ${JSON.stringify(diagnosis.facts)}`);
  const at = Date.parse(resets.value);
  assert.ok(at >= before + 119_000 && at <= Date.now() + 121_000, `resets about two minutes later: ${resets.value}`);
});

test('a refused consent at the Sandbox: the card\'s sign-in error is diagnosed, and a new Connect clears it', async (t) => {
  const { desk } = await connectedDesk(t, { ttl: 60, profile: SANDBOX });
  const pending = await desk.handlers['auth:connect']({ providerId: 'sandbox', addAccount: true });
  const ended = new Promise<void>((resolve) => desk.onProvidersChanged((views) => views[0]?.pending === null && views[0].lastError !== null && resolve()));
  const callback = new URL(await completeAuthorization(pending.authorizationUrl, pending.redirectUri, { consent: false }));
  await rawRequest(Number(callback.port), { path: callback.pathname + callback.search });
  await ended;
  const provider = (await desk.handlers['providers:list']())[0]!;
  assert.equal(provider.lastError?.code, 'access_denied');
  const diagnosis = diagnosed(provider.lastError);
  assert.equal(diagnosis.id, 'access_denied');
  assert.equal(diagnosis.action, 'connect');

  await desk.handlers['auth:connect']({ providerId: 'sandbox' });
  assert.equal((await desk.handlers['providers:list']())[0]!.lastError, null);
});
