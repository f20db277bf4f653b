import { test } from 'node:test';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import type { AddressInfo, Server } from 'node:net';
import { checkLoopbackPort } from '../../../electron/core/loopback/port-check.ts';
import { LOOPBACK_HOST } from '../../../electron/core/loopback/loopback-receiver.ts';

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port, host, exclusive: true }, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => (server.listening ? server.close(() => resolve()) : resolve()));
}

/** A port that was free a moment ago (the OS picked it), released again. */
async function freePort(): Promise<number> {
  const server = createServer();
  const port = await listen(server, 0, LOOPBACK_HOST);
  await close(server);
  return port;
}

async function holdPort(t: TestContext, host: string = LOOPBACK_HOST, port = 0): Promise<number> {
  const server = createServer();
  const bound = await listen(server, port, host);
  t.after(() => close(server));
  return bound;
}

const listeningServers = () => process.getActiveResourcesInfo().filter((r) => r === 'TCPServerWrap').length;

test('S3 a free port is reported "free" and released afterwards: it can be listened on again at once', async (t) => {
  const port = await freePort();
  const before = listeningServers();
  assert.equal(await checkLoopbackPort(port), 'free');
  assert.equal(listeningServers(), before, 'the check left no server behind');
  // Released: the loopback receiver can take it now.
  const again = createServer();
  t.after(() => close(again));
  assert.equal(await listen(again, port, LOOPBACK_HOST), port);
});

test('S3 checking the same free port several times in a row keeps saying "free"', async () => {
  const port = await freePort();
  for (let i = 0; i < 5; i++) assert.equal(await checkLoopbackPort(port), 'free', `check ${i + 1}`);
});

test('S3 a port held by a real listener on 127.0.0.1 is "in-use"', async (t) => {
  const port = await holdPort(t);
  assert.equal(await checkLoopbackPort(port), 'in-use');
  // And the holder keeps it: checking does not disturb it.
  assert.equal(await checkLoopbackPort(port), 'in-use');
});

test('S3 a port held by a listener on all interfaces is "in-use" on 127.0.0.1 too', async (t) => {
  const port = await holdPort(t, '0.0.0.0');
  assert.equal(await checkLoopbackPort(port), 'in-use');
});

test('a port freed after being held is "free" again', async () => {
  const server = createServer();
  const port = await listen(server, 0, LOOPBACK_HOST);
  assert.equal(await checkLoopbackPort(port), 'in-use');
  await close(server);
  assert.equal(await checkLoopbackPort(port), 'free');
});

test('an address that cannot be listened on is "not-allowed", not "in-use"', async () => {
  // TEST-NET-1 (RFC 5737) is never assigned to this machine: EADDRNOTAVAIL.
  assert.equal(await checkLoopbackPort(await freePort(), '192.0.2.1'), 'not-allowed');
});
