import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Agent, createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startLoopbackReceiver } from '../../../electron/core/loopback/loopback-receiver.ts';
import { NetworkError } from '../../../electron/core/errors.ts';
import { probePort, rawRequest } from '../../helpers/raw-http.ts';

test('S1 binds the literal 127.0.0.1 on an OS-assigned port and builds the redirect URI from it', async () => {
  const receiver = await startLoopbackReceiver({ onCallback: () => 'invalid' });
  try {
    assert.ok(receiver.port > 0);
    assert.equal(receiver.redirectUri, `http://127.0.0.1:${receiver.port}/callback`);
  } finally {
    await receiver.close();
  }
});

test('S4 only GET on the exact path with the exact Host reaches the attempt; the rest gets 4xx and it stays open', async () => {
  const seen: string[] = [];
  const receiver = await startLoopbackReceiver({ path: '/cb', onCallback: (url) => (seen.push(url), 'invalid') });
  const port = receiver.port;
  try {
    assert.equal((await rawRequest(port, { path: '/cb?code=x', host: `localhost:${port}` })).status, 400, 'DNS-rebinding Host');
    assert.equal((await rawRequest(port, { path: '/cb?code=x', host: 'evil.example' })).status, 400);
    assert.equal((await rawRequest(port, { path: '/cb?code=x', host: '127.0.0.1' })).status, 400, 'Host without port');
    assert.equal((await rawRequest(port, { path: '/other?code=x' })).status, 404);
    assert.equal((await rawRequest(port, { path: '/cb/?code=x' })).status, 404);
    assert.equal((await rawRequest(port, { path: '/cb?code=x', method: 'POST' })).status, 405);
    assert.deepEqual(seen, [], 'none of those reached the attempt');
    const stray = await rawRequest(port, { path: '/cb?code=x&state=y' });
    assert.equal(stray.status, 400);
    assert.deepEqual(seen, [`http://127.0.0.1:${port}/cb?code=x&state=y`]);
    assert.equal(await probePort(port), 'connected', 'still listening after stray requests');
  } finally {
    await receiver.close();
  }
});

test('S5 the page echoes nothing and sends the protective headers', async () => {
  const receiver = await startLoopbackReceiver({ onCallback: () => 'invalid' });
  try {
    const payload = '<script>alert(1)</script>';
    const res = await rawRequest(receiver.port, { path: `/callback?error=x&error_description=${encodeURIComponent(payload)}` });
    assert.equal(res.status, 400);
    assert.doesNotMatch(res.body, /script|alert|error_description/i);
    assert.match(res.body, /OAuth Desk/);
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.equal(res.headers['referrer-policy'], 'no-referrer');
    assert.match(String(res.headers['content-security-policy']), /^default-src 'none'/);
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
  } finally {
    await receiver.close();
  }
});

test('S2 a final verdict closes the listener after the page is sent, keep-alive sockets included', async () => {
  const receiver = await startLoopbackReceiver({ onCallback: () => 'received' });
  const res = await rawRequest(receiver.port, { path: '/callback?code=a&state=b' });
  assert.equal(res.status, 200);
  assert.match(res.body, /go back to the app/);
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(receiver.closed, true);
  assert.equal(await probePort(receiver.port), 'ECONNREFUSED');
});

test('S2 twenty receivers in a row, each with a keep-alive socket open, leave no handle behind', async () => {
  const count = (name: string) => process.getActiveResourcesInfo().filter((r) => r === name).length;
  await new Promise((r) => setTimeout(r, 50));
  const servers = count('TCPServerWrap');
  const sockets = count('TCPSocketWrap');
  const ports: number[] = [];
  for (let i = 0; i < 20; i++) {
    // Alternate the three ways a listener ends: the genuine callback, and close() (cancel or timeout).
    const final = i % 3 === 0;
    const receiver = await startLoopbackReceiver({ onCallback: () => (final ? 'received' : 'invalid') });
    ports.push(receiver.port);
    const idle = new Agent({ keepAlive: true });
    await new Promise<void>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port: receiver.port, path: '/callback?code=a&state=b', agent: idle }, (res) => {
        res.resume();
        res.on('end', resolve);
      });
      req.on('error', reject);
      req.end();
    });
    if (!final) await receiver.close();
    await new Promise((r) => setTimeout(r, 10));
    assert.equal(receiver.closed, true);
    idle.destroy();
  }
  for (const port of ports) assert.equal(await probePort(port), 'ECONNREFUSED');
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(count('TCPServerWrap'), servers);
  assert.equal(count('TCPSocketWrap'), sockets);
});

test('S3 a busy fixed port gives an error naming the port', async () => {
  const blocker = createServer();
  await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
  const port = (blocker.address() as AddressInfo).port;
  try {
    await assert.rejects(startLoopbackReceiver({ port, onCallback: () => 'invalid' }), (e: unknown) =>
      e instanceof NetworkError && e.code === 'loopback_port_in_use' && e.message.includes(String(port)) && e.hint.includes(String(port)),
    );
  } finally {
    blocker.close();
  }
});

test('S3 a free fixed port and path are used as configured; parallel receivers get their own ports', async () => {
  const probe = await startLoopbackReceiver({ onCallback: () => 'invalid' });
  const port = probe.port;
  await probe.close();
  const fixed = await startLoopbackReceiver({ port, path: '/oauth/x', onCallback: () => 'invalid' });
  const other = await startLoopbackReceiver({ onCallback: () => 'invalid' });
  try {
    assert.equal(fixed.redirectUri, `http://127.0.0.1:${port}/oauth/x`);
    assert.notEqual(other.port, fixed.port);
  } finally {
    await Promise.all([fixed.close(), other.close()]);
  }
});

test('invalid paths are refused up front', async () => {
  await assert.rejects(startLoopbackReceiver({ path: 'callback', onCallback: () => 'invalid' }), RangeError);
  await assert.rejects(startLoopbackReceiver({ path: '/cb?x=1', onCallback: () => 'invalid' }), RangeError);
});
