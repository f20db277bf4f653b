/**
 * The testable half of the preload (S25): builds the transport from an ipcRenderer-like object and
 * the named-function API from the contract. The renderer never sees ipcRenderer, IPC channel names
 * it could choose freely, or the IpcRendererEvent.
 */
import type { Channel, EventName, IpcEvents, IpcTransport, Payload, PreloadApi, WireResult } from '../shared/ipc-contract.ts';
import { EVENT_NAMES, createPreloadApi, isChannel } from '../shared/ipc-contract.ts';

/** The part of `ipcRenderer` the preload uses; the real one satisfies it. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

const IPC_FAILED = {
  code: 'ipc_failed',
  message: 'The window could not reach the OAuth Desk background process.',
  hint: 'Try again. If it keeps happening, restart OAuth Desk.',
} as const;

function isWireResult(value: unknown): value is WireResult<Channel> {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { ok?: unknown; error?: unknown };
  if (v.ok === true) return 'value' in v;
  if (v.ok !== false || typeof v.error !== 'object' || v.error === null) return false;
  const e = v.error as Record<string, unknown>;
  return typeof e.code === 'string' && typeof e.message === 'string' && typeof e.hint === 'string';
}

/**
 * Events that mean "do this once the page is ready": one that arrives before the page subscribes
 * (a window just created for a notification click) is kept and handed to the first subscriber.
 */
const HELD_UNTIL_SUBSCRIBED: readonly EventName[] = ['connections:focus'];

export function createIpcTransport(ipcRenderer: IpcRendererLike): IpcTransport {
  const held = new Map<EventName, unknown>();
  const subscribers = new Map<EventName, number>();
  for (const event of HELD_UNTIL_SUBSCRIBED) {
    ipcRenderer.on(event, (_event: unknown, data: unknown) => {
      if ((subscribers.get(event) ?? 0) === 0) held.set(event, data);
    });
  }
  return {
    async invoke<C extends Channel>(channel: C, payload: Payload<C>): Promise<WireResult<C>> {
      if (!isChannel(channel)) throw new Error('Unknown channel');
      let result: unknown;
      try {
        result = payload === undefined ? await ipcRenderer.invoke(channel) : await ipcRenderer.invoke(channel, payload);
      } catch {
        // Electron's own message ("Error invoking remote method ...") is not for people.
        return { ok: false, error: { ...IPC_FAILED } };
      }
      return (isWireResult(result) ? result : { ok: false, error: { ...IPC_FAILED } }) as WireResult<C>;
    },
    subscribe<E extends EventName>(event: E, listener: (data: IpcEvents[E]) => void): () => void {
      if (!EVENT_NAMES.includes(event)) throw new Error('Unknown event');
      if (typeof listener !== 'function') throw new TypeError('listener must be a function');
      // The IpcRendererEvent (with its sender) stays in the preload; only the data goes through.
      const wrapped = (_event: unknown, data: unknown): void => {
        listener(data as IpcEvents[E]);
      };
      ipcRenderer.on(event, wrapped);
      subscribers.set(event, (subscribers.get(event) ?? 0) + 1);
      if (held.has(event)) {
        const data = held.get(event);
        held.delete(event);
        queueMicrotask(() => {
          if (active) listener(data as IpcEvents[E]);
        });
      }
      let active = true;
      return () => {
        if (!active) return;
        active = false;
        subscribers.set(event, (subscribers.get(event) ?? 1) - 1);
        ipcRenderer.removeListener(event, wrapped);
      };
    },
  };
}

/** What `window.oauthDesk` is: named functions and `on`, frozen. */
export function buildPreloadApi(ipcRenderer: IpcRendererLike): PreloadApi {
  return Object.freeze(createPreloadApi(createIpcTransport(ipcRenderer)));
}

export const PRELOAD_GLOBAL_NAME = 'oauthDesk';
