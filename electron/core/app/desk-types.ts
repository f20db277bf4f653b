/**
 * The surface the hosts (Electron main, the web host) use: channel handlers for the IPC contract,
 * a change stream for the renderer, and a clean shutdown. Built by `createDesk` (desk.ts).
 */
import type { IpcEvents } from '../../shared/ipc-contract.ts';
import type { ChannelHandlers } from '../ipc/dispatch.ts';
import type { HttpClient } from '../http/http-client.ts';
import type { AuthorizationWindow, BrowserOpener, Clock, KeyValueStore, Logger, SecretCipher } from '../ports.ts';

export interface Desk {
  readonly handlers: ChannelHandlers;
  /** Pushes the full provider list after every change (attempt started/ended, tokens stored, disconnect). */
  onProvidersChanged(listener: (views: IpcEvents['providers:changed']) => void): () => void;
  /** Origins of the authorization servers the app knows now: the system-browser allow-list (S12). */
  authorizationOrigins(): readonly string[];
  /** Cancels attempts, closes loopback listeners and stops the Sandbox server. */
  close(): Promise<void>;
}

export interface DeskOptions {
  readonly store: KeyValueStore;
  readonly cipher: SecretCipher;
  /** The system browser; null where there is none (web mode shows the "Open sign-in page" link instead). */
  readonly opener: BrowserOpener | null;
  /** The in-app authorization window; null where the host cannot show one (web mode). */
  readonly authWindow: AuthorizationWindow | null;
  readonly http?: HttpClient;
  readonly clock?: Clock;
  readonly logger?: Logger;
  /** Access-token lifetime of the built-in Sandbox server (OAUTH_DESK_SANDBOX_TOKEN_TTL), default 120. */
  readonly sandboxTokenTtlSeconds?: number;
  /** How long an authorization attempt waits for its callback, default 5 minutes. */
  readonly attemptTimeoutMs?: number;
}
