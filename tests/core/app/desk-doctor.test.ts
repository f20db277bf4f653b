/**
 * The desk's use of the error doctor: data panels keep the typed error behind their wire error, so a
 * rate limit's reset time survives `settle`; stored errors are explained from their code.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createDeskDoctor } from '../../../electron/core/app/desk-doctor.ts';
import { apiErrorFor } from '../../../electron/core/api/resource-request.ts';
import type { ProviderProfile } from '../../../electron/core/providers/provider-profile.ts';
import { panel } from '../../../electron/core/providers/settle.ts';
import type { DataPanelView } from '../../../electron/shared/view-types.ts';

const NOW = Date.parse('2026-11-21T10:00:00Z');
const clock = { now: () => NOW };
const profile = {
  id: 'discord',
  displayName: 'Discord',
  description: '',
  authModes: ['system-browser'],
  defaultAuthMode: 'system-browser',
  console: { name: 'the Discord Developer Portal', url: 'https://discord.com/developers/applications' },
  prepare: async () => assert.fail('not used'),
  authorizationOrigins: () => [],
  close: async () => {},
} as ProviderProfile;
const connection = { grantedScopes: ['identify'], requestedScopes: ['identify', 'email'], hasRefreshToken: true };

test('a data panel rate-limited by Discord (429, Retry-After 64.57 s, its documented body) shows when the limit resets', async () => {
  const response = {
    status: 429,
    headers: { 'retry-after': '65', 'content-type': 'application/json' },
    body: '{"message":"You are being rate limited.","retry_after":64.57,"global":false}',
  };
  const panels: DataPanelView[] = [
    await panel('profile', 'profile', 'Profile', async () => {
      throw apiErrorFor(response, 'Discord', 'your profile', NOW);
    }),
  ];
  const [explained] = createDeskDoctor(clock).panels(panels, profile, connection);
  assert.ok(explained && !explained.result.ok);
  const { error } = explained.result;
  assert.equal(error.code, 'rate_limited');
  assert.equal(error.diagnosis?.id, 'rate_limited');
  assert.equal(error.diagnosis?.action, 'wait');
  const resets = error.diagnosis?.facts.find((f) => f.kind === 'time');
  assert.equal(resets?.value, new Date(NOW + 65_000).toISOString());
});

test('a panel that loaded is passed through untouched, and a plain ErrorInfo panel is explained from its code', () => {
  const ok: DataPanelView = { kind: 'profile', id: 'profile', title: 'Profile', result: { ok: true, value: { subject: '1', name: null, username: null, email: null, pictureUrl: null, description: null, facts: [], metrics: [] } } };
  const retired: DataPanelView = { kind: 'heart-rate', id: 'hr', title: 'Heart rate', result: { ok: false, error: { code: 'api_retired', message: 'Gone (HTTP 410).', hint: 'Update.' } } };
  const [first, second] = createDeskDoctor(clock).panels([ok, retired], profile, connection);
  assert.equal(first, ok);
  assert.ok(second && !second.result.ok);
  assert.equal(second.result.error.message, 'Gone (HTTP 410).', 'the message is kept');
  assert.equal(second.result.error.diagnosis?.id, 'api_retired');
});

test('a connection\'s stored scope failure names the scope the person unticked at consent', () => {
  const info = createDeskDoctor(clock).connection({ code: 'scope_missing', message: 'Discord says the connection lacks a permission.', hint: 'Re-authorize.' }, profile, connection, null);
  assert.equal(info.diagnosis?.action, 'reauthorize');
  assert.match(JSON.stringify(info.diagnosis), /email/);
});
