/**
 * The renderer's side of the web channel (`npm run web`): an `IpcTransport` over loopback HTTP.
 *
 * - The key arrives in the address fragment (`#key=…`, never sent to the server); it is moved to
 *   sessionStorage and removed from the address bar, then sent as `X-OAuth-Desk-Key`.
 * - Calls are `POST /api/invoke/<channel>`; any failure resolves to a WireResult error, never throws.
 * - Events come from one shared `GET /api/events` stream read with fetch (EventSource cannot send
 *   headers), reconnecting with backoff while anyone listens.
 */
import type { Channel, EventName, IpcEvents, IpcTransport, Payload, WireResult } from '../../../electron/shared/ipc-contract.ts';
import { EVENT_NAMES } from '../../../electron/shared/ipc-contract.ts';
import type { ErrorInfo } from '../../../electron/shared/error-info.ts';
import { createSseParser } from './sse-parser.ts';

export const KEY_HEADER = 'X-OAuth-Desk-Key';
export const KEY_STORAGE_ITEM = 'oauthDesk.webKey';

/** `open`: the event stream is connected; `unauthorized`: the server refused the key. */
export type ChannelState = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'unauthorized';

export interface WebTransport extends IpcTransport {
  readonly state: ChannelState;
  onStateChange(listener: (state: ChannelState) => void): () => void;
}

export interface WebTransportOptions {
  /** Defaults to the page's origin. */
  readonly baseUrl?: string;
  readonly fetch?: typeof fetch;
  readonly location?: Pick<Location, 'hash' | 'pathname' | 'search'>;
  readonly history?: Pick<History, 'replaceState' | 'state'>;
  /** sessionStorage by default; null keeps the key in memory only. */
  readonly storage?: Pick<Storage, 'getItem' | 'setItem'> | null;
  readonly initialBackoffMs?: number;
  readonly maxBackoffMs?: number;
  /** The stream is restarted when nothing (not even a keep-alive comment) arrived for this long. */
  readonly idleTimeoutMs?: number;
}

const UNREACHABLE: ErrorInfo = {
  code: 'web_channel_unreachable',
  message: 'This page cannot reach OAuth Desk.',
  hint: 'Check that “npm run web” is still running. If it was restarted, open the new address it printed.',
};
const KEY_MISSING: ErrorInfo = {
  code: 'web_key_missing',
  message: 'This page was opened without its access key.',
  hint: 'Open the full address that “npm run web” printed (it ends with #key=…).',
};
const KEY_REJECTED: ErrorInfo = {
  code: 'web_key_rejected',
  message: 'OAuth Desk refused this page’s access key.',
  hint: 'The key changes each time “npm run web” starts: open the new address it printed.',
};

function httpError(status: number): ErrorInfo {
  return {
    code: 'web_channel_http_error',
    message: `OAuth Desk answered the request with HTTP ${status}.`,
    hint: 'Reload the page. If it keeps happening, restart “npm run web” and open the address it prints.',
  };
}
const BAD_RESPONSE: ErrorInfo = {
  code: 'web_channel_bad_response',
  message: 'OAuth Desk sent an answer this page does not understand.',
  hint: 'Reload the page; the page and the server may be from different builds.',
};

/**
 * Takes the key out of `#key=…` (removing it from the address bar) or, after a reload, from storage.
 */
export function takeKey(
  location: Pick<Location, 'hash' | 'pathname' | 'search'>,
  history: Pick<History, 'replaceState' | 'state'> | null,
  storage: Pick<Storage, 'getItem' | 'setItem'> | null,
): string | null {
  const fromHash = location.hash.startsWith('#') ? new URLSearchParams(location.hash.slice(1)).get('key') : null;
  if (fromHash) {
    try {
      storage?.setItem(KEY_STORAGE_ITEM, fromHash);
    } catch {
      // Storage may be disabled: the key then lives for this page only.
    }
    history?.replaceState(history.state, '', location.pathname + location.search);
    return fromHash;
  }
  try {
    return storage?.getItem(KEY_STORAGE_ITEM) ?? null;
  } catch {
    return null;
  }
}

