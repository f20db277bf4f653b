/**
 * Unread mail in Gmail's documented shapes (`messages.list` + `messages.get?format=metadata`), used
 * by the Sandbox's mailbox and by Google. Messages are fetched with limited concurrency.
 */
import type { MailData, MailMessage } from '../../../shared/view-types.ts';
import { ApiError } from '../../errors.ts';
import type { HttpClient } from '../../http/http-client.ts';
import { getJson } from '../../api/resource-request.ts';
import { decodeHtmlEntities } from '../../text/html-entities.ts';

export interface GmailFetchOptions {
  /** e.g. `https://gmail.googleapis.com/gmail/v1/users/me` (no trailing slash). */
  readonly baseUrl: string;
  readonly providerName: string;
  readonly maxResults?: number;
  readonly concurrency?: number;
  /** Backoff when Gmail rate-limits a request (tests shorten the waits). */
  readonly rateLimit?: RateLimitBackoff;
}

export interface RateLimitBackoff {
  /** Tries per request, the first included. Default 3. */
  readonly attempts: number;
  /** The first wait when the provider names none; doubled each time. Default 500 ms. */
  readonly baseDelayMs: number;
  /** A provider's Retry-After longer than this is not waited for: the panel reports it instead. Default 5 s. */
  readonly maxDelayMs: number;
  readonly sleep: (ms: number) => Promise<void>;
}

export const DEFAULT_RATE_LIMIT_BACKOFF: RateLimitBackoff = {
  attempts: 3,
  baseDelayMs: 500,
  maxDelayMs: 5_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * Runs a request again after a short wait when the provider rate-limits it (Gmail's per-user
 * limits trip easily when several messages are fetched at once). Other errors, and waits longer
 * than `maxDelayMs`, are not retried: the panel shows them with their hint.
 */
export async function withRateLimitBackoff<T>(work: () => Promise<T>, backoff: RateLimitBackoff): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof ApiError) || error.code !== 'rate_limited' || attempt >= backoff.attempts) throw error;
      const wait = error.retryAfterMs ?? backoff.baseDelayMs * 2 ** (attempt - 1);
      if (wait > backoff.maxDelayMs) throw error;
      await backoff.sleep(wait);
    }
  }
}

function invalid(providerName: string, what: string): ApiError {
  return new ApiError('mail_invalid', `${providerName} sent an unexpected mail ${what}.`, { hint: 'Try reloading. If it persists, re-authorize the connection.' });
}

export function parseMessageList(body: unknown, providerName: string): { ids: string[]; resultSizeEstimate: number } {
  if (typeof body !== 'object' || body === null) throw invalid(providerName, 'list');
  const list = body as { messages?: unknown; resultSizeEstimate?: unknown };
  const messages = list.messages === undefined ? [] : list.messages;
  if (!Array.isArray(messages)) throw invalid(providerName, 'list');
  const ids = messages.map((m: unknown) => {
    const id = (m as { id?: unknown } | null)?.id;
    if (typeof id !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(id)) throw invalid(providerName, 'list');
    return id;
  });
  const estimate = typeof list.resultSizeEstimate === 'number' && list.resultSizeEstimate >= 0 ? list.resultSizeEstimate : ids.length;
  return { ids, resultSizeEstimate: Math.max(estimate, ids.length) };
}

function header(headers: unknown, name: string): string | null {
  if (!Array.isArray(headers)) return null;
  for (const h of headers as Array<{ name?: unknown; value?: unknown }>) {
    if (typeof h?.name === 'string' && h.name.toLowerCase() === name && typeof h.value === 'string') return h.value;
  }
  return null;
}

function toIsoDate(dateHeader: string | null, internalDate: unknown): string | null {
  if (typeof internalDate === 'string' && /^\d{1,16}$/.test(internalDate)) return new Date(Number(internalDate)).toISOString();
  if (dateHeader !== null) {
    const parsed = Date.parse(dateHeader);
    if (!Number.isNaN(parsed)) return new Date(parsed).toISOString();
  }
  return null;
}

export function parseMessageMetadata(body: unknown, providerName: string): MailMessage {
  if (typeof body !== 'object' || body === null) throw invalid(providerName, 'message');
  const m = body as { id?: unknown; snippet?: unknown; payload?: { headers?: unknown }; internalDate?: unknown };
  if (typeof m.id !== 'string') throw invalid(providerName, 'message');
  const headers = m.payload?.headers;
  return {
    id: m.id,
    from: header(headers, 'from') ?? '(unknown sender)',
    subject: header(headers, 'subject') ?? '(no subject)',
    date: toIsoDate(header(headers, 'date'), m.internalDate),
    snippet: typeof m.snippet === 'string' ? decodeHtmlEntities(m.snippet) : '',
  };
}

async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

export async function fetchUnreadMail(http: HttpClient, accessToken: string, options: GmailFetchOptions): Promise<MailData> {
  const { baseUrl, providerName } = options;
  const maxResults = options.maxResults ?? 10;
  const listUrl = `${baseUrl}/messages?q=${encodeURIComponent('is:unread')}&maxResults=${maxResults}`;
  const backoff = options.rateLimit ?? DEFAULT_RATE_LIMIT_BACKOFF;
  const list = parseMessageList(await withRateLimitBackoff(() => getJson(http, listUrl, accessToken, { providerName, what: 'unread mail' }), backoff), providerName);
  const messages = await mapLimited(list.ids, options.concurrency ?? 4, async (id) => {
    const url = `${baseUrl}/messages/${encodeURIComponent(id)}?format=metadata&metadataHeaders=Subject&metadataHeaders=From&metadataHeaders=Date`;
    return parseMessageMetadata(await withRateLimitBackoff(() => getJson(http, url, accessToken, { providerName, what: 'a mail message' }), backoff), providerName);
  });
  return { unreadCount: list.resultSizeEstimate, messages };
}
