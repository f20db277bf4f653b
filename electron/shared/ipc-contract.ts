/**
 * The one IPC contract. Main-process handlers, the preload facade, the web channel and the
 * renderer's bridge all take their types (and payload validation) from this map.
 * Channel names are `domain:verb`; each channel takes at most one plain-object payload.
 */
import type { ErrorInfo, Result } from './error-info.ts';
import type { AuthMode, ConnectionData, ConnectionView, DisconnectResult, PendingAttemptView, ProviderView, RefreshAllResult } from './view-types.ts';
import { AUTH_MODES } from './view-types.ts';
import type { FlowTimelineView, InspectorTarget } from './flow-types.ts';
import type { ClientFileImportResult, ConfigProblemView, PortCheckView, ProviderSettingsView, SaveCustomProviderResult, StorageView } from './settings-types.ts';

export interface IpcContract {
  'providers:list': { payload: void; result: ProviderView[] };
  'providers:set-auth-mode': { payload: { providerId: string; authMode: AuthMode }; result: void };
  /**
   * Starts an authorization. With `connectionId`, re-authorizes that connection; with `addAccount`,
   * asks the provider for its account chooser so another account can be connected.
   */
  'auth:connect': { payload: { providerId: string; connectionId?: string; addAccount?: boolean }; result: PendingAttemptView };
  'auth:cancel': { payload: { attemptId: string }; result: void };
  'connections:disconnect': { payload: { connectionId: string }; result: DisconnectResult };
  /** Refreshes the connection's tokens now (even before they are due) and answers with its new view. */
  'connections:refresh': { payload: { connectionId: string }; result: ConnectionView };
  /** Refreshes every connection that holds a refresh token and does not need re-authorization. */
  'connections:refresh-all': { payload: void; result: RefreshAllResult };
  'data:fetch': { payload: { connectionId: string }; result: ConnectionData };
  /** The flow inspector: a connection's protocol steps, or a provider's latest sign-in's, secrets masked (S29). */
  'inspector:steps': { payload: InspectorTarget; result: FlowTimelineView };
  /** The window saw the network come back: failed refreshes are retried now instead of at their backoff time. */
  'system:network-online': { payload: void; result: void };
  /** The window's Content-Security-Policy blocked something (S26): logged as a warning, rate-limited. */
  'system:report-csp-violation': { payload: CspViolationReport; result: void };
  /** Problems found in the configuration at start (the providers file, credential variables). */
  'settings:list-problems': { payload: void; result: ConfigProblemView[] };
  'settings:get': { payload: { providerId: string }; result: ProviderSettingsView };
  /**
   * Saves a built-in provider's client credentials (encrypted). An empty `clientId` removes them.
   * `clientSecret`: a new secret, null to remove it, absent to keep the saved one.
   */
  'settings:save-credentials': { payload: { providerId: string; clientId: string; clientSecret?: string | null }; result: ProviderSettingsView };
  /** Imports the client_secret.json Google's console downloads (its text; the renderer reads the chosen file). */
  'settings:import-client-file': { payload: { providerId: string; text: string }; result: ClientFileImportResult };
  'settings:set-redirect-port': { payload: { providerId: string; port: number }; result: ProviderSettingsView };
  /** Checks that the provider's fixed redirect port is free to listen on. */
  'settings:check-port': { payload: { providerId: string }; result: PortCheckView };
  /**
   * Adds or replaces (`replaces`: the id it had) a custom provider defined in Settings. The form is
   * validated by the providers file's schema; problems come back as data and nothing is saved.
   * `clientSecret`: a new secret, null for none, absent to keep the saved one when replacing.
   */
  'settings:save-custom': { payload: { form: Record<string, unknown>; clientSecret?: string | null; replaces?: string }; result: SaveCustomProviderResult };
  /** Removes a custom provider added in Settings; refused while it has connections. */
  'settings:remove-custom': { payload: { providerId: string }; result: void };
  /** Storage & security: where secrets are kept and how well (S20), and the refresh-token choice. */
  'settings:get-storage': { payload: void; result: StorageView };
  /**
   * On weak secret storage, keep refresh tokens on disk (true) or in memory only (false). The
   * current refresh tokens move at once.
   */
  'settings:set-keep-refresh-tokens': { payload: { keep: boolean }; result: StorageView };
}

