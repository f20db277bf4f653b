/**
 * The renderer is served from the built `out/renderer` folder through the privileged custom scheme
 * `app://oauth-desk/` (S26), never file://. Every response carries the strict CSP and nosniff;
 * anything that looks like path traversal is refused before the file system is touched.
 */
import { readFile as fsReadFile } from 'node:fs/promises';
import type { CustomScheme } from 'electron';
import type { Logger } from '../core/ports.ts';
import { knownContentType, resolveRendererFile } from '../core/static/renderer-files.ts';
import { RENDERER_CSP } from '../shared/content-security-policy.ts';

export const APP_SCHEME = 'app';
export const APP_HOST = 'oauth-desk';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

/** Headers on every response of the app scheme, errors included. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': RENDERER_CSP,
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

/**
 * Maps `app://oauth-desk/<path>` to a file under `rendererDir`, or null when the request is not for
 * the app host or its path is refused by `resolveRendererFile` (traversal in any spelling, dot-files,
 * empty segments...). `/` maps to `index.html`.
 */
export function resolveAppPath(rendererDir: string, requestUrl: unknown): string | null {
  if (typeof requestUrl !== 'string' || requestUrl.length > MAX_REQUEST_URL_LENGTH) return null;
  const match = URL_PATTERN.exec(requestUrl);
  if (match === null) return null;
  return resolveRendererFile(rendererDir, match[1] ?? '/');
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
    const type = knownContentType(filePath);
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
