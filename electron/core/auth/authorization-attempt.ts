/**
 * One authorization attempt: fresh state and PKCE verifier, a receiver for the redirect (a loopback
 * listener, or the app's custom scheme through the scheme router), the page shown in the system
 * browser or the in-app window, and the code exchanged the moment the genuine callback arrives.
 * Ends exactly once: with tokens, an error, a cancel or a timeout, and releases the port, the
 * scheme registration and the window in every case (S2).
 */
import { randomUUID } from 'node:crypto';
import type { AuthMode } from '../../shared/view-types.ts';
import { AttemptEndedError, OAuthDeskError } from '../errors.ts';
import type { HttpClient } from '../http/http-client.ts';
import type { LoopbackReceiver } from '../loopback/loopback-receiver.ts';
import { startLoopbackReceiver } from '../loopback/loopback-receiver.ts';
import { buildAuthorizationUrl } from '../oauth/authorization-request.ts';
import { CallbackRejectedError, validateCallback } from '../oauth/callback.ts';
import type { ClientCredentials } from '../oauth/client-auth.ts';
import type { PkceMethod } from '../oauth/pkce.ts';
import { createCodeVerifier } from '../oauth/pkce.ts';
import { createState } from '../oauth/state.ts';
import { SCHEME_REDIRECT_URI } from '../scheme/app-scheme.ts';
import type { SchemeRedirectRouter } from '../scheme/scheme-redirect-router.ts';
import { createCodeExchangeRequest, processTokenResponse } from '../oauth/token-request.ts';
import type { TokenSet } from '../oauth/token-set.ts';
import type { AuthorizationWindow, BrowserOpener, Clock, Logger } from '../ports.ts';

export const DEFAULT_ATTEMPT_TIMEOUT_MS = 5 * 60_000;
/**
 * Callbacks ignored for a wrong or unknown state that are reported (onCallback) per attempt: on a
 * fixed port any web page can fire forged ones. The rest are only counted in the log.
 */
export const MAX_REPORTED_IGNORED_CALLBACKS = 3;

/** Why a callback was not accepted: the typed error's code and message (never a secret). */
export interface CallbackProblem {
  readonly code: string;
  readonly message: string;
}

export interface AuthorizationServerConfig {
  readonly providerName: string;
  readonly issuer: string | null;
  readonly issParameterSupported: boolean;
  readonly authorizationEndpoint: string;
  readonly tokenEndpoint: string;
  readonly client: ClientCredentials;
  readonly scopes: readonly string[];
  readonly pkceMethod: PkceMethod | null;
  readonly extraAuthParams?: Readonly<Record<string, string>>;
  /** Loopback redirect: port 0 for any port, else the registered fixed port. */
  readonly redirectPort: number;
  readonly redirectPath: string;
}

export interface AttemptDependencies {
  readonly http: HttpClient;
  readonly clock: Clock;
  readonly opener: BrowserOpener | null;
  readonly authWindow: AuthorizationWindow | null;
  readonly logger: Logger;
  /** Receives `com.oauthdesk.app:` redirects; null or absent where the host cannot (web mode). */
  readonly schemeRouter?: SchemeRedirectRouter | null;
  /**
   * Told the authorization URL the browser is sent to, and when (the flow inspector builds its step,
   * secrets masked, from it). The token request is recorded by the HTTP client the desk passes in.
   */
  readonly onAuthorizationRequest?: (authorizationUrl: string, at: number) => void;
  /**
   * Told each callback delivered to this attempt: its URL, when, and why it was not accepted (null
   * when it was). Of those ignored for a wrong or unknown state, only the first
   * MAX_REPORTED_IGNORED_CALLBACKS are told.
   */
  readonly onCallback?: (callbackUrl: string, at: number, problem: CallbackProblem | null) => void;
}

export interface AttemptOptions {
  readonly authMode: AuthMode;
  readonly timeoutMs?: number;
}

export interface AuthorizationAttempt {
  readonly id: string;
  readonly authMode: AuthMode;
  readonly authorizationUrl: string;
  readonly redirectUri: string;
  readonly startedAt: number;
  readonly expiresAt: number;
  /** Resolves with the validated tokens; rejects with a typed error. */
  readonly result: Promise<TokenSet>;
  /** Delivers a redirect caught elsewhere (the in-app window, the custom scheme). */
  deliverRedirect(callbackUrl: string): 'received' | 'failed' | 'invalid';
  cancel(): void;
}

