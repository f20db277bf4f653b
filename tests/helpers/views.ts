/** View objects for tests of what the renderer and the tray derive from them. */
import type { ConnectionView, ProviderView } from '../../electron/shared/view-types.ts';

/** A healthy connection with a refresh token; every field can be overridden. */
export function connectionView(over: Partial<ConnectionView> = {}): ConnectionView {
  return {
    id: 'c1',
    providerId: 'sandbox',
    accountLabel: over.id ?? 'ada',
    connectedAt: 0,
    tokensUpdatedAt: 0,
    expiresAt: 60 * 60_000,
    grantedScopes: ['openid'],
    requestedScopes: ['openid'],
    hasRefreshToken: true,
    refreshTokenInMemoryOnly: false,
    refreshing: false,
    reauthorizationReason: null,
    lastRefresh: null,
    nextRefreshAt: null,
    ...over,
  };
}

/** The Sandbox provider with no connections and nothing pending; every field can be overridden. */
export function providerView(over: Partial<ProviderView> = {}): ProviderView {
  return {
    id: 'sandbox',
    displayName: 'Sandbox',
    description: '',
    source: 'built-in',
    authMode: 'system-browser',
    availableAuthModes: ['system-browser'],
    connections: [],
    pending: null,
    lastError: null,
    setupProblem: null,
    notice: null,
    accountChooser: false,
    ...over,
  };
}
