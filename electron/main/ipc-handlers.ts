/**
 * The Electron IPC adapter (S25): one `ipcMain.handle` per channel of the contract. Every call is
 * first checked against the sender frame (the app's own origin only, for the frame and all its
 * ancestors), then validated and dispatched by the core; only `{ok, value}` / `{ok, error}` go back.
 */
import type { Desk } from '../core/app/desk-types.ts';
import { dispatch } from '../core/ipc/dispatch.ts';
import type { Logger } from '../core/ports.ts';
import type { Channel, EventName, IpcEvents, WireResult } from '../shared/ipc-contract.ts';
import { CHANNELS } from '../shared/ipc-contract.ts';
import type { ErrorInfo } from '../shared/error-info.ts';
import { APP_ORIGIN } from './app-protocol.ts';
import { isUrlOfOrigins } from './navigation-guard.ts';

/** The part of a WebFrameMain the check reads. */
export interface SenderFrameLike {
  readonly url: string;
  readonly parent?: SenderFrameLike | null;
}

export interface IpcInvokeEventLike {
  readonly senderFrame: SenderFrameLike | null;
}

/** The part of `ipcMain` the adapter uses; the real `ipcMain` satisfies it. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcInvokeEventLike, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

export const UNTRUSTED_SENDER_ERROR: ErrorInfo = {
  code: 'ipc_untrusted_sender',
  message: 'A request came from a page that is not part of OAuth Desk and was refused.',
  hint: 'Nothing was changed. If you did not expect this, restart OAuth Desk.',
};

const EXTRA_ARGUMENTS_ERROR: ErrorInfo = {
  code: 'ipc_invalid_payload',
  message: 'The window sent more than one payload.',
  hint: 'This is a bug in OAuth Desk: the window sent a request the app does not understand. Restart the app.',
};

/**
 * The trusted renderer origins: always `app://oauth-desk`; in development also the Vite dev
 * server (`ELECTRON_RENDERER_URL`), and only when it is an http(s) loopback URL.
 */
export function trustedRendererOrigins(devServerUrl?: string | null): string[] {
  const origins = [APP_ORIGIN];
  if (typeof devServerUrl === 'string' && devServerUrl !== '') {
    let url: URL | null = null;
    try {
      url = new URL(devServerUrl);
    } catch {
      url = null;
    }
    if (
      url !== null &&
      (url.protocol === 'http:' || url.protocol === 'https:') &&
      (url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.hostname === '[::1]') &&
      url.username === '' &&
      url.password === ''
    ) {
      origins.push(url.origin);
    }
  }
  return origins;
}

export function createSenderCheck(origins: readonly string[]): (frameUrl: string) => boolean {
  const list = [...origins];
  return (frameUrl) => isUrlOfOrigins(frameUrl, list);
}

/** The frame and every ancestor must be trusted; a missing frame (navigated away, destroyed) is not. */
export function isTrustedFrame(frame: SenderFrameLike | null | undefined, isTrustedSender: (frameUrl: string) => boolean): boolean {
  if (frame === null || frame === undefined) return false;
  let current: SenderFrameLike | null | undefined = frame;
  for (let depth = 0; current !== null && current !== undefined; depth += 1) {
    if (depth > 32) return false;
    let trusted = false;
    try {
      trusted = typeof current.url === 'string' && isTrustedSender(current.url);
    } catch {
      trusted = false;
    }
    if (!trusted) return false;
    current = current.parent;
  }
  return true;
}

export function registerIpcHandlers(
  ipcMain: IpcMainLike,
  desk: Pick<Desk, 'handlers'>,
  isTrustedSender: (frameUrl: string) => boolean,
  logger?: Logger,
): () => void {
  const registered: Channel[] = [];
  for (const channel of CHANNELS) {
    ipcMain.handle(channel, async (event: IpcInvokeEventLike, ...args: unknown[]): Promise<WireResult<Channel>> => {
      if (!isTrustedFrame(event?.senderFrame, isTrustedSender)) {
        logger?.warn('refused IPC from an untrusted sender', { channel });
        return { ok: false, error: UNTRUSTED_SENDER_ERROR };
      }
      if (args.length > 1) {
        logger?.warn('refused IPC with extra arguments', { channel });
        return { ok: false, error: EXTRA_ARGUMENTS_ERROR };
      }
      return dispatch(desk.handlers, channel, args[0], logger);
    });
    registered.push(channel);
  }
  let disposed = false;
  return () => {
    if (disposed) return;
    disposed = true;
    for (const channel of registered) ipcMain.removeHandler(channel);
  };
}

/** The part of `WebContents` the event push uses. */
export interface EventTargetLike {
  isDestroyed(): boolean;
  getURL(): string;
  send(channel: string, ...args: unknown[]): void;
}

/** Sends one event to the window, only while it shows a trusted page. */
function sendEvent<E extends EventName>(
  event: E,
  data: IpcEvents[E],
  getTarget: () => EventTargetLike | null,
  isTrustedSender: (frameUrl: string) => boolean,
  logger?: Logger,
): void {
  const target = getTarget();
  if (target === null || target.isDestroyed()) return;
  if (!isTrustedSender(target.getURL())) {
    logger?.warn('did not send an event to an untrusted page', { event });
    return;
  }
  target.send(event, data);
}

/**
 * Pushes `providers:changed` to the window, only while it shows a trusted page.
 * `getTarget` is asked each time (the window may be gone or recreated).
 */
export function forwardProviderChanges(
  desk: Pick<Desk, 'onProvidersChanged'>,
  getTarget: () => EventTargetLike | null,
  isTrustedSender: (frameUrl: string) => boolean,
  logger?: Logger,
): () => void {
  return desk.onProvidersChanged((views: IpcEvents['providers:changed']) => sendEvent('providers:changed', views, getTarget, isTrustedSender, logger));
}

/** Pushes `inspector:changed` (which timeline changed, never its steps) the same way. */
export function forwardInspectorChanges(
  desk: Pick<Desk, 'onInspectorChanged'>,
  getTarget: () => EventTargetLike | null,
  isTrustedSender: (frameUrl: string) => boolean,
  logger?: Logger,
): () => void {
  return desk.onInspectorChanged((target: IpcEvents['inspector:changed']) => sendEvent('inspector:changed', target, getTarget, isTrustedSender, logger));
}
