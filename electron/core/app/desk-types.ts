/**
 * The surface the hosts (Electron main, the web host) use: channel handlers for the IPC contract,
 * a change stream for the renderer, and a clean shutdown. Built by `createDesk` (desk.ts).
 */
import type { IpcEvents } from '../../shared/ipc-contract.ts';
import type { ChannelHandlers } from '../ipc/dispatch.ts';
import type { HttpClient } from '../http/http-client.ts';
import type { ProviderCatalog } from '../providers/provider-catalog.ts';
import type { StoreStatus } from '../storage/store-check.ts';
import type { SchemeRedirectRouter } from '../scheme/scheme-redirect-router.ts';
import type { AuthorizationWindow, BrowserOpener, Clock, KeyValueStore, Logger, Notifier, SecretCipher, Timers } from '../ports.ts';

export interface Desk {
  readonly handlers: ChannelHandlers;
  /** Pushes the full provider list after every change (attempt started/ended, tokens stored, disconnect). */
  onProvidersChanged(listener: (views: IpcEvents['providers:changed']) => void): () => void;
  /**
   * Names the flow inspector's timeline that gained steps or was cleared (the hosts push it as
   * `inspector:changed`; an open inspector then asks `inspector:steps` again).
   */
  onInspectorChanged(listener: (target: IpcEvents['inspector:changed']) => void): () => void;
  /** Origins of the authorization servers the app knows now. */
  authorizationOrigins(): readonly string[];
  /**
   * The exact URLs the system browser may open now (S12): the authorization URL of every sign-in
   * pending right now (from the moment the desk opens it until the attempt ends) and the providers'
   * developer-console pages. Never whole origins.
   */
  openableLinks(): readonly string[];
  /**
   * The host saw the system wake up or the network come back: the refresh schedule is re-planned
   * (timers may have slept), and after `network-online` failed refreshes are retried at once.
   */
  systemEvent(event: 'resume' | 'network-online'): void;
  /** Cancels attempts and the refresh timer, closes loopback listeners and stops the Sandbox server. */
  close(): Promise<void>;
}

export interface DeskOptions {
  readonly store: KeyValueStore;
  readonly cipher: SecretCipher;
  /**
   * What opening the store found: a file moved aside (the app starts signed out), sections cleared
   * (S21). The window is told through settings:list-problems. Absent: nothing to report.
   */
  readonly storeStatus?: StoreStatus | null;
  /** The system browser; null where there is none (web mode shows the "Open sign-in page" link instead). */
  readonly opener: BrowserOpener | null;
  /** The in-app authorization window; null where the host cannot show one (web mode). */
  readonly authWindow: AuthorizationWindow | null;
  readonly http?: HttpClient;
  readonly clock?: Clock;
  readonly logger?: Logger;
  /** The providers (built-ins, providers file, Settings); default: the Sandbox and the built-ins only. */
  readonly catalog?: ProviderCatalog;
  /** Access-token lifetime of the built-in Sandbox server (OAUTH_DESK_SANDBOX_TOKEN_TTL), default 120. Used by the default catalog. */
  readonly sandboxTokenTtlSeconds?: number;
  /** Desktop notifications (a connection needs re-authorization); null or absent where there are none. */
  readonly notifier?: Notifier | null;
  /** Timers for the refresh schedule (fakes in tests). */
  readonly timers?: Timers;
  /** Random numbers in [0, 1) for the schedule's jitter (fixed in tests). */
  readonly random?: () => number;
  /** Refresh connections ahead of expiry on a timer (default true; tests of reactive refresh turn it off). */
  readonly proactiveRefresh?: boolean;
  /**
   * Receives redirects through the app's custom scheme (the desktop app registers it with the OS);
   * null or absent where nothing can (web mode): the custom-scheme sign-in mode is then not offered.
   */
  readonly schemeRouter?: SchemeRedirectRouter | null;
  /** How long an authorization attempt waits for its callback, default 5 minutes. */
  readonly attemptTimeoutMs?: number;
  /** The most steps the flow inspector keeps per timeline, default 100 (older ones are dropped and counted). */
  readonly inspectorCapacity?: number;
}
