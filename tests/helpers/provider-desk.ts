/**
 * A real desk over a real provider catalog for the provider integration tests: a conf store in a
 * temporary data folder, got behind a recording HttpClient (so tests can see exactly what was sent:
 * URL, headers, form), a recording logger, a fake system browser that records the authorization URL,
 * and a way to play the browser against an emulator that redirects straight back (no login page):
 * GET the authorization URL, read its Location, and deliver that to the real loopback receiver.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { TestContext } from 'node:test';
import { createDesk } from '../../electron/core/app/desk.ts';
import type { Desk } from '../../electron/core/app/desk-types.ts';
import { createGotHttpClient } from '../../electron/core/http/got-http-client.ts';
import type { HttpClient, HttpRequest } from '../../electron/core/http/http-client.ts';
import type { AuthorizationWindow, BrowserOpener, Clock, KeyValueStore, Logger, Notifier, SecretCipher } from '../../electron/core/ports.ts';
import { systemClock } from '../../electron/core/ports.ts';
import type { BuiltInEndpointOverrides, ProviderCatalog } from '../../electron/core/providers/provider-catalog.ts';
import { createProviderCatalog } from '../../electron/core/providers/provider-catalog.ts';
import { ConnectionRepository } from '../../electron/core/storage/connection-repository.ts';
import { createFileStore, storeFilePath } from '../../electron/core/storage/file-store.ts';
import type { PendingAttemptView, ProviderView } from '../../electron/shared/view-types.ts';
import { rawRequest } from './raw-http.ts';
import { createTestCipher } from './test-cipher.ts';
import { tempDataDir } from './temp-dir.ts';

// ---------------------------------------------------------------------------------------------
// Recording HTTP client and logger

export interface RecordedRequest {
  /** Order in which requests were started (0, 1, 2…). */
  readonly seq: number;
  readonly method: string;
  readonly url: string;
  /** Header names lower-cased. */
  readonly headers: Readonly<Record<string, string>>;
  readonly form: Readonly<Record<string, string>> | null;
  /** Set once the answer arrived (null on a network failure or while in flight). */
  status: number | null;
}

export interface RecordingHttpClient extends HttpClient {
  readonly requests: RecordedRequest[];
  /**
   * Runs after the request is recorded and before it is sent (e.g. to move an emulator's clock as
   * if the request had been slow to leave). Recording happens synchronously in `request`, so a test
   * can tell whether a request had started by a given moment.
   */
  before: ((request: HttpRequest) => void | Promise<void>) | null;
}

export function recordingHttpClient(inner: HttpClient = createGotHttpClient()): RecordingHttpClient {
  const requests: RecordedRequest[] = [];
  const client: RecordingHttpClient = {
    requests,
    before: null,
    async request(request) {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(request.headers ?? {})) headers[name.toLowerCase()] = value;
      const entry: RecordedRequest = { seq: requests.length, method: request.method, url: request.url, headers, form: request.form ? { ...request.form } : null, status: null };
      requests.push(entry);
      if (client.before !== null) await client.before(request);
      const response = await inner.request(request);
      entry.status = response.status;
      return response;
    },
  };
  return client;
}

/** Requests whose URL (without query) is `url`, optionally of one grant type. */
export function requestsTo(http: RecordingHttpClient, url: string, grantType?: string): RecordedRequest[] {
  return http.requests.filter((r) => r.url.split('?')[0] === url && (grantType === undefined || r.form?.grant_type === grantType));
}

export interface RecordingLogger extends Logger {
  /** Every line as it would be printed: level, message and fields as JSON. */
  readonly lines: string[];
}

