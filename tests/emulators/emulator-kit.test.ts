import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  basicAuthorization,
  basicCredentials,
  createRateWindow,
  type EmulatorRequest,
  json,
  manualClock,
  pkceMatches,
  s256,
  startEmulatorServer,
} from './emulator-kit.ts';

const request = (authorization: string | undefined): EmulatorRequest => ({
  method: 'POST',
  url: new URL('http://127.0.0.1/token'),
  path: '/token',
  headers: authorization === undefined ? {} : { authorization },
  body: Buffer.alloc(0),
});

describe('emulator kit', () => {
  it('decodes client_secret_basic per RFC 6749 2.3.1 (the S13 vector)', () => {
    const header = 'Basic MVBwRyUyRlErMTp6JTJGdFo5VndGWnFBcG1JUSUyQlpIMUk1cExrJTJGdUI0dWQlM0FYMiUyRjhiTCUyQndmRlR0MXJGdyUzRA==';
    assert.deepEqual(basicCredentials(request(header)), { clientId: '1PpG/Q 1', clientSecret: 'z/tZ9VwFZqApmIQ+ZH1I5pLk/uB4ud:X2/8bL+wfFTt1rFw=' });
    assert.equal(basicAuthorization('1PpG/Q 1', 'z/tZ9VwFZqApmIQ+ZH1I5pLk/uB4ud:X2/8bL+wfFTt1rFw='), header);
    assert.equal(basicCredentials(request('Basic id:secret')), 'malformed');
    assert.equal(basicCredentials(request(undefined)), undefined);
  });

  it('checks PKCE with the RFC 7636 Appendix B vector', () => {
    assert.equal(s256('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'), 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
    assert.equal(pkceMatches('S256', 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'), true);
    assert.equal(pkceMatches('S256', 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', 'short'), false);
  });

  it('a rate window counts, exhausts and resets on the clock', () => {
    const clock = manualClock(0);
    const window = createRateWindow(clock, 2, 10);
    assert.equal(window.take().remaining, 1);
    assert.equal(window.take().remaining, 0);
    assert.equal(window.take().allowed, false);
    clock.advance(10_000);
    assert.equal(window.take().remaining, 1);
    window.exhaust();
    assert.equal(window.take().allowed, false);
  });

  it('injected faults answer the next matching requests; the log records path and status without the query', async () => {
    const server = await startEmulatorServer(() => json(200, { ok: true }));
    try {
      server.failNext({ status: 503, path: '/token', headers: { 'Retry-After': '3' }, times: 2 });
      assert.equal((await fetch(`${server.origin}/other?token=secret-value`)).status, 200);
      const first = await fetch(`${server.origin}/token`, { method: 'POST' });
      assert.equal(first.status, 503);
      assert.equal(first.headers.get('retry-after'), '3');
      assert.equal((await fetch(`${server.origin}/token`, { method: 'POST' })).status, 503);
      assert.equal((await fetch(`${server.origin}/token`, { method: 'POST' })).status, 200);
      assert.equal(server.log.count({ path: '/token', label: 'injected' }), 2);
      assert.equal(server.log.count({ path: '/token', status: 200 }), 1);
      assert.equal(JSON.stringify(server.log.entries()).includes('secret-value'), false);
    } finally {
      await server.close();
    }
    await assert.rejects(fetch(`${server.origin}/token`), TypeError);
  });
});
