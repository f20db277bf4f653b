import { test } from 'node:test';
import assert from 'node:assert/strict';
import { httpStep } from '../../electron/core/inspector/flow-step.ts';
import { createRefreshRequest } from '../../electron/core/oauth/token-request.ts';
import { TIMELINE_EXPORT_FORMAT, TIMELINE_EXPORT_VERSION, exportFileName, timelineExport } from '../../electron/shared/flow-export.ts';
import type { FlowTimelineView } from '../../electron/shared/flow-types.ts';
import { secretForms } from '../helpers/secret-collector.ts';

const REFRESH = 'tGzv3JOkF0XG5Qx2TlKWIA-refresh-81';
const ACCESS = 'SlAV32hkKG-access-2b7Qx9mPz4LkWq8vN3';
const EXPORTED_AT = Date.UTC(2026, 10, 21, 10, 0, 0, 123);

const step = {
  id: 7,
  ...httpStep({
    request: createRefreshRequest({ tokenEndpoint: 'https://as.example/token', client: { clientId: 'desk', clientSecret: null, authMethod: 'none' }, refreshToken: REFRESH }),
    response: { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ access_token: ACCESS, token_type: 'Bearer', refresh_token: REFRESH }) },
    at: EXPORTED_AT - 5_000,
    durationMs: 80,
    error: null,
  }),
};
const timeline: FlowTimelineView = { target: { kind: 'connection', connectionId: 'c1' }, steps: [step], dropped: 2, capacity: 100 };

test('the export is pretty JSON with a format marker and version, the metadata, and the steps as shown', () => {
  const text = timelineExport(timeline, { providerName: 'Sandbox', accountLabel: 'ada@example.com', exportedAt: EXPORTED_AT });
  assert.ok(text.includes('\n  "format"'), 'indented');
  const parsed = JSON.parse(text) as Record<string, unknown>;
  assert.equal(parsed.format, TIMELINE_EXPORT_FORMAT);
  assert.equal(parsed.version, TIMELINE_EXPORT_VERSION);
  assert.equal(parsed.exportedAt, '2026-11-21T10:00:00.123Z');
  assert.equal(parsed.provider, 'Sandbox');
  assert.equal(parsed.account, 'ada@example.com');
  assert.deepEqual(parsed.target, { kind: 'connection', connectionId: 'c1' });
  assert.equal(parsed.dropped, 2);
  assert.equal(parsed.capacity, 100);
  assert.deepEqual(parsed.steps, JSON.parse(JSON.stringify([step])));
  assert.equal((JSON.parse(timelineExport({ ...timeline, target: { kind: 'sign-in', providerId: 'sandbox' } }, { providerName: 'Sandbox', accountLabel: null, exportedAt: EXPORTED_AT })) as { account: unknown }).account, null);
});

test('S29 the export holds no secret in any form', () => {
  const text = timelineExport(timeline, { providerName: 'Sandbox', accountLabel: null, exportedAt: EXPORTED_AT });
  for (const secret of [REFRESH, ACCESS]) {
    for (const [form, needle] of Object.entries(secretForms(secret))) assert.equal(text.includes(needle), false, form);
  }
});

test('the file name is safe on every file system: provider slug and a colon-free UTC time', () => {
  assert.equal(exportFileName({ providerName: 'Sandbox', accountLabel: 'ada', exportedAt: Date.UTC(2026, 10, 21, 10, 0, 0) }), 'oauth-desk-sandbox-2026-11-21T10-00-00Z.json');
  assert.equal(exportFileName({ providerName: 'Google Health (Fitbit)', accountLabel: null, exportedAt: EXPORTED_AT }), 'oauth-desk-google-health-fitbit-2026-11-21T10-00-00Z.json');
  assert.equal(exportFileName({ providerName: 'Café ../../etc/passwd', accountLabel: null, exportedAt: EXPORTED_AT }), 'oauth-desk-cafe-etc-passwd-2026-11-21T10-00-00Z.json');
  assert.equal(exportFileName({ providerName: '日本', accountLabel: null, exportedAt: EXPORTED_AT }), 'oauth-desk-provider-2026-11-21T10-00-00Z.json');
  assert.equal(exportFileName({ providerName: 'x', accountLabel: null, exportedAt: Number.NaN }), 'oauth-desk-x-undated.json');
  const long = exportFileName({ providerName: 'a'.repeat(300), accountLabel: null, exportedAt: EXPORTED_AT });
  assert.ok(long.length < 80);
  for (const name of [long, exportFileName({ providerName: 'A:B\\C/D*E?F"G<H>I|J', accountLabel: null, exportedAt: EXPORTED_AT })]) {
    assert.match(name, /^oauth-desk-[a-z0-9-]+-(?:\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z|undated)\.json$/);
  }
});
