/**
 * The renderer is served from the built `out/renderer` folder through the privileged custom scheme
 * `app://oauth-desk/` (S26), never file://. Every response carries the strict CSP and nosniff;
 * anything that looks like path traversal is refused before the file system is touched.
 */
import { readFile as fsReadFile } from 'node:fs/promises';
import path from 'node:path';
import type { CustomScheme } from 'electron';
import type { Logger } from '../core/ports.ts';

export const APP_SCHEME = 'app';
export const APP_HOST = 'oauth-desk';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: https:",
  "connect-src 'self'",
  "font-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Headers on every response of the app scheme, errors included. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cache-Control': 'no-cache',
};

/** Must be registered before the app's `ready` event. */
export const APP_SCHEME_PRIVILEGES: CustomScheme[] = [
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
];

export function registerAppScheme(protocol: { registerSchemesAsPrivileged(schemes: CustomScheme[]): void }): void {
  protocol.registerSchemesAsPrivileged(APP_SCHEME_PRIVILEGES.map((s) => ({ scheme: s.scheme, privileges: { ...s.privileges } })));
}

const MAX_REQUEST_URL_LENGTH = 2048;
const URL_PATTERN = /^app:\/\/oauth-desk(\/[^?#]*)?(?:[?#].*)?$/s;
/** Characters allowed in a raw (still percent-encoded) path: RFC 3986 pchar and '/'. */
const RAW_PATH_CHARS = /^[A-Za-z0-9\-._~!$&'()*+,;=:@%/]*$/;
const SEGMENT_CHARS = /^[A-Za-z0-9\-_~!$&'()+,;=@.]+$/;

/**
 * Maps `app://oauth-desk/<path>` to a file under `rendererDir`, or null when the request is not for
 * the app host or its path is suspicious: `..`, `.`, dot-files, encoded dots or separators, backslashes,
 * NUL, drive letters, empty segments. `/` maps to `index.html`.
 */
export function resolveAppPath(rendererDir: string, requestUrl: unknown): string | null {
  if (typeof requestUrl !== 'string' || requestUrl.length > MAX_REQUEST_URL_LENGTH) return null;
  if (!path.isAbsolute(rendererDir)) return null;
  const match = URL_PATTERN.exec(requestUrl);
  if (match === null) return null;
  const rawPath = match[1] ?? '/';
  if (!RAW_PATH_CHARS.test(rawPath)) return null; // backslashes, spaces, controls, non-ASCII
  if (/%(?:2e|2f|5c|00)/i.test(rawPath)) return null; // encoded '.', '/', '\', NUL
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return null;
  }
  if (decoded === '/') decoded = '/index.html';
  const segments = decoded.slice(1).split('/');
  for (const segment of segments) {
    if (segment === '' || segment.startsWith('.') || !SEGMENT_CHARS.test(segment)) return null;
  }
  const root = path.resolve(rendererDir);
  const resolved = path.resolve(root, ...segments);
  if (!resolved.startsWith(root + path.sep)) return null;
  return resolved;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

export function contentTypeFor(filePath: string): string | null {
  return CONTENT_TYPES[path.extname(filePath).toLowerCase()] ?? null;
}

export interface AppProtocolOptions {
  /** Absolute path of the built renderer (`out/renderer`). */
  readonly rendererDir: string;
  readonly readFile?: (filePath: string) => Promise<Uint8Array>;
  readonly logger?: Logger;
}

function plain(status: number, text: string): Response {
  return new Response(status === 204 ? null : text, {
    status,
    headers: { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' },
  });
}

/** The `protocol.handle` handler: GET/HEAD of files under the renderer folder, nothing else. */
export function createAppProtocolHandler(options: AppProtocolOptions): (request: Request) => Promise<Response> {
  const readFile = options.readFile ?? ((p: string) => fsReadFile(p));
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'Method not allowed');
    const filePath = resolveAppPath(options.rendererDir, request.url);
    if (filePath === null) {
      options.logger?.warn('app protocol refused a request');
      return plain(404, 'Not found');
    }
    const type = contentTypeFor(filePath);
    if (type === null) return plain(404, 'Not found');
    let body: Uint8Array;
    try {
      body = await readFile(filePath);
    } catch {
      return plain(404, 'Not found');
    }
    return new Response(request.method === 'HEAD' ? null : (body as Uint8Array<ArrayBuffer>), {
      status: 200,
      headers: { ...SECURITY_HEADERS, 'Content-Type': type, 'Content-Length': String(body.byteLength) },
    });
  };
}

export function registerAppProtocol(
  protocol: { handle(scheme: string, handler: (request: Request) => Promise<Response>): void },
  options: AppProtocolOptions,
): void {
  protocol.handle(APP_SCHEME, createAppProtocolHandler(options));
}
