/**
 * The composition of the core: providers, stored connections and authorization attempts behind the
 * IPC contract's channels. Hosts (Electron main, the web host) pass in the side effects.
 */
import { canRefresh } from '../../shared/connection-state.ts';
import { randomUUID } from 'node:crypto';
import type { ErrorInfo } from '../../shared/error-info.ts';
import type { AuthMode, ConnectionView, PendingAttemptView, ProviderView, RefreshAllResult } from '../../shared/view-types.ts';
import type { AuthorizationAttempt } from '../auth/authorization-attempt.ts';
import { startAuthorizationAttempt } from '../auth/authorization-attempt.ts';
import { RequestError, appClosingError, toErrorInfo } from '../errors.ts';
import { createGotHttpClient } from '../http/got-http-client.ts';
import { createCspViolationLog } from '../logging/csp-violation-log.ts';
import type { ChannelHandlers } from '../ipc/dispatch.ts';
import { shownGrantedScopes } from '../oauth/granted-scopes.ts';
import type { TokenSet } from '../oauth/token-set.ts';
import { silentLogger, systemClock, systemTimers } from '../ports.ts';
import { accountLabelFor } from '../providers/data/userinfo-profile.ts';
import type { BrowserOpener } from '../ports.ts';
import type { ProviderProfile, ProviderRuntime } from '../providers/provider-profile.ts';
import type { ProviderCatalog } from '../providers/provider-catalog.ts';
import { createProviderCatalog, staticCatalog } from '../providers/provider-catalog.ts';
import type { ConnectionRecord } from '../storage/connection-repository.ts';
import { ConnectionRepository } from '../storage/connection-repository.ts';
import { RefreshScheduler } from '../tokens/refresh-scheduler.ts';
import { TokenRefresher } from '../tokens/token-refresher.ts';
import type { Desk, DeskOptions } from './desk-types.ts';
import type { SignInRecording } from './desk-inspector.ts';
import { createDeskInspector } from './desk-inspector.ts';
import { fetchConnectionData } from './fetch-connection-data.ts';
import { reauthorizationNotice } from './reauthorization-notice.ts';
import { revokeTokens } from './revoke-tokens.ts';
import { assertSameServer, revocationSkipped } from '../tokens/server-binding.ts';
import { createSettingsHandlers } from './settings-handlers.ts';
import { createDeskDoctor } from './desk-doctor.ts';
import { ProviderSettingsStore } from '../storage/provider-preferences.ts';
import { createStorageSettings } from './storage-settings.ts';

interface Pending {
  readonly attempt: AuthorizationAttempt;
  readonly connectionId: string | null;
}

interface ProviderState {
  readonly profile: ProviderProfile;
  pending: Pending | null;
  lastError: ErrorInfo | null;
  /** Bumped synchronously by every connect, so a slower, older connect knows it was superseded. */
  generation: number;
}

const USER_CANCELLED = new Set(['attempt_cancelled']);

/** A stored connection whose provider is no longer configured (removed from the providers file or Settings). */
function providerMissing(providerId: string): RequestError {
  return new RequestError('provider_missing', `The provider "${providerId}" of this connection is no longer configured.`, {
    hint: 'Add the provider again (Settings or the providers file) to use this connection, or click Disconnect to remove its local tokens.',
  });
}

/**
 * `providers`: a fixed list of profiles (tests); otherwise `options.catalog`, else the default
 * catalog (the Sandbox and the built-ins, no providers file, no credential variables).
 */
