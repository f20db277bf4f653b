/**
 * Maps request paths to files of the built renderer, shared by both hosts (the `app://` protocol
 * and the web channel), and names their content types. Anything that looks like path traversal is
 * refused before the file system is touched.
 */
import path from 'node:path';

/** Characters allowed in a raw (still percent-encoded) path: RFC 3986 pchar and '/'. */
const RAW_PATH_CHARS = /^[A-Za-z0-9\-._~!$&'()*+,;=:@%/]*$/;
const SEGMENT_CHARS = /^[A-Za-z0-9\-_~!$&'()+,;=@.]+$/;

/**
 * Maps a raw (still percent-encoded) request path such as `/assets/a.js` to a file under
 * `rendererRoot`, or null when the path is suspicious: `..`, `.`, dot-files, encoded dots or
 * separators, backslashes, NUL, drive letters, empty segments, anything outside RFC 3986 pchar.
 * `/` maps to `index.html`. `rendererRoot` must be absolute.
 */
export function resolveRendererFile(rendererRoot: string, rawPath: string): string | null {
  if (!path.isAbsolute(rendererRoot)) return null;
  if (!rawPath.startsWith('/')) return null;
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
  const root = path.resolve(rendererRoot);
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
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
};

export const FALLBACK_CONTENT_TYPE = 'application/octet-stream';

/** The content type of a known renderer file extension, or null. */
export function knownContentType(filePath: string): string | null {
  return CONTENT_TYPES[path.extname(filePath).toLowerCase()] ?? null;
}

/** The content type for a file, `application/octet-stream` for unknown extensions. */
export function contentTypeFor(filePath: string): string {
  return knownContentType(filePath) ?? FALLBACK_CONTENT_TYPE;
}