function isWireResult(value: unknown): value is WireResult<Channel> {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { ok?: unknown; error?: unknown };
  if (v.ok === true) return true;
  if (v.ok !== false || typeof v.error !== 'object' || v.error === null) return false;
  const e = v.error as Record<string, unknown>;
  return typeof e.code === 'string' && typeof e.message === 'string' && typeof e.hint === 'string';
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

function report(error: unknown): void {
  if (typeof globalThis.reportError === 'function') globalThis.reportError(error);
  else setTimeout(() => { throw error; });
}

export function createWebTransport(options: WebTransportOptions = {}): WebTransport {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const base = (options.baseUrl ?? globalThis.location.origin).replace(/\/+$/, '');
  const initialBackoff = options.initialBackoffMs ?? 500;
  const maxBackoff = options.maxBackoffMs ?? 15_000;
  const idleTimeout = options.idleTimeoutMs ?? 70_000;
  const storage = options.storage === undefined ? safeSessionStorage() : options.storage;
  const key = takeKey(options.location ?? globalThis.location, options.history ?? globalThis.history ?? null, storage);

  const listeners = new Map<EventName, Set<(data: never) => void>>();
  const stateListeners = new Set<(state: ChannelState) => void>();
  let state: ChannelState = 'idle';
  let stream: AbortController | null = null;

  function setState(next: ChannelState): void {
    if (next === state) return;
    state = next;
    for (const l of [...stateListeners]) {
      try {
        l(next);
      } catch (error) {
        report(error);
      }
    }
  }

  function listenerCount(): number {
    let n = 0;
    for (const set of listeners.values()) n += set.size;
    return n;
  }

  function emit(event: string, data: string): void {
    if (!(EVENT_NAMES as readonly string[]).includes(event)) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(data);
    } catch {
      return;
    }
    for (const l of [...(listeners.get(event as EventName) ?? [])]) {
      try {
        l(parsed as never);
      } catch (error) {
        report(error);
      }
    }
  }

  async function readStream(body: ReadableStream<Uint8Array>, connection: AbortController): Promise<void> {
    const reader = body.getReader();
    const decoder = new TextDecoder();
    const parse = createSseParser(emit);
    let idle = setTimeout(() => connection.abort(), idleTimeout);
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        clearTimeout(idle);
        idle = setTimeout(() => connection.abort(), idleTimeout);
        parse(decoder.decode(value, { stream: true }));
      }
    } finally {
      clearTimeout(idle);
      reader.cancel().catch(() => undefined);
    }
  }

  async function runStream(outer: AbortSignal): Promise<void> {
    let delay = initialBackoff;
    let first = true;
    while (!outer.aborted) {
      if (key === null) {
        setState('unauthorized');
        return;
      }
      if (state !== 'unauthorized') setState(first ? 'connecting' : 'reconnecting');
      first = false;
      const connection = new AbortController();
      const forward = (): void => connection.abort();
      outer.addEventListener('abort', forward, { once: true });
      try {
        const response = await doFetch(`${base}/api/events`, {
          headers: { [KEY_HEADER]: key, Accept: 'text/event-stream' },
          cache: 'no-store',
          credentials: 'omit',
          referrerPolicy: 'no-referrer',
          signal: connection.signal,
        });
        if (response.status === 401) {
          setState('unauthorized');
          response.body?.cancel().catch(() => undefined);
          delay = maxBackoff;
        } else if (response.ok && response.body) {
          setState('open');
          delay = initialBackoff;
          await readStream(response.body, connection);
        } else {
          response.body?.cancel().catch(() => undefined);
        }
      } catch {
        // Network failure, idle timeout or abort: retried below unless we were stopped.
      } finally {
        outer.removeEventListener('abort', forward);
      }
      if (outer.aborted) return;
      if (state !== 'unauthorized') setState('reconnecting');
      await sleep(delay + Math.floor(Math.random() * Math.min(delay, 1000)), outer);
      delay = Math.min(delay * 2, maxBackoff);
    }
  }

  function startStream(): void {
    if (stream) return;
    const controller = new AbortController();
    stream = controller;
    void runStream(controller.signal);
  }

  function stopStream(): void {
    stream?.abort();
    stream = null;
    setState('idle');
  }

  return {
    get state() {
      return state;
    },

    onStateChange(listener) {
      stateListeners.add(listener);
      return () => {
        stateListeners.delete(listener);
      };
    },

    async invoke<C extends Channel>(channel: C, payload: Payload<C>): Promise<WireResult<C>> {
      if (key === null) return { ok: false, error: KEY_MISSING };
      let response: Response;
      try {
        response = await doFetch(`${base}/api/invoke/${encodeURIComponent(channel)}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', [KEY_HEADER]: key },
          body: JSON.stringify(payload === undefined ? {} : { payload }),
          cache: 'no-store',
          credentials: 'omit',
          referrerPolicy: 'no-referrer',
        });
      } catch {
        return { ok: false, error: UNREACHABLE };
      }
      if (response.status === 401) return { ok: false, error: KEY_REJECTED };
      if (response.status !== 200) return { ok: false, error: httpError(response.status) };
      let body: unknown;
      try {
        body = await response.json();
      } catch {
        return { ok: false, error: UNREACHABLE };
      }
      return isWireResult(body) ? (body as WireResult<C>) : { ok: false, error: BAD_RESPONSE };
    },

    subscribe<E extends EventName>(event: E, listener: (data: IpcEvents[E]) => void): () => void {
      if (!EVENT_NAMES.includes(event)) throw new Error(`Unknown event ${String(event)}`);
      let set = listeners.get(event);
      if (!set) {
        set = new Set();
        listeners.set(event, set);
      }
      // Wrapped so the same function can subscribe twice and unsubscribe each independently.
      const entry = (data: never): void => listener(data);
      set.add(entry);
      startStream();
      let active = true;
      return () => {
        if (!active) return;
        active = false;
        listeners.get(event)?.delete(entry);
        if (listenerCount() === 0) stopStream();
      };
    },
  };
}

function safeSessionStorage(): Storage | null {
  try {
    return globalThis.sessionStorage ?? null;
  } catch {
    return null;
  }
}
