/**
 * The Sandbox mail API under `/api/gmail/v1/users/me`, answering with Gmail's documented JSON shapes
 * (users.messages.list and users.messages.get with format=metadata). Bearer tokens (RFC 6750) are
 * accepted only in the Authorization header.
 *
 * Order of checks: `access_token` in the query → 400 invalid_request (refused, never looked up);
 * method other than GET → 405; missing/unknown/expired token → 401 invalid_token; token without
 * `mail.read` → 403 insufficient_scope; unknown path or message → 404.
 *
 * Deviations from Gmail, on purpose: `q` is understood only as `is:unread`; any other value (or none)
 * lists every message. `format` is ignored: message resources always have the metadata shape.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isUnread, sandboxMailbox, type SandboxMessage } from './sandbox-mailbox.ts';

export const SANDBOX_API_PREFIX = '/api/';
export const SANDBOX_MAIL_API_PATH = '/api/gmail/v1/users/me';
export const MAIL_READ_SCOPE = 'mail.read';

const DEFAULT_MAX_RESULTS = 20;
const MAX_MAX_RESULTS = 100;
const DEFAULT_METADATA_HEADERS = ['From', 'Subject', 'Date'] as const;

/** What the API needs to know about a presented access token. */
export interface SandboxTokenInfo {
  /** The stable subject whose mailbox the token opens. */
  readonly subject: string;
  readonly scopes: ReadonlySet<string>;
}

export interface SandboxResourceApiDeps {
  /** Resolves a token value to its info, or undefined when unknown, expired, revoked or unusable. */
  readonly findAccessToken: (value: string) => Promise<SandboxTokenInfo | undefined>;
}

interface ApiResponse {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export function isSandboxApiPath(pathname: string): boolean {
  return pathname.startsWith(SANDBOX_API_PREFIX) || pathname === SANDBOX_API_PREFIX.slice(0, -1);
}

export async function handleSandboxApiRequest(
  req: IncomingMessage,
  res: ServerResponse,
  deps: SandboxResourceApiDeps,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
  send(res, await answer(req, url, deps));
}

async function answer(req: IncomingMessage, url: URL, deps: SandboxResourceApiDeps): Promise<ApiResponse> {
  if (url.searchParams.has('access_token')) {
    return error(400, 'Access tokens are accepted only in the Authorization header.', 'INVALID_ARGUMENT', {
      'WWW-Authenticate': 'Bearer realm="sandbox", error="invalid_request", error_description="token in query string"',
    });
  }
  if (req.method !== 'GET') {
    return error(405, 'Method not allowed.', 'METHOD_NOT_ALLOWED', { Allow: 'GET' });
  }

  const presented = bearerToken(req.headers.authorization);
  const token = presented === undefined ? undefined : await deps.findAccessToken(presented);
  if (token === undefined) {
    return error(401, 'Request had invalid authentication credentials.', 'UNAUTHENTICATED', {
      'WWW-Authenticate': 'Bearer realm="sandbox", error="invalid_token"',
    });
  }
  if (!token.scopes.has(MAIL_READ_SCOPE)) {
    return error(403, 'Request had insufficient authentication scopes.', 'PERMISSION_DENIED', {
      'WWW-Authenticate': `Bearer error="insufficient_scope", scope="${MAIL_READ_SCOPE}"`,
    });
  }

  const mailbox = sandboxMailbox(token.subject);
  const messagesPath = `${SANDBOX_MAIL_API_PATH}/messages`;
  if (url.pathname === messagesPath) return listMessages(mailbox, url.searchParams);
  if (url.pathname.startsWith(`${messagesPath}/`)) {
    const id = decodeSegment(url.pathname.slice(messagesPath.length + 1));
    const message = mailbox.find((m) => m.id === id);
    if (message !== undefined) return { status: 200, body: messageResource(message, url.searchParams) };
  }
  return error(404, 'Requested entity was not found.', 'NOT_FOUND');
}

/** The b64token of `Authorization: Bearer <token>` (scheme case-insensitive), or undefined. */
function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i.exec(header ?? '');
  return match?.[1];
}

function decodeSegment(segment: string): string | undefined {
  if (segment.includes('/')) return undefined;
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

function listMessages(mailbox: readonly SandboxMessage[], params: URLSearchParams): ApiResponse {
  const maxResults = parseCount(params.get('maxResults'), DEFAULT_MAX_RESULTS);
  const offset = parseCount(params.get('pageToken'), 0);
  if (maxResults === undefined || maxResults < 1) return error(400, 'Invalid maxResults.', 'INVALID_ARGUMENT');
  if (offset === undefined) return error(400, 'Invalid pageToken.', 'INVALID_ARGUMENT');

  const q = params.get('q')?.trim();
  const matching = q === 'is:unread' ? mailbox.filter(isUnread) : mailbox;
  const page = matching.slice(offset, offset + Math.min(maxResults, MAX_MAX_RESULTS));
  const body: Record<string, unknown> = {};
  if (page.length > 0) body.messages = page.map((m) => ({ id: m.id, threadId: m.threadId }));
  if (offset + page.length < matching.length) body.nextPageToken = String(offset + page.length);
  body.resultSizeEstimate = matching.length;
  return { status: 200, body };
}

/** A non-negative decimal integer, `fallback` when absent, undefined when malformed. */
function parseCount(value: string | null, fallback: number): number | undefined {
  if (value === null) return fallback;
  return /^\d{1,9}$/.test(value) ? Number(value) : undefined;
}

function messageResource(message: SandboxMessage, params: URLSearchParams) {
  const all = { From: message.from, Subject: message.subject, Date: message.date };
  const wanted = new Set(params.getAll('metadataHeaders').map((name) => name.toLowerCase()));
  const names = wanted.size === 0
    ? DEFAULT_METADATA_HEADERS
    : DEFAULT_METADATA_HEADERS.filter((name) => wanted.has(name.toLowerCase()));
  return {
    id: message.id,
    threadId: message.threadId,
    labelIds: [...message.labelIds],
    snippet: message.snippet,
    payload: { headers: names.map((name) => ({ name, value: all[name] })) },
    sizeEstimate: 1024 + message.snippet.length,
    internalDate: String(message.internalDate),
  };
}

function error(status: number, message: string, statusText: string, headers?: Record<string, string>): ApiResponse {
  return { status, body: { error: { code: status, message, status: statusText } }, ...(headers ? { headers } : {}) };
}

function send(res: ServerResponse, response: ApiResponse): void {
  const body = JSON.stringify(response.body);
  res.writeHead(response.status, {
    'Content-Type': 'application/json; charset=UTF-8',
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    'Content-Length': Buffer.byteLength(body),
    ...response.headers,
  });
  res.end(body);
}
