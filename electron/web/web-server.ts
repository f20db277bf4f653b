/**
 * The web channel: the renderer in any browser, talking to the same Desk over loopback HTTP.
 *
 * - Binds the literal 127.0.0.1 (never "localhost" or 0.0.0.0).
 * - A fresh 32-byte key per start; the browser gets it in the URL fragment (never sent to the
 *   server, never in logs or Referer) and sends it back in the `X-OAuth-Desk-Key` header.
 * - Every request: Host must be exactly `127.0.0.1:<port>` (DNS rebinding defence) and an Origin,
 *   when present, must be `http://127.0.0.1:<port>`. API requests also refuse cross-site
 *   `Sec-Fetch-Site`, need the key, and (for invoke) `application/json` bodies, so no simple
 *   cross-origin request can reach a handler.
 * - No CORS headers are ever sent; preflights are refused.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Desk } from '../core/app/desk-types.ts';
import { dispatch } from '../core/ipc/dispatch.ts';
import type { Logger } from '../core/ports.ts';
import { silentLogger } from '../core/ports.ts';
import { contentTypeFor, resolveRendererFile } from '../core/static/renderer-files.ts';
import { RENDERER_CSP } from '../shared/content-security-policy.ts';
import type { EventName } from '../shared/ipc-contract.ts';

export interface WebServerOptions {
  readonly desk: Desk;
  /** The built renderer (the folder holding index.html). */
  readonly rendererDir: string;
  /** 0 (default) lets the OS choose. */
  readonly port?: number;
  readonly logger?: Logger;
}