export function recordingLogger(): RecordingLogger {
  const lines: string[] = [];
  const log = (level: string) => (message: string, fields?: Record<string, string | number | boolean | null>) => void lines.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`);
  return { lines, info: log('info'), warn: log('warn'), error: log('error') };
}

// ---------------------------------------------------------------------------------------------
// The desk

export interface CatalogDependencies {
  readonly store: KeyValueStore;
  readonly cipher: SecretCipher;
  readonly http: HttpClient;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly dataDir: string;
}

export interface ProviderDeskOptions {
  /** What OAUTH_DESK_*_CLIENT_ID / _SECRET the catalog sees (default: none). */
  readonly env?: Readonly<Record<string, string>>;
  /** The built-ins' URLs replaced by emulator URLs. */
  readonly endpoints?: BuiltInEndpointOverrides;
  readonly clock?: Clock;
  /** A host window for the in-app sign-in (default: none, as in web mode). */
  readonly authWindow?: AuthorizationWindow | null;
  readonly proactiveRefresh?: boolean;
  readonly notifier?: Notifier;
  /** Builds the catalog another way (e.g. openProviderCatalog with a providers file). */
  readonly catalog?: (deps: CatalogDependencies) => ProviderCatalog | Promise<ProviderCatalog>;
}

export interface SignInOptions {
  readonly connectionId?: string;
  readonly addAccount?: boolean;
  /** Plays the person in the browser; returns the URL the provider redirected to (not yet requested). */
  readonly browse?: (authorizationUrl: string, redirectUri: string) => Promise<string>;
}

export interface SignInOutcome {
  readonly pending: PendingAttemptView;
  /** The provider's view once the attempt ended (connected, or with `lastError`). */
  readonly view: ProviderView;
  /** What the loopback receiver answered the browser. */
  readonly callbackStatus: number;
  /** How many HTTP requests the desk had started when the callback page reached the browser. */
  readonly requestsStartedBeforeCallbackPage: number;
}

export interface ProviderDesk {
  readonly desk: Desk;
  readonly dir: string;
  readonly cipher: SecretCipher;
  readonly http: RecordingHttpClient;
  readonly logger: RecordingLogger;
  /** URLs handed to the system browser. */
  readonly opened: string[];
  /** Every pushed provider list. */
  readonly changes: ProviderView[][];
  /** A repository over the same store file, to look at what was saved. */
  repository(): ConnectionRepository;
  /** The store file's text ('' before the first write). */
  storeText(): string;
  view(providerId: string): Promise<ProviderView>;
  /** The first pushed view of `providerId` (from index `since`) that satisfies `predicate`. */
  until(providerId: string, predicate: (view: ProviderView) => boolean, since?: number): Promise<ProviderView>;
  /** Connect (or re-authorize, or add an account), play the browser, deliver the callback, wait until the attempt ended. */
  signIn(providerId: string, options?: SignInOptions): Promise<SignInOutcome>;
}

/** Follows an emulator's authorization redirect without requesting the redirect URI. */
export async function followAuthorizationRedirect(authorizationUrl: string, redirectUri: string): Promise<string> {
  const response = await fetch(authorizationUrl, { redirect: 'manual' });
  const location = response.headers.get('location');
  const body = await response.text();
  assert.equal(response.status, 302, `the authorization endpoint redirects back (got ${response.status}: ${body.replace(/<[^>]*>/g, ' ').trim().slice(0, 200)})`);
  assert.ok(location !== null && location.startsWith(redirectUri), 'the redirect goes to the redirect URI of this attempt');
  return location;
}

export async function providerDesk(t: TestContext, options: ProviderDeskOptions = {}): Promise<ProviderDesk> {
  const dir = tempDataDir(t);
  const cipher = createTestCipher();
  const store = createFileStore(dir);
  const http = recordingHttpClient();
  const logger = recordingLogger();
  const clock = options.clock ?? systemClock;
  const opened: string[] = [];
  const opener: BrowserOpener = { open: async (url) => void opened.push(url) };
  const deps: CatalogDependencies = { store, cipher, http, clock, logger, dataDir: dir };
  const catalog = options.catalog
    ? await options.catalog(deps)
    : createProviderCatalog({ store, cipher, http, clock, logger, env: options.env ?? {}, ...(options.endpoints ? { endpoints: options.endpoints } : {}) });
  const desk = createDesk({
    store,
    cipher,
    http,
    clock,
    logger,
    catalog,
    opener,
    authWindow: options.authWindow ?? null,
    proactiveRefresh: options.proactiveRefresh ?? false,
    ...(options.notifier ? { notifier: options.notifier } : {}),
  });
  t.after(() => desk.close());

  const changes: ProviderView[][] = [];
  const waiters = new Set<() => void>();
  desk.onProvidersChanged((views) => {
    changes.push(views);
    for (const waiter of [...waiters]) waiter();
  });

  const until = (providerId: string, predicate: (view: ProviderView) => boolean, since = 0) =>
    new Promise<ProviderView>((resolve, reject) => {
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`timed out waiting for a state of ${providerId}`));
      }, 10_000);
      function check() {
        for (let i = since; i < changes.length; i++) {
          const view = changes[i]!.find((p) => p.id === providerId);
          if (view !== undefined && predicate(view)) {
            clearTimeout(timer);
            waiters.delete(check);
            resolve(view);
            return;
          }
        }
      }
      waiters.add(check);
      check();
    });

  const view = async (providerId: string) => {
    const found = (await desk.handlers['providers:list']()).find((p) => p.id === providerId);
    assert.ok(found, `the provider ${providerId} is offered`);
    return found;
  };

  return {
    desk,
    dir,
    cipher,
    http,
    logger,
    opened,
    changes,
    repository: () => new ConnectionRepository(createFileStore(dir), cipher, logger),
    storeText: () => (existsSync(storeFilePath(dir)) ? readFileSync(storeFilePath(dir), 'utf8') : ''),
    view,
    until,
    async signIn(providerId, signIn = {}) {
      const pending = await desk.handlers['auth:connect']({
        providerId,
        ...(signIn.connectionId === undefined ? {} : { connectionId: signIn.connectionId }),
        ...(signIn.addAccount === undefined ? {} : { addAccount: signIn.addAccount }),
      });
      const since = changes.length;
      assert.ok(opened.includes(pending.authorizationUrl), 'the authorization URL went to the system browser');
      const callback = new URL(await (signIn.browse ?? followAuthorizationRedirect)(pending.authorizationUrl, pending.redirectUri));
      const answer = await rawRequest(Number(callback.port), { path: callback.pathname + callback.search });
      const requestsStartedBeforeCallbackPage = http.requests.length;
      const ended = await until(providerId, (p) => p.pending === null, since);
      return { pending, view: ended, callbackStatus: answer.status, requestsStartedBeforeCallbackPage };
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Ports and leak searches

/** A loopback port that was free a moment ago (the OS picked it; the listener is closed again). */
export async function freeLoopbackPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * S29: which of `places` (name → captured text) contain which secret. Returns descriptions like
 * "store file holds secret #3 (8 chars from the start: ya29.abc)" — never more of the secret than
 * a short prefix, so a failure message does not leak it either.
 */
export function leakedSecrets(places: Readonly<Record<string, string>>, secrets: readonly string[]): string[] {
  const found: string[] = [];
  secrets.forEach((secret, index) => {
    if (secret.length < 8) return;
    for (const [place, text] of Object.entries(places)) {
      if (text.includes(secret)) found.push(`${place} holds secret #${index} (${secret.slice(0, 6)}…)`);
    }
  });
  return found;
}

