/**
 * A loopback HTTP proxy in front of a real server that can be told to answer a path with an error
 * (e.g. 503 with Retry-After from the token endpoint), so failures travel over real HTTP.
 */
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestContext } from 'node:test';

export interface Fault {
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly body?: string;
}

export interface FaultProxy {
  /** The proxy's origin, e.g. http://127.0.0.1:5123 */
  readonly origin: string;
  /** Rewrites a URL of the target server to go through the proxy. */
  via(url: string): string;
  /** Answers requests to `path` with `fault` until `heal(path)`. */
  fail(path: string, fault: Fault): void;
  heal(path: string): void;
  /** Requests seen per path, faulted or forwarded. */
  count(path: string): number;
}

export async function startFaultProxy(t: TestContext, target: string): Promise<FaultProxy> {
  const targetUrl = new URL(target);
  const faults = new Map<string, Fault>();
  const counts = new Map<string, number>();
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://proxy').pathname;
    counts.set(path, (counts.get(path) ?? 0) + 1);
    const fault = faults.get(path);
    if (fault) {
      req.resume();
      res.writeHead(fault.status, { 'content-type': 'text/plain', ...fault.headers });
      res.end(fault.body ?? '');
      return;
    }
    const upstream = request(
      { host: targetUrl.hostname, port: targetUrl.port, method: req.method, path: req.url, headers: { ...req.headers, host: targetUrl.host } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  server.keepAliveTimeout = 100;
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    via: (url) => {
      const u = new URL(url);
      return origin + u.pathname + u.search;
    },
    fail: (path, fault) => void faults.set(path, fault),
    heal: (path) => void faults.delete(path),
    count: (path) => counts.get(path) ?? 0,
  };
}