/**
 * A Content-Security-Policy violation as the window reports it: a few bounded facts, never the
 * blocked URL (it could carry anything) nor the page address.
 */
export interface CspViolationReport {
  /** The directive that blocked it, e.g. `script-src-elem`. */
  readonly directive: string;
  /** `inline`, `eval`, `wasm-eval`, or the scheme of the blocked URL (`https`, `data`…); `other` when unknown. */
  readonly blocked: string;
  /** Path of the app's own file where it happened (`/assets/index-1a2b.js`); '' when unknown or not the app's. */
  readonly source: string;
  /** Line in that file; 0 when unknown. */
  readonly line: number;
}

export type Channel = keyof IpcContract;
export type Payload<C extends Channel> = IpcContract[C]['payload'];
export type ResultOf<C extends Channel> = IpcContract[C]['result'];

/** Events pushed from main to the renderer. */
export interface IpcEvents {
  'providers:changed': ProviderView[];
  /** Show this connection's card (sent when its desktop notification is clicked). */
  'connections:focus': { connectionId: string };
  /** A timeline gained steps or was cleared: an open inspector on it loads it again. */
  'inspector:changed': InspectorTarget;
}
export type EventName = keyof IpcEvents;
export const EVENT_NAMES: readonly EventName[] = ['providers:changed', 'connections:focus', 'inspector:changed'];

/** The named functions the preload exposes, one per channel. */
export const CHANNEL_METHODS = {
  'providers:list': 'listProviders',
  'providers:set-auth-mode': 'setAuthMode',
  'auth:connect': 'connect',
  'auth:cancel': 'cancelAttempt',
  'connections:disconnect': 'disconnect',
  'connections:refresh': 'refreshConnection',
  'connections:refresh-all': 'refreshAll',
  'data:fetch': 'fetchData',
  'inspector:steps': 'inspectorSteps',
  'system:network-online': 'networkOnline',
  'system:report-csp-violation': 'reportCspViolation',
  'settings:list-problems': 'listConfigProblems',
  'settings:get': 'getSettings',
  'settings:save-credentials': 'saveCredentials',
  'settings:import-client-file': 'importClientFile',
  'settings:set-redirect-port': 'setRedirectPort',
  'settings:check-port': 'checkPort',
  'settings:save-custom': 'saveCustomProvider',
  'settings:remove-custom': 'removeCustomProvider',
  'settings:get-storage': 'getStorage',
  'settings:set-keep-refresh-tokens': 'setKeepRefreshTokens',
} as const satisfies Record<Channel, string>;

export const CHANNELS = Object.keys(CHANNEL_METHODS) as Channel[];

type MethodName<C extends Channel> = (typeof CHANNEL_METHODS)[C];

/** What travels over the wire for each call: only `{code, message, hint}` on failure. */
export type WireResult<C extends Channel> = Result<ResultOf<C>>;

/** The renderer-facing API. Methods reject with an `ErrorInfo`-carrying error on failure. */
export type OAuthDeskApi = {
  [C in Channel as MethodName<C>]: Payload<C> extends void
    ? () => Promise<ResultOf<C>>
    : (payload: Payload<C>) => Promise<ResultOf<C>>;
} & {
  on<E extends EventName>(event: E, listener: (data: IpcEvents[E]) => void): () => void;
};

/**
 * What the preload exposes on `window.oauthDesk`: one named function per channel, resolving to the
 * wire result (errors thrown across the context bridge lose their fields, results do not), plus `on`.
 */
export type PreloadApi = {
  [C in Channel as MethodName<C>]: (payload: Payload<C>) => Promise<WireResult<C>>;
} & {
  on<E extends EventName>(event: E, listener: (data: IpcEvents[E]) => void): () => void;
};

/** Adapts the preload's named functions back into a transport for `createApi`. */
export function transportFromPreload(preload: PreloadApi): IpcTransport {
  return {
    invoke: (channel, payload) => {
      const fn = (preload as unknown as Record<string, (p: unknown) => Promise<WireResult<Channel>>>)[CHANNEL_METHODS[channel]];
      if (typeof fn !== 'function') return Promise.reject(new Error(`The preload does not expose ${channel}`));
      return fn(payload) as Promise<never>;
    },
    subscribe: (event, listener) => preload.on(event, listener),
  };
}