export interface WebServer {
  /** `http://127.0.0.1:<port>/#key=<key>`: the only place the key is handed out. */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

export const KEY_HEADER = 'x-oauth-desk-key';
export const MAX_BODY_BYTES = 64 * 1024;
export const KEEP_ALIVE_INTERVAL_MS = 25_000;

/** On every response; the renderer's policy is the same as in the desktop app (the page also carries it as a meta tag). */
const BASE_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': RENDERER_CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

class HttpRefusal extends Error {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  constructor(status: number, message: string, headers: Readonly<Record<string, string>> = {}) {
    super(message);
    this.status = status;
    this.headers = headers;
  }
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/** Constant-time comparison that does not reveal the key's length either. */
function keyMatches(expectedDigest: Buffer, presented: string | string[] | undefined): boolean {
  if (typeof presented !== 'string' || presented.length === 0 || presented.length > 512) return false;
  return timingSafeEqual(expectedDigest, digest(presented));
}

function send(res: ServerResponse, status: number, body: string | Buffer, headers: Record<string, string>): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const buffer = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  res.writeHead(status, { ...BASE_HEADERS, 'Content-Length': String(buffer.length), ...headers });
  res.end(res.req.method === 'HEAD' ? undefined : buffer);
}

function sendText(res: ServerResponse, status: number, message: string, headers: Readonly<Record<string, string>> = {}): void {
  send(res, status, message + '\n', { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...headers });
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  send(res, status, JSON.stringify(value), { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
}

function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0]!.trim().toLowerCase();
}

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > limit) throw new HttpRefusal(413, `The request body is larger than ${limit} bytes.`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new HttpRefusal(413, `The request body is larger than ${limit} bytes.`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const { desk } = options;
  const logger = options.logger ?? silentLogger;
  const rendererRoot = await realpath(path.resolve(options.rendererDir));
  const key = randomBytes(32).toString('base64url');
  const keyDigest = digest(key);

  const sockets = new Set<Socket>();
  const streams = new Set<{ end(): void }>();
  let port = 0;
  let closing = false;

  async function serveStatic(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpRefusal(405, 'Method not allowed.', { Allow: 'GET, HEAD' });
    const filePath = resolveRendererFile(rendererRoot, pathname);
    if (filePath === null) throw new HttpRefusal(400, 'Bad path.');
    let real: string;
    try {
      real = await realpath(filePath);
      if (!real.startsWith(rendererRoot + path.sep) || !(await stat(real)).isFile()) throw new Error('not a file');
    } catch {
      throw new HttpRefusal(404, 'Not found.');
    }
    const body = await readFile(real);
    const headers: Record<string, string> = { 'Content-Type': contentTypeFor(real) };
    // Hashed assets may be cached; the page itself (which names them) never is.
    headers['Cache-Control'] = path.extname(real).toLowerCase() === '.html' ? 'no-store' : 'no-cache';
    send(res, 200, body, headers);
  }

  async function serveInvoke(req: IncomingMessage, res: ServerResponse, rawChannel: string): Promise<void> {
    if (req.method !== 'POST') throw new HttpRefusal(405, 'Use POST.', { Allow: 'POST' });
    if (mediaType(req.headers['content-type']) !== 'application/json') {
      throw new HttpRefusal(415, 'The request body must be application/json.');
    }
    const body = await readBody(req, MAX_BODY_BYTES);
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      throw new HttpRefusal(400, 'The request body is not valid JSON.');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new HttpRefusal(400, 'The request body must be a JSON object like {"payload": ...}.');
    }
    for (const field of Object.keys(parsed)) {
      if (field !== 'payload') throw new HttpRefusal(400, `Unexpected field "${field}" in the request body.`);
    }
    let channel: string;
    try {
      channel = decodeURIComponent(rawChannel);
    } catch {
      throw new HttpRefusal(400, 'Bad channel name.');
    }
    const result = await dispatch(desk.handlers, channel, (parsed as { payload?: unknown }).payload, logger);
    sendJson(res, 200, result);
  }

  function serveEvents(req: IncomingMessage, res: ServerResponse): void {
    if (req.method !== 'GET') throw new HttpRefusal(405, 'Use GET.', { Allow: 'GET' });
    res.writeHead(200, {
      ...BASE_HEADERS,
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Accel-Buffering': 'no',
    });
    res.flushHeaders();
    res.write(': connected\n\n');

    let ended = false;
    let pushed = false;
    const send = (event: EventName, data: unknown): void => {
      if (ended) return;
      res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    };
    const write = (views: unknown): void => send('providers:changed', views);
    const unsubscribe = desk.onProvidersChanged((views) => {
      pushed = true;
      write(views);
    });
    // The flow inspector: which timeline changed (never its steps; the window asks for them).
    const unsubscribeInspector = desk.onInspectorChanged((target) => send('inspector:changed', target));
    const keepAlive = setInterval(() => {
      if (!ended) res.write(': keep-alive\n\n');
    }, KEEP_ALIVE_INTERVAL_MS);
    keepAlive.unref();
    const stream = {
      end(): void {
        if (ended) return;
        ended = true;
        clearInterval(keepAlive);
        unsubscribe();
        unsubscribeInspector();
        streams.delete(stream);
        if (!res.writableEnded) res.end();
      },
    };
    streams.add(stream);
    res.on('close', () => stream.end());

    // The initial list: skipped when a push (which is newer) already went out.
    desk.handlers['providers:list']().then(
      (views) => {
        if (!pushed) write(views);
      },
      () => {
        logger.warn('web channel: could not list providers for a new event stream');
      },
    );
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const expectedHost = `127.0.0.1:${port}`;
    if (req.headers.host !== expectedHost) throw new HttpRefusal(421, 'This server only answers to ' + expectedHost + '.');
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== `http://${expectedHost}`) throw new HttpRefusal(403, 'Cross-origin requests are refused.');

    const target = req.url ?? '';
    if (!target.startsWith('/')) throw new HttpRefusal(400, 'Bad request target.');
    const queryAt = target.search(/[?#]/);
    const pathname = queryAt === -1 ? target : target.slice(0, queryAt);

    if (pathname === '/api' || pathname.startsWith('/api/')) {
      const site = req.headers['sec-fetch-site'];
      if (site !== undefined && site !== 'same-origin') throw new HttpRefusal(403, 'Cross-site requests are refused.');
      if (!keyMatches(keyDigest, req.headers[KEY_HEADER])) {
        throw new HttpRefusal(401, 'Missing or wrong key: open the address printed by `npm run web`.');
      }
      if (pathname === '/api/events') return serveEvents(req, res);
      const invoke = /^\/api\/invoke\/([^/]+)$/.exec(pathname);
      if (invoke) return serveInvoke(req, res, invoke[1]!);
      throw new HttpRefusal(404, 'No such API endpoint.');
    }
    return serveStatic(req, res, pathname);
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (error instanceof HttpRefusal) {
        logger.info('web channel: request refused', { status: error.status, method: req.method ?? 'unknown' });
        // Drain nothing: ask the client to close so an unread body cannot wedge the connection.
        sendText(res, error.status, error.message, { ...error.headers, Connection: 'close' });
        return;
      }
      logger.error('web channel: request failed', { method: req.method ?? 'unknown' });
      sendText(res, 500, 'Internal error.', { Connection: 'close' });
    });
  });
  server.requestTimeout = 30_000;
  server.headersTimeout = 15_000;
  server.on('connection', (socket: Socket) => {
    if (closing) {
      socket.destroy();
      return;
    }
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('clientError', (_error, socket: Socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(`Port ${options.port ?? 0} on 127.0.0.1 is already in use; choose another with OAUTH_DESK_WEB_PORT.`)
          : error,
      );
    };
    server.once('error', onError);
    server.listen({ host: '127.0.0.1', port: options.port ?? 0, exclusive: true }, () => {
      server.off('error', onError);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('The web channel did not get a TCP address.');
  port = address.port;
  logger.info('web channel listening', { port });

  let closed: Promise<void> | null = null;
  return {
    url: `http://127.0.0.1:${port}/#key=${key}`,
    port,
    close(): Promise<void> {
      closed ??= new Promise<void>((resolve) => {
        closing = true;
        for (const stream of [...streams]) stream.end();
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
        sockets.clear();
      });
      return closed;
    },
  };
}