export async function startAuthorizationAttempt(
  server: AuthorizationServerConfig,
  options: AttemptOptions,
  deps: AttemptDependencies,
): Promise<AuthorizationAttempt> {
  if (options.authMode === 'app-window' && deps.authWindow === null) {
    throw new AttemptEndedError('app_window_unavailable', 'The in-app sign-in window is not available here.', {
      hint: 'Switch this provider to "System browser", or use the Open sign-in page link.',
    });
  }
  const schemeRouter = deps.schemeRouter ?? null;
  if (options.authMode === 'custom-scheme' && schemeRouter === null) {
    throw new AttemptEndedError('custom_scheme_unavailable', 'Signing in through the com.oauthdesk.app link needs the desktop app.', {
      hint: 'Switch this provider to "System browser" (a loopback redirect), or start OAuth Desk as the desktop app.',
    });
  }
  const state = createState();
  const codeVerifier = createCodeVerifier();
  const timeoutMs = options.timeoutMs ?? DEFAULT_ATTEMPT_TIMEOUT_MS;
  const startedAt = deps.clock.now();

  let settle!: { resolve: (t: TokenSet) => void; reject: (e: unknown) => void };
  const result = new Promise<TokenSet>((resolve, reject) => (settle = { resolve, reject }));
  result.catch(() => {}); // observed by the caller; avoid an unhandled rejection if it is not.

  let done = false;
  let receiver: LoopbackReceiver | null = null;
  let unregisterScheme: (() => void) | null = null;
  let windowHandle: { close(): void } | null = null;
  let timer: NodeJS.Timeout | undefined;
  /** Callbacks ignored for a wrong or unknown state. */
  let ignored = 0;

  const finish = (outcome: { tokens: TokenSet } | { error: unknown }) => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    if (ignored > MAX_REPORTED_IGNORED_CALLBACKS) deps.logger.warn('ignored more sign-in responses', { count: ignored - MAX_REPORTED_IGNORED_CALLBACKS });
    void receiver?.close();
    unregisterScheme?.();
    windowHandle?.close();
    if ('tokens' in outcome) settle.resolve(outcome.tokens);
    else settle.reject(outcome.error);
  };

  const exchange = async (code: string) => {
    try {
      const response = await deps.http.request(
        createCodeExchangeRequest({
          tokenEndpoint: server.tokenEndpoint,
          client: server.client,
          code,
          redirectUri: redirectUri,
          codeVerifier: server.pkceMethod === null ? null : codeVerifier,
        }),
      );
      const tokens = processTokenResponse(response, {
        grant: 'authorization_code',
        now: deps.clock.now(),
        requestedScopes: server.scopes,
        redirectUri,
        providerName: server.providerName,
      });
      finish({ tokens });
    } catch (error) {
      finish({ error });
    }
  };

  /** Reporting never decides the attempt: a listener that fails is logged and ignored. */
  const report = (tell: () => void) => {
    try {
      tell();
    } catch (error) {
      deps.logger.warn('a sign-in event listener failed', { code: error instanceof OAuthDeskError ? error.code : 'unknown' });
    }
  };

  let stateSpent = false;
  const onCallback = (callbackUrl: string): 'received' | 'failed' | 'invalid' => {
    if (done || stateSpent) return 'invalid';
    let code: string;
    try {
      code = validateCallback(callbackUrl, {
        state,
        redirectUri,
        issuer: server.issuer,
        issParameterSupported: server.issParameterSupported,
        providerName: server.providerName,
      });
    } catch (error) {
      const problem: CallbackProblem = error instanceof OAuthDeskError ? { code: error.code, message: error.message } : { code: 'unexpected', message: 'The sign-in response could not be read.' };
      if (error instanceof CallbackRejectedError) {
        // Forged callbacks cost a counter, not a timeline full of attacker text.
        if (++ignored <= MAX_REPORTED_IGNORED_CALLBACKS) {
          report(() => deps.onCallback?.(callbackUrl, deps.clock.now(), problem));
          deps.logger.warn('ignored a sign-in response', { code: error.code });
        }
        return 'invalid';
      }
      report(() => deps.onCallback?.(callbackUrl, deps.clock.now(), problem));
      stateSpent = true;
      finish({ error });
      return 'failed';
    }
    report(() => deps.onCallback?.(callbackUrl, deps.clock.now(), null));
    stateSpent = true;
    // The code is accepted: from here cancel and timeout no longer apply; the exchange decides.
    clearTimeout(timer);
    // Exchange at once: some providers' codes live 30 seconds (S11, providers quirk 5).
    void exchange(code);
    return 'received';
  };

  let redirectUri: string;
  if (options.authMode === 'custom-scheme' && schemeRouter !== null) {
    // No listener: the operating system hands the redirect to the app, and the router to this attempt.
    redirectUri = SCHEME_REDIRECT_URI;
    unregisterScheme = schemeRouter.register(state, onCallback);
  } else {
    receiver = await startLoopbackReceiver({ port: server.redirectPort, path: server.redirectPath, onCallback });
    redirectUri = receiver.redirectUri;
  }
  let authorizationUrl: string;
  try {
    authorizationUrl = buildAuthorizationUrl({
      authorizationEndpoint: server.authorizationEndpoint,
      clientId: server.client.clientId,
      redirectUri,
      scopes: server.scopes,
      state,
      codeVerifier,
      pkceMethod: server.pkceMethod,
      ...(server.extraAuthParams ? { extraParams: server.extraAuthParams } : {}),
    });
  } catch (cause) {
    await receiver?.close();
    unregisterScheme?.();
    throw new AttemptEndedError('authorization_request_invalid', `The ${server.providerName} sign-in address could not be built.`, {
      hint: 'Check the authorization endpoint and extra parameters configured for this provider.',
      cause,
    });
  }

  report(() => deps.onAuthorizationRequest?.(authorizationUrl, startedAt));

  timer = setTimeout(() => {
    finish({
      error: new AttemptEndedError('attempt_timed_out', `The sign-in to ${server.providerName} was not completed within ${Math.round(timeoutMs / 60_000) || 1} minute(s).`, {
        hint: 'Click Connect to start again and finish signing in on the page that opens.',
      }),
    });
  }, timeoutMs);
  timer.unref?.();

  const attempt: AuthorizationAttempt = {
    id: randomUUID(),
    authMode: options.authMode,
    authorizationUrl,
    redirectUri,
    startedAt,
    expiresAt: startedAt + timeoutMs,
    result,
    deliverRedirect: onCallback,
    cancel() {
      if (stateSpent) return; // too late: the code is being exchanged, and its tokens must not be lost
      finish({ error: new AttemptEndedError('attempt_cancelled', `The sign-in to ${server.providerName} was cancelled.`, { hint: 'Click Connect when you are ready to sign in.' }) });
    },
  };

  if (options.authMode === 'app-window' && deps.authWindow !== null) {
    try {
      windowHandle = deps.authWindow.open({
        url: authorizationUrl,
        redirectUri,
        onRedirect: (url) => {
          // The window is gone once it hit the redirect URI, so a response that is not ours ends the attempt.
          if (onCallback(url) === 'invalid' && !stateSpent) {
            finish({ error: new AttemptEndedError('callback_invalid', 'The sign-in window came back with a response that does not belong to this sign-in.', { hint: 'Click Connect to start a fresh sign-in.' }) });
          }
        },
        onClosed: () => {
          if (stateSpent) return;
          finish({ error: new AttemptEndedError('attempt_window_closed', 'The sign-in window was closed before signing in finished.', { hint: 'Click Connect to open it again.' }) });
        },
        onRefused: ({ status }) => {
          // A code already received is being exchanged: a late refusal changes nothing.
          if (done || stateSpent) return;
          // The window stays open so the person can read the provider's page; they close it.
          windowHandle = null;
          finish({
            error: new AttemptEndedError('embedded_window_refused', `The ${server.providerName} sign-in page refused to run in the in-app window (HTTP ${status}).`, {
              hint: 'Switch this provider to "System browser" and connect again.',
            }),
          });
        },
      });
    } catch (cause) {
      const error = new AttemptEndedError('app_window_failed', 'The in-app sign-in window could not be opened.', {
        hint: 'Switch this provider to "System browser" and connect again.',
        cause,
      });
      finish({ error });
      throw error;
    }
  } else if (deps.opener !== null) {
    // A browser that fails to open is not fatal: the card shows the "Open sign-in page" link.
    deps.opener.open(authorizationUrl).catch((error: unknown) => {
      deps.logger.warn('could not open the system browser', { code: error instanceof OAuthDeskError ? error.code : 'unknown' });
    });
  }
  return attempt;
}