/** Builds the preload's named functions from a transport (used by the preload itself). */
export function createPreloadApi(transport: IpcTransport): PreloadApi {
  const api: Record<string, unknown> = {};
  for (const channel of CHANNELS) {
    api[CHANNEL_METHODS[channel]] = (payload?: unknown) => transport.invoke(channel, payload as never);
  }
  api.on = (event: EventName, listener: (data: IpcEvents[EventName]) => void) => {
    if (!EVENT_NAMES.includes(event)) throw new Error(`Unknown event ${String(event)}`);
    return transport.subscribe(event, listener);
  };
  return api as PreloadApi;
}

/** The raw transport both the preload and the web bridge implement. */
export interface IpcTransport {
  invoke<C extends Channel>(channel: C, payload: Payload<C>): Promise<WireResult<C>>;
  subscribe<E extends EventName>(event: E, listener: (data: IpcEvents[E]) => void): () => void;
}

export class IpcPayloadError extends Error {
  readonly code = 'ipc_invalid_payload';
  readonly hint = 'This is a bug in OAuth Desk: the window sent a request the app does not understand. Restart the app.';
}

const ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

function plainObject(input: unknown, channel: string, allowed: readonly string[]): Record<string, unknown> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new IpcPayloadError(`${channel}: payload must be an object`);
  }
  const proto = Object.getPrototypeOf(input);
  if (proto !== Object.prototype && proto !== null) throw new IpcPayloadError(`${channel}: payload must be a plain object`);
  for (const key of Object.keys(input)) {
    if (!allowed.includes(key)) throw new IpcPayloadError(`${channel}: unexpected field "${key}"`);
  }
  return input as Record<string, unknown>;
}

function id(obj: Record<string, unknown>, field: string, channel: string): string {
  const v = obj[field];
  if (typeof v !== 'string' || !ID_PATTERN.test(v)) throw new IpcPayloadError(`${channel}: "${field}" must be an identifier`);
  return v;
}

function text(obj: Record<string, unknown>, field: string, channel: string, max: number): string {
  const v = obj[field];
  if (typeof v !== 'string' || v.length > max) throw new IpcPayloadError(`${channel}: "${field}" must be text of at most ${max} characters`);
  return v;
}

/** A secret field: text, null (remove) or absent (keep). */
function optionalSecret(obj: Record<string, unknown>, channel: string): { clientSecret?: string | null } {
  if (obj.clientSecret === undefined) return {};
  if (obj.clientSecret === null) return { clientSecret: null };
  return { clientSecret: text(obj, 'clientSecret', channel, MAX_SECRET_LENGTH) };
}

const MAX_SECRET_LENGTH = 1024;
const MAX_CLIENT_ID_LENGTH = 512;
/** Google's client_secret.json is well under 1 KB; 64 KB leaves room and bounds what the main process parses. */
export const MAX_CLIENT_FILE_LENGTH = 64 * 1024;
const MAX_FORM_NODES = 500;

/** Plain JSON data only (no prototypes, functions or cycles), bounded in size: the schema checks the rest. */
function jsonData(value: unknown, channel: string, budget: { nodes: number }, depth = 0): void {
  if (--budget.nodes < 0 || depth > 4) throw new IpcPayloadError(`${channel}: "form" is too large`);
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new IpcPayloadError(`${channel}: "form" holds a number that is not finite`);
    return;
  }
  if (Array.isArray(value)) {
    for (const item of value) jsonData(item, channel, budget, depth + 1);
    return;
  }
  if (typeof value === 'object') {
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) throw new IpcPayloadError(`${channel}: "form" must hold plain objects only`);
    for (const item of Object.values(value)) jsonData(item, channel, budget, depth + 1);
    return;
  }
  throw new IpcPayloadError(`${channel}: "form" must hold JSON data only`);
}

