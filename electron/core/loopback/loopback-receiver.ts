/**
 * The loopback redirect receiver (RFC 8252 7.3; S1–S5). It lives only for one attempt, binds the
 * literal 127.0.0.1, accepts only GET on the exact path with the exact Host, and closes every
 * socket when closed.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { NetworkError } from '../errors.ts';
import type { CallbackPageKind } from './callback-page.ts';
import { CALLBACK_PAGE_HEADERS, callbackPage } from './callback-page.ts';

export const LOOPBACK_HOST = '127.0.0.1';

/** What the attempt decided about a request that reached the exact path. */
export type CallbackVerdict = 'received' | 'failed' | 'invalid';

export interface LoopbackReceiverOptions {
  /** 0 (default) lets the OS choose; a fixed port is for providers that need an exact registered URI. */
  readonly port?: number;
  /** Default '/callback'. */
  readonly path?: string;
  /** Called synchronously for each GET on the exact path with the right Host. */
  readonly onCallback: (callbackUrl: string) => CallbackVerdict;
}

export interface LoopbackReceiver {
  readonly port: number;
  /** Built from the bound address: `http://127.0.0.1:<port><path>` (S1). */
  readonly redirectUri: string;
  readonly closed: boolean;
  close(): Promise<void>;
}

const EPHEMERAL_RETRIES = 3;
const CLOSE_GRACE_MS = 500;

function normalisePath(path: string | undefined): string {
  const p = path ?? '/callback';
  if (!p.startsWith('/') || /[?#\s]/.test(p)) throw new RangeError('The loopback redirect path must start with "/" and have no query or fragment.');
  return p;
}

export async function startLoopbackReceiver(options: LoopbackReceiverOptions): Promise<LoopbackReceiver> {
  const path = normalisePath(options.path);
  const fixedPort = options.port ?? 0;
  if (!Number.isInteger(fixedPort) || fixedPort < 0 || fixedPort > 65535) throw new RangeError('The loopback port must be 0-65535.');

  let boundPort = 0;
  let closed = false;
  const server = createServer({ keepAliveTimeout: 1000 }, (req: IncomingMessage, res: ServerResponse) => {
    const send = (kind: CallbackPageKind) => {
      const page = callbackPage(kind);
      res.writeHead(page.status, { ...CALLBACK_PAGE_HEADERS, ...(kind === 'method-not-allowed' ? { allow: 'GET' } : {}) });
      res.end(page.html);
    };
    const target = req.url ?? '';
    if (req.headers.host !== `${LOOPBACK_HOST}:${boundPort}` || !target.startsWith('/')) return send('bad-host');
    const queryAt = target.indexOf('?');
    const requestPath = queryAt === -1 ? target : target.slice(0, queryAt);
    if (requestPath !== path) return send('not-found');
    if (req.method !== 'GET') return send('method-not-allowed');
    if (closed) return send('invalid');
    let verdict: CallbackVerdict;
    try {
      verdict = options.onCallback(`http://${LOOPBACK_HOST}:${boundPort}${target}`);
    } catch {
      verdict = 'invalid';
    }
    // A final verdict (the genuine response arrived) closes the listener once the page is sent (S2).
    if (verdict !== 'invalid') res.once('finish', () => void receiver.close());
    send(verdict);
  });
  server.on('clientError', (_error, socket) => socket.destroy());

  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      const onError = (error: NodeJS.ErrnoException) => reject(error);
      server.once('error', onError);
      server.listen({ host: LOOPBACK_HOST, port, exclusive: true }, () => {
        server.off('error', onError);
        resolve((server.address() as AddressInfo).port);
      });
    });

  for (let attempt = 1; ; attempt++) {
    try {
      boundPort = await listen(fixedPort);
      break;
    } catch (cause) {
      const code = (cause as NodeJS.ErrnoException).code;
      if (fixedPort !== 0 && code === 'EADDRINUSE') {
        throw new NetworkError('loopback_port_in_use', `Port ${fixedPort} on 127.0.0.1 is already in use, so the sign-in redirect cannot be received.`, {
          hint: `Close the program using port ${fixedPort} (or a stuck sign-in in another app), or choose another fixed port and register the matching redirect URI with the provider.`,
          cause,
        });
      }
      if (fixedPort === 0 && attempt < EPHEMERAL_RETRIES) continue;
      throw new NetworkError('loopback_unavailable', 'OAuth Desk could not open a local port on 127.0.0.1 to receive the sign-in redirect.', {
        hint: 'Check that loopback networking is not blocked by a firewall or security tool, then try again.',
        cause,
      });
    }
  }

  let closing: Promise<void> | null = null;
  const receiver: LoopbackReceiver = {
    port: boundPort,
    redirectUri: `http://${LOOPBACK_HOST}:${boundPort}${path}`,
    get closed() {
      return closed;
    },
    close() {
      closed = true;
      closing ??= new Promise<void>((resolve) => {
        // Stop accepting, drop idle keep-alive sockets now, and give a response being written (it
        // carries `Connection: close`) a moment to finish before every socket is destroyed.
        const force = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
        force.unref();
        server.close(() => {
          clearTimeout(force);
          resolve();
        });
        server.closeIdleConnections();
      });
      return closing;
    },
  };
  return receiver;
}