export function createDesk(options: DeskOptions, providers?: readonly ProviderProfile[]): Desk {
  const http = options.http ?? createGotHttpClient();
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger;
  const repository = new ConnectionRepository(options.store, options.cipher, logger);
  // Refresh tokens where the secret storage allows them (S20), and what the saved data lacked (S21, S22).
  const storage = createStorageSettings({ store: options.store, cipher: options.cipher, repository, status: options.storeStatus ?? null, logger, changed: () => changed() });
  const settings = new ProviderSettingsStore(options.store);
  const catalog: ProviderCatalog =
    providers !== undefined
      ? staticCatalog(providers)
      : (options.catalog ??
        createProviderCatalog({
          store: options.store,
          cipher: options.cipher,
          http,
          clock,
          logger,
          ...(options.sandboxTokenTtlSeconds ? { sandboxTokenTtlSeconds: options.sandboxTokenTtlSeconds } : {}),
        }));
  // The flow inspector's timelines (memory only, bounded): which requests go where is desk-inspector.ts.
  const inspector = createDeskInspector({ http, clock, logger, ...(options.inspectorCapacity === undefined ? {} : { capacity: options.inspectorCapacity }) });
  const states = new Map<string, ProviderState>();
  /** Follows the catalog: new providers get a state, removed or replaced ones end their sign-in. */
  const syncProviders = () => {
    const current = catalog.profiles();
    const ids = new Set(current.map((p) => p.id));
    // A retired state's sign-ins end, and one still preparing sees itself superseded (generation).
    const retire = (state: ProviderState) => {
      state.generation++;
      state.pending?.attempt.cancel();
    };
    for (const [id, state] of states) {
      if (!ids.has(id)) {
        retire(state);
        states.delete(id);
        inspector.forgetProvider(id);
      }
    }
    const ordered = new Map<string, ProviderState>();
    for (const profile of current) {
      const existing = states.get(profile.id);
      if (existing !== undefined && existing.profile !== profile) retire(existing);
      ordered.set(profile.id, existing !== undefined && existing.profile === profile ? existing : { profile, pending: null, lastError: null, generation: 0 });
    }
    states.clear();
    for (const [id, state] of ordered) states.set(id, state);
  };
  syncProviders();
  const stopFollowingCatalog = catalog.onChange(() => {
    syncProviders();
    changed();
  });
  const listeners = new Set<(views: ProviderView[]) => void>();
  let closed = false;
  const proactive = options.proactiveRefresh ?? true;
  const refresher = new TokenRefresher({
    http,
    httpFor: (connectionId, providerName) => inspector.connectionHttp(connectionId, providerName),
    clock,
    repository,
    logger,
    ...(options.random ? { random: options.random } : {}),
    onChange: () => changed(),
    onNeedsReauthorization: (record) => {
      const name = states.get(record.providerId)?.profile.displayName ?? record.providerId;
      try {
        options.notifier?.notify(reauthorizationNotice(name, record));
      } catch (error) {
        logger.warn('could not show a notification', { code: toErrorInfo(error).code });
      }
    },
  });

  const runtimeOf = (providerId: string): Promise<ProviderRuntime> => stateOf(providerId).profile.prepare();

  const scheduler = new RefreshScheduler({
    clock,
    timers: options.timers ?? systemTimers,
    deadlines: () => {
      const due = new Map<string, number>();
      for (const record of repository.list()) {
        const at = refresher.wakeAt(record);
        if (at !== null && states.has(record.providerId)) due.set(record.id, at);
      }
      return due;
    },
    run: async (connectionId) => {
      const record = repository.get(connectionId);
      if (record === null) return;
      let runtime: ProviderRuntime;
      try {
        runtime = await runtimeOf(record.providerId);
      } catch (error) {
        // E.g. the Sandbox could not start: retried after a backoff, not in a loop.
        refresher.noteFailure(connectionId, error);
        return;
      }
      try {
        await refresher.refresh(connectionId, runtime);
      } catch (error) {
        // The refresher recorded the outcome (backoff or re-authorization); nothing else to do here.
        logger.info('scheduled refresh did not complete', { provider: record.providerId, code: toErrorInfo(error).code });
      }
    },
  });

  const availableModes = (profile: ProviderProfile): AuthMode[] =>
    profile.authModes.filter((mode) =>
      mode === 'app-window' ? options.authWindow !== null : mode === 'custom-scheme' ? (options.schemeRouter ?? null) !== null : true,
    );

  const authModeOf = (profile: ProviderProfile): AuthMode => {
    const available = availableModes(profile);
    const chosen = settings.authMode(profile.id);
    if (chosen !== undefined && available.includes(chosen)) return chosen;
    return available.includes(profile.defaultAuthMode) ? profile.defaultAuthMode : (available[0] ?? 'system-browser');
  };

  const doctor = createDeskDoctor(clock);

  /** The stored reason and the last refresh's failure, each with the doctor's diagnosis (none for a provider that is gone). */
  const explainedFailures = (record: ConnectionRecord): Pick<ConnectionView, 'reauthorizationReason' | 'lastRefresh'> => {
    const lastRefresh = refresher.unsavedFailure(record.id) ?? record.lastRefresh;
    const profile = states.get(record.providerId)?.profile;
    if (profile === undefined) return { reauthorizationReason: record.reauthorizationReason, lastRefresh };
    // When the provider said its limit resets; the app's own next try is another matter.
    const retryAt = refresher.providerResetAt(record.id);
    const explainStored = (info: ErrorInfo) => doctor.connection(info, profile, record, retryAt);
    return {
      reauthorizationReason: record.reauthorizationReason === null ? null : explainStored(record.reauthorizationReason),
      lastRefresh: lastRefresh?.error ? { ...lastRefresh, error: explainStored(lastRefresh.error) } : lastRefresh,
    };
  };

  const connectionView = (record: ConnectionRecord): ConnectionView => ({
    id: record.id,
    providerId: record.providerId,
    accountLabel: record.accountLabel,
    connectedAt: record.connectedAt,
    tokensUpdatedAt: record.updatedAt,
    expiresAt: record.expiresAt,
    grantedScopes: shownGrantedScopes(record),
    requestedScopes: record.requestedScopes,
    hasRefreshToken: record.hasRefreshToken,
    refreshTokenInMemoryOnly: record.hasRefreshToken && record.refreshTokenInMemory,
    refreshing: refresher.isRefreshing(record.id),
    ...explainedFailures(record),
    nextRefreshAt: proactive ? refresher.deadline(record) : null,
  });

  const pendingView = (providerId: string, pending: Pending): PendingAttemptView => ({
    attemptId: pending.attempt.id,
    providerId,
    connectionId: pending.connectionId,
    authMode: pending.attempt.authMode,
    authorizationUrl: pending.attempt.authorizationUrl,
    redirectUri: pending.attempt.redirectUri,
    startedAt: pending.attempt.startedAt,
    expiresAt: pending.attempt.expiresAt,
  });

  const views = (): ProviderView[] => {
    const records = repository.list();
    return [...configuredViews(records), ...missingProviderViews(records)];
  };

  const configuredViews = (records: readonly ConnectionRecord[]): ProviderView[] => {
    return [...states.values()].map(({ profile, pending, lastError }) => ({
      id: profile.id,
      displayName: profile.displayName,
      description: profile.description,
      source: profile.source ?? 'built-in',
      setupProblem: profile.setupProblem?.()?.toInfo() ?? null,
      notice: profile.notice ?? null,
      accountChooser: profile.accountChooser ?? false,
      authMode: authModeOf(profile),
      availableAuthModes: availableModes(profile),
      connections: records.filter((r) => r.providerId === profile.id).map(connectionView),
      pending: pending === null ? null : pendingView(profile.id, pending),
      lastError,
    }));
  };

  /** Connections whose provider is gone still show, so their local tokens can be removed. */
  const missingProviderViews = (records: readonly ConnectionRecord[]): ProviderView[] => {
    const ids = [...new Set(records.filter((r) => !states.has(r.providerId)).map((r) => r.providerId))];
    return ids.map((id) => ({
      id,
      displayName: id,
      description: 'This provider is no longer configured.',
      source: 'missing',
      setupProblem: providerMissing(id).toInfo(),
      notice: null,
      accountChooser: false,
      authMode: 'system-browser',
      availableAuthModes: [],
      connections: records.filter((r) => r.providerId === id).map((r) => ({ ...connectionView(r), nextRefreshAt: null })),
      pending: null,
      lastError: null,
    }));
  };

  const emit = () => {
    if (listeners.size === 0) return;
    const snapshot = views();
    for (const listener of listeners) {
      try {
        listener(snapshot);
      } catch (error) {
        logger.error('a change listener failed', { code: toErrorInfo(error).code });
      }
    }
  };

  /** Every change: the schedule is planned again and the views pushed. */
  const changed = () => {
    if (closed) return;
    if (proactive) scheduler.replan();
    emit();
  };

  const stateOf = (providerId: string): ProviderState => {
    const state = states.get(providerId);
    if (!state) throw new RequestError('provider_unknown', `There is no provider "${providerId}".`, { hint: 'Reload the window to see the current providers.' });
    return state;
  };

  const connectionOf = (connectionId: string): { record: ConnectionRecord; state: ProviderState } => {
    const record = repository.get(connectionId);
    if (record === null) {
      throw new RequestError('connection_not_found', 'That connection no longer exists.', { hint: 'It may have been disconnected in another window. Connect the provider again if you need it.' });
    }
    const state = states.get(record.providerId);
    if (state === undefined) throw providerMissing(record.providerId);
    return { record, state };
  };

  /** Stores the tokens of a finished attempt: re-authorize replaces, the same account updates, else a new connection. */
  const storeTokens = async (state: ProviderState, runtime: ProviderRuntime, tokens: TokenSet, connectionId: string | null, signIn: SignInRecording) => {
    let subject: string | null = null;
    let label = `${state.profile.displayName} account`;
    try {
      const identity = await runtime.fetchIdentity(signIn.http, tokens.accessToken);
      subject = identity.subject;
      label = accountLabelFor(identity);
    } catch (error) {
      logger.warn('could not read the account identity', { provider: state.profile.id, code: toErrorInfo(error).code });
    }
    // The account that signed in decides the target: re-authorizing with another account never
    // overwrites the connection it started from.
    const sameAccount = subject !== null ? repository.findBySubject(state.profile.id, subject) : null;
    const reauthorized = connectionId !== null ? repository.get(connectionId) : null;
    const existing = sameAccount ?? (reauthorized !== null && (reauthorized.subject === null || reauthorized.subject === subject) ? reauthorized : null);
    const now = clock.now();
    const id = existing?.id ?? randomUUID();
    refresher.forget(id);
    repository.save(
      {
        id,
        providerId: state.profile.id,
        subject,
        accountLabel: label,
        connectedAt: existing?.connectedAt ?? now,
        updatedAt: now,
        issuer: runtime.server.issuer,
        requestedScopes: [...runtime.server.scopes],
        boundClient: { tokenEndpoint: runtime.server.tokenEndpoint, clientId: runtime.server.client.clientId },
        reauthorizationReason: null,
        lastRefresh: null,
      },
      tokens,
    );
    signIn.stored(id);
  };

  /**
   * Authorization URLs the desk is handing to the system browser right now: a sign-in becomes pending
   * only after its page was opened, and the host's opener checks `openableLinks()` during the call (S12).
   */
  const opening: string[] = [];
  const hostOpener = options.opener;
  const deskOpener: BrowserOpener | null =
    hostOpener === null
      ? null
      : {
          open(url) {
            opening.push(url);
            const done = () => {
              const at = opening.indexOf(url);
              if (at >= 0) opening.splice(at, 1);
            };
            let opened: Promise<void>;
            try {
              opened = hostOpener.open(url);
            } catch (error) {
              done();
              return Promise.reject(error);
            }
            return opened.finally(done);
          },
        };

  const connect: ChannelHandlers['auth:connect'] = async ({ providerId, connectionId, addAccount }) => {
    if (closed) throw appClosingError();
    const state = stateOf(providerId);
    if (connectionId !== undefined) {
      const { record } = connectionOf(connectionId);
      if (record.providerId !== providerId) throw new RequestError('connection_not_found', 'That connection belongs to another provider.', { hint: 'Reload the window.' });
    }
    state.pending?.attempt.cancel();
    state.lastError = null;
    const generation = ++state.generation;
    const signIn = inspector.startSignIn(providerId, state.profile.displayName);
    const superseded = () =>
      closed
        ? appClosingError()
        : states.get(providerId) !== state
          ? new RequestError('provider_changed', `${state.profile.displayName} was changed or removed during the sign-in.`, { hint: 'Click Connect to sign in with the current settings.' })
          : state.generation !== generation
          ? new RequestError('attempt_superseded', `A newer sign-in to ${state.profile.displayName} replaced this one.`, { hint: 'Finish the newest sign-in; only one runs per provider.' })
          : null;
    let attempt: AuthorizationAttempt;
    let runtime: ProviderRuntime;
    try {
      runtime = await state.profile.prepare();
      const earlyStop = superseded();
      if (earlyStop) throw earlyStop;
      // Re-authorizing asks for the consent screen again where the provider supports forcing it;
      // adding an account asks for the account chooser.
      const added = connectionId !== undefined ? runtime.reconsentParams : addAccount === true ? runtime.accountChooserParams : undefined;
      const server = added ? { ...runtime.server, extraAuthParams: { ...runtime.server.extraAuthParams, ...added } } : runtime.server;
      attempt = await startAuthorizationAttempt(server, { authMode: authModeOf(state.profile), ...(options.attemptTimeoutMs ? { timeoutMs: options.attemptTimeoutMs } : {}) }, {
        http: signIn.http,
        ...signIn.attemptEvents,
        clock,
        opener: deskOpener,
        authWindow: options.authWindow,
        schemeRouter: options.schemeRouter ?? null,
        logger,
      });
    } catch (error) {
      if (state.generation === generation && !closed) {
        state.lastError = doctor.signIn(error, state.profile, { redirectUri: null, authMode: authModeOf(state.profile) });
        changed();
      }
      throw error;
    }
    const lateStop = superseded();
    if (lateStop) {
      attempt.cancel();
      throw lateStop;
    }
    const pending: Pending = { attempt, connectionId: connectionId ?? null };
    state.pending = pending;
    logger.info('authorization started', { provider: providerId, mode: attempt.authMode });
    attempt.result
      .then((tokens) => {
        // The provider was edited or removed while its code was being exchanged: the tokens belong to
        // a configuration that no longer exists, so they are not stored.
        if (states.get(providerId) !== state) {
          throw new RequestError('provider_changed', `${state.profile.displayName} was changed or removed during the sign-in, so its tokens were not kept.`, { hint: 'Click Connect to sign in with the current settings.' });
        }
        return storeTokens(state, runtime, tokens, pending.connectionId, signIn);
      })
      .then(
        () => logger.info('connected', { provider: providerId }),
        (error: unknown) => {
          const info = doctor.signIn(error, state.profile, { redirectUri: attempt.redirectUri, authMode: attempt.authMode });
          logger.warn('authorization ended without tokens', { provider: providerId, code: info.code });
          if (state.pending === pending && !USER_CANCELLED.has(info.code)) state.lastError = info;
        },
      )
      .finally(() => {
        if (state.pending === pending) state.pending = null;
        changed();
      });
    changed();
    return pendingView(providerId, pending);
  };

  const disconnect: ChannelHandlers['connections:disconnect'] = async ({ connectionId }) => {
    const record = repository.get(connectionId);
    const state = record === null ? undefined : states.get(record.providerId);
    if (record === null || state === undefined) {
      if (record === null) connectionOf(connectionId);
      // Its provider is no longer configured: nothing to revoke with, the local tokens go (S19).
      repository.delete(connectionId);
      inspector.clearConnection(connectionId);
      changed();
      return { revoked: false, revocationError: providerMissing(record!.providerId).toInfo() };
    }
    // A sign-in re-authorizing this connection would bring it back: it ends here.
    if (state.pending?.connectionId === connectionId) state.pending.attempt.cancel();
    // A refresh in flight finishes first, so the tokens revoked are the latest ones (S19).
    const release = await refresher.quiesce(connectionId);
    try {
      const loadRuntime = async () => {
        const runtime = await state.profile.prepare();
        // Only to the server and client that obtained them (server-binding.ts).
        assertSameServer(record, runtime);
        return runtime;
      };
      const result = await revokeTokens(inspector.disconnectHttp(record.providerId, connectionId, state.profile.displayName), state.profile.displayName, loadRuntime, () => repository.secrets(connectionId));
      logger.info('disconnected', { provider: record.providerId, revoked: result.revoked });
      return result.revocationError === null
        ? result
        : { ...result, revocationError: doctor.other(revocationSkipped(result.revocationError), state.profile, 'disconnect') };
    } finally {
      // Wiped whatever the provider said (S19); the revocation stays on the provider's disconnect timeline.
      repository.delete(record.id);
      inspector.clearConnection(record.id);
      release();
      changed();
    }
  };

  const refreshNow: ChannelHandlers['connections:refresh'] = async ({ connectionId }) => {
    const { record, state } = connectionOf(connectionId);
    if (record.reauthorizationReason === null && !record.hasRefreshToken && !record.refreshTokenInMemory) {
      throw new RequestError('refresh_unavailable', `${state.profile.displayName} gave this connection no refresh token, so it cannot be refreshed.`, {
        hint: 'Click Re-authorize to get new tokens; the current ones work until they expire.',
      });
    }
    await refresher.refresh(connectionId, await state.profile.prepare(), { manual: true });
    return connectionView(connectionOf(connectionId).record);
  };

  const refreshAll: ChannelHandlers['connections:refresh-all'] = async () => {
    const targets = repository.list().filter((record) => canRefresh(record) && states.has(record.providerId));
    const outcomes = await Promise.all(
      targets.map(async (record) => {
        try {
          await refresher.refresh(record.id, await runtimeOf(record.providerId), { manual: true });
          return null;
        } catch (error) {
          const profile = states.get(record.providerId)?.profile;
          const info = profile === undefined ? toErrorInfo(error) : doctor.other(error, profile, 'refresh', record);
          return { connectionId: record.id, accountLabel: record.accountLabel, error: info };
        }
      }),
    );
    const failed = outcomes.filter((o) => o !== null);
    const result: RefreshAllResult = { refreshed: targets.length - failed.length, failed };
    return result;
  };

  const cspViolations = createCspViolationLog(logger, clock);

  const handlers: ChannelHandlers = {
    ...createSettingsHandlers({
      catalog,
      clock,
      profileOf: (providerId) => stateOf(providerId).profile,
      availableModes,
      authModeOf,
      connectionCount: (providerId) => repository.list().filter((r) => r.providerId === providerId).length,
      changed: () => changed(),
      savedDataProblems: storage.problems,
    }),
    ...storage.handlers,
    'providers:list': async () => views(),
    'providers:set-auth-mode': async ({ providerId, authMode }) => {
      const { profile } = stateOf(providerId);
      if (!availableModes(profile).includes(authMode)) {
        throw new RequestError('auth_mode_unavailable', `${profile.displayName} cannot use that sign-in mode here.`, { hint: 'Choose one of the modes offered on the card.' });
      }
      settings.setAuthMode(providerId, authMode);
      changed();
    },
    'auth:connect': connect,
    'auth:cancel': async ({ attemptId }) => {
      const state = [...states.values()].find((s) => s.pending?.attempt.id === attemptId);
      if (!state) throw new RequestError('attempt_not_found', 'That sign-in is no longer in progress.', { hint: 'It already finished, failed or timed out; the card shows its current state.' });
      state.pending?.attempt.cancel();
    },
    'connections:disconnect': disconnect,
    'connections:refresh': refreshNow,
    'connections:refresh-all': refreshAll,
    'data:fetch': async ({ connectionId }) => {
      const { state, record } = connectionOf(connectionId);
      const panels = await fetchConnectionData(inspector.connectionHttp(connectionId, state.profile.displayName), refresher, await state.profile.prepare(), connectionId, state.profile.displayName);
      return { connectionId, fetchedAt: clock.now(), panels: doctor.panels(panels, state.profile, record) };
    },
    'inspector:steps': async (target) => inspector.view(target),
    'system:network-online': async () => systemEvent('network-online'),
    'system:report-csp-violation': async (report) => cspViolations.report(report),
  };

  function systemEvent(event: 'resume' | 'network-online'): void {
    if (event === 'network-online' && refresher.networkOnline()) logger.info('network is back; retrying failed refreshes');
    changed();
  }

  if (proactive) scheduler.replan();

  function authorizationOrigins(): string[] {
    return [...new Set([...states.values()].flatMap((s) => s.profile.authorizationOrigins()))];
  }

  return {
    handlers,
    onProvidersChanged(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onInspectorChanged(listener) {
      if (closed) return () => {};
      return inspector.onChange(listener);
    },
    authorizationOrigins,
    openableLinks: () => {
      const pending = [...states.values()].flatMap((s) => (s.pending === null ? [] : [s.pending.attempt.authorizationUrl]));
      const consoles = [...states.values()].flatMap((s) => (s.profile.console === undefined ? [] : [s.profile.console.url]));
      return [...new Set([...opening, ...pending, ...consoles])];
    },
    systemEvent,
    async close() {
      if (closed) return;
      closed = true;
      scheduler.stop();
      for (const state of states.values()) state.pending?.attempt.cancel();
      // A rotated refresh token in flight is saved before the app goes (S16).
      await refresher.settle();
      listeners.clear();
      inspector.close();
      stopFollowingCatalog();
      await catalog.close();
    },
  };
}