/** A directive name such as `script-src-elem`. */
const CSP_DIRECTIVE_PATTERN = /^[a-z][a-z-]{0,39}$/;
/** `inline`, `eval`, … or a URL scheme: never more of the blocked URL. */
const CSP_BLOCKED_PATTERN = /^[a-z][a-z0-9+.-]{0,31}$/;
/** '' or an absolute path of plain file-name characters (no query, no fragment, no `..`). */
const CSP_SOURCE_PATTERN = /^(?:\/[A-Za-z0-9_~-][A-Za-z0-9._~-]{0,99}){0,8}\/?$/;
const MAX_CSP_LINE = 10_000_000;

function matching(obj: Record<string, unknown>, field: string, channel: string, pattern: RegExp): string {
  const v = obj[field];
  if (typeof v !== 'string' || v.length > 200 || !pattern.test(v)) throw new IpcPayloadError(`${channel}: "${field}" is not in the expected form`);
  return v;
}

function none(input: unknown, channel: string): void {
  if (input !== undefined && input !== null) throw new IpcPayloadError(`${channel}: takes no payload`);
}

/** Strict validators: every handler runs its payload through one before doing anything. */
export const PAYLOAD_VALIDATORS: { [C in Channel]: (input: unknown) => Payload<C> } = {
  'providers:list': (input) => none(input, 'providers:list'),
  'providers:set-auth-mode': (input) => {
    const o = plainObject(input, 'providers:set-auth-mode', ['providerId', 'authMode']);
    const authMode = o.authMode;
    if (typeof authMode !== 'string' || !(AUTH_MODES as readonly string[]).includes(authMode)) {
      throw new IpcPayloadError('providers:set-auth-mode: "authMode" must be one of ' + AUTH_MODES.join(', '));
    }
    return { providerId: id(o, 'providerId', 'providers:set-auth-mode'), authMode: authMode as AuthMode };
  },
  'auth:connect': (input) => {
    const o = plainObject(input, 'auth:connect', ['providerId', 'connectionId', 'addAccount']);
    const providerId = id(o, 'providerId', 'auth:connect');
    if (o.addAccount !== undefined && typeof o.addAccount !== 'boolean') throw new IpcPayloadError('auth:connect: "addAccount" must be true or false');
    if (o.addAccount === true && o.connectionId !== undefined) throw new IpcPayloadError('auth:connect: "addAccount" and "connectionId" exclude each other');
    return {
      providerId,
      ...(o.connectionId === undefined ? {} : { connectionId: id(o, 'connectionId', 'auth:connect') }),
      ...(o.addAccount === true ? { addAccount: true } : {}),
    };
  },
  'auth:cancel': (input) => ({ attemptId: id(plainObject(input, 'auth:cancel', ['attemptId']), 'attemptId', 'auth:cancel') }),
  'connections:disconnect': (input) => ({
    connectionId: id(plainObject(input, 'connections:disconnect', ['connectionId']), 'connectionId', 'connections:disconnect'),
  }),
  'connections:refresh': (input) => ({
    connectionId: id(plainObject(input, 'connections:refresh', ['connectionId']), 'connectionId', 'connections:refresh'),
  }),
  'connections:refresh-all': (input) => none(input, 'connections:refresh-all'),
  'data:fetch': (input) => ({ connectionId: id(plainObject(input, 'data:fetch', ['connectionId']), 'connectionId', 'data:fetch') }),
  'inspector:steps': (input) => {
    const channel = 'inspector:steps';
    const kind = plainObject(input, channel, ['kind', 'connectionId', 'providerId']).kind;
    if (kind === 'connection') return { kind, connectionId: id(plainObject(input, channel, ['kind', 'connectionId']), 'connectionId', channel) };
    if (kind === 'sign-in' || kind === 'disconnect') return { kind, providerId: id(plainObject(input, channel, ['kind', 'providerId']), 'providerId', channel) };
    throw new IpcPayloadError(`${channel}: "kind" must be "connection", "sign-in" or "disconnect"`);
  },
  'system:network-online': (input) => none(input, 'system:network-online'),
  'system:report-csp-violation': (input) => {
    const channel = 'system:report-csp-violation';
    const o = plainObject(input, channel, ['directive', 'blocked', 'source', 'line']);
    const line = o.line;
    if (typeof line !== 'number' || !Number.isInteger(line) || line < 0 || line > MAX_CSP_LINE) throw new IpcPayloadError(`${channel}: "line" must be a whole number from 0 to ${MAX_CSP_LINE}`);
    return {
      directive: matching(o, 'directive', channel, CSP_DIRECTIVE_PATTERN),
      blocked: matching(o, 'blocked', channel, CSP_BLOCKED_PATTERN),
      source: matching(o, 'source', channel, CSP_SOURCE_PATTERN),
      line,
    };
  },
  'settings:list-problems': (input) => none(input, 'settings:list-problems'),
  'settings:get': (input) => ({ providerId: id(plainObject(input, 'settings:get', ['providerId']), 'providerId', 'settings:get') }),
  'settings:save-credentials': (input) => {
    const channel = 'settings:save-credentials';
    const o = plainObject(input, channel, ['providerId', 'clientId', 'clientSecret']);
    return { providerId: id(o, 'providerId', channel), clientId: text(o, 'clientId', channel, MAX_CLIENT_ID_LENGTH), ...optionalSecret(o, channel) };
  },
  'settings:import-client-file': (input) => {
    const channel = 'settings:import-client-file';
    const o = plainObject(input, channel, ['providerId', 'text']);
    return { providerId: id(o, 'providerId', channel), text: text(o, 'text', channel, MAX_CLIENT_FILE_LENGTH) };
  },
  'settings:set-redirect-port': (input) => {
    const channel = 'settings:set-redirect-port';
    const o = plainObject(input, channel, ['providerId', 'port']);
    const port = o.port;
    if (typeof port !== 'number' || !Number.isInteger(port) || port < 0 || port > 65535) throw new IpcPayloadError(`${channel}: "port" must be a whole number from 0 to 65535`);
    return { providerId: id(o, 'providerId', channel), port };
  },
  'settings:check-port': (input) => ({ providerId: id(plainObject(input, 'settings:check-port', ['providerId']), 'providerId', 'settings:check-port') }),
  'settings:save-custom': (input) => {
    const channel = 'settings:save-custom';
    const o = plainObject(input, channel, ['form', 'clientSecret', 'replaces']);
    const form = plainObject(o.form, `${channel} form`, Object.keys(o.form ?? {}));
    jsonData(form, channel, { nodes: MAX_FORM_NODES });
    return {
      form,
      ...optionalSecret(o, channel),
      ...(o.replaces === undefined ? {} : { replaces: id(o, 'replaces', channel) }),
    };
  },
  'settings:remove-custom': (input) => ({ providerId: id(plainObject(input, 'settings:remove-custom', ['providerId']), 'providerId', 'settings:remove-custom') }),
  'settings:get-storage': (input) => none(input, 'settings:get-storage'),
  'settings:set-keep-refresh-tokens': (input) => {
    const channel = 'settings:set-keep-refresh-tokens';
    const keep = plainObject(input, channel, ['keep']).keep;
    if (typeof keep !== 'boolean') throw new IpcPayloadError(`${channel}: "keep" must be true or false`);
    return { keep };
  },
};

export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && Object.hasOwn(CHANNEL_METHODS, value);
}

/** Error thrown by the renderer bridge when a call fails; carries only the wire fields. */
export class RemoteError extends Error implements ErrorInfo {
  readonly code: string;
  readonly hint: string;
  constructor(info: ErrorInfo) {
    super(info.message);
    this.name = 'RemoteError';
    this.code = info.code;
    this.hint = info.hint;
  }
}

/** Builds the named-function API from a transport; shared by the preload and the web bridge. */
export function createApi(transport: IpcTransport): OAuthDeskApi {
  const api: Record<string, unknown> = {};
  for (const channel of CHANNELS) {
    api[CHANNEL_METHODS[channel]] = async (payload?: unknown) => {
      const wire = await transport.invoke(channel, payload as never);
      if (!wire.ok) throw new RemoteError(wire.error);
      return wire.value;
    };
  }
  api.on = (event: EventName, listener: (data: IpcEvents[EventName]) => void) => {
    if (!EVENT_NAMES.includes(event)) throw new Error(`Unknown event ${String(event)}`);
    return transport.subscribe(event, listener);
  };
  return api as OAuthDeskApi;
}

export type { ErrorInfo };