/** Everything the renderer could see of the desk right now: provider views, settings and configuration problems. */
export async function rendererVisibleText(h: ProviderDesk): Promise<Record<string, string>> {
  const views = await h.desk.handlers['providers:list']();
  const settings: unknown[] = [];
  for (const view of views) {
    try {
      settings.push(await h.desk.handlers['settings:get']({ providerId: view.id }));
    } catch (error) {
      settings.push((error as Error).message);
    }
  }
  return {
    'providers:list': JSON.stringify(views),
    'settings:get': JSON.stringify(settings),
    'settings:list-problems': JSON.stringify(await h.desk.handlers['settings:list-problems']()),
    'providers:changed pushes': JSON.stringify(h.changes),
    'log lines': h.logger.lines.join('\n'),
    'store file': h.storeText(),
  };
}

/**
 * S29 after a whole run: which secrets show up in what the renderer can see now, in what it could
 * see while connected (`whileConnected`, from `rendererVisibleText`), or in `extra` texts (data
 * results, error messages). Empty when nothing leaked.
 */
export async function leaksAfterRun(h: ProviderDesk, secrets: readonly string[], whileConnected: Readonly<Record<string, string>>, extra: Readonly<Record<string, string>>): Promise<string[]> {
  const places = {
    ...(await rendererVisibleText(h)),
    ...Object.fromEntries(Object.entries(whileConnected).map(([k, v]) => [`${k} (while connected)`, v])),
    ...extra,
  };
  return leakedSecrets(places, secrets);
}

/** The wire fields of a caught error, as text for a leak search. */
export const errorText = (error: unknown): string => JSON.stringify(error, ['code', 'message', 'hint']);
