/**
 * The `settings:*` channels: a provider's configuration for the Settings view, client credentials
 * (saved encrypted), Google's client_secret.json import, the fixed redirect port and its check, and
 * custom providers added in Settings. Secrets go in and never come back out (S29).
 */
import type { ConfigProblemView, ProviderSettingsView } from '../../shared/settings-types.ts';
import type { AuthMode } from '../../shared/view-types.ts';
import { RequestError } from '../errors.ts';
import type { ChannelHandlers } from '../ipc/dispatch.ts';
import { checkLoopbackPort } from '../loopback/port-check.ts';
import type { Clock } from '../ports.ts';
import { parseGoogleClientSecret } from '../providers/config/google-client-secret.ts';
import type { ProviderCatalog } from '../providers/provider-catalog.ts';
import type { ProviderProfile } from '../providers/provider-profile.ts';
import { SCHEME_REDIRECT_URI } from '../scheme/app-scheme.ts';

type SettingsChannel =
  | 'settings:list-problems'
  | 'settings:get'
  | 'settings:save-credentials'
  | 'settings:import-client-file'
  | 'settings:set-redirect-port'
  | 'settings:check-port'
  | 'settings:save-custom'
  | 'settings:remove-custom';

export interface SettingsHandlerDependencies {
  readonly catalog: ProviderCatalog;
  readonly clock: Clock;
  profileOf(providerId: string): ProviderProfile;
  availableModes(profile: ProviderProfile): AuthMode[];
  authModeOf(profile: ProviderProfile): AuthMode;
  connectionCount(providerId: string): number;
  /** Something the cards show changed (setup problem, provider list). */
  changed(): void;
  /** Problems with the app's own saved data (S21, S22), listed before the configuration's. */
  savedDataProblems?(): ConfigProblemView[];
}

const MIN_PORT = 1024;

export function createSettingsHandlers(deps: SettingsHandlerDependencies): Pick<ChannelHandlers, SettingsChannel> {
  const findProfile = (providerId: string): ProviderProfile | null => {
    try {
      return deps.profileOf(providerId);
    } catch (error) {
      if (error instanceof RequestError && error.code === 'provider_unknown') return null;
      throw error;
    }
  };

  const settingsOf = (providerId: string): ProviderSettingsView => {
    const profile = deps.profileOf(providerId);
    const facts = profile.settings?.();
    if (facts === undefined) {
      throw new RequestError('settings_unavailable', `${profile.displayName} has no settings.`, { hint: 'Nothing needs configuring for this provider.' });
    }
    const availableAuthModes = deps.availableModes(profile);
    return {
      ...facts,
      authMode: deps.authModeOf(profile),
      availableAuthModes,
      appLinkRedirectUri: availableAuthModes.includes('custom-scheme') ? SCHEME_REDIRECT_URI : null,
    };
  };

  /** The provider's settings, refused unless Settings may change its client credentials. */
  const credentialsTarget = (providerId: string) => {
    const view = settingsOf(providerId);
    const store = deps.catalog.credentials;
    if (view.editable !== 'credentials' || store === null) {
      throw new RequestError('settings_read_only', `${view.displayName}'s client cannot be changed here.`, {
        hint: view.file !== null ? `It is defined in ${view.file}: edit that file and restart OAuth Desk.` : view.editable === 'definition' ? 'Edit the provider instead.' : 'This provider needs no client credentials.',
      });
    }
    return { view, store };
  };

  return {
    'settings:list-problems': async () => [...(deps.savedDataProblems?.() ?? []), ...deps.catalog.problems()],
    'settings:get': async ({ providerId }) => settingsOf(providerId),
    'settings:save-credentials': async ({ providerId, clientId, clientSecret }) => {
      const { store } = credentialsTarget(providerId);
      const id = clientId.trim();
      if (id === '') store.remove(providerId);
      else {
        if (/\s/.test(id)) throw new RequestError('client_id_invalid', 'A client ID has no spaces or line breaks.', { hint: 'Copy the client ID again from the developer console.' });
        const typed = clientSecret === undefined || clientSecret === null ? clientSecret : clientSecret.trim() === '' ? undefined : clientSecret.trim();
        // Saving the client shown (from the environment, or the one Google Health shares with Google)
        // without a new secret changes nothing: that client stays in use, and later changes to it still apply.
        const inUse = typed === undefined && store.summary(providerId) === null ? deps.catalog.clientInUse(providerId) : null;
        if (inUse !== null && inUse.clientId === id) return settingsOf(providerId);
        store.save(providerId, id, typed, deps.clock.now());
      }
      deps.changed();
      return settingsOf(providerId);
    },
    'settings:import-client-file': async ({ providerId, text }) => {
      const { view, store } = credentialsTarget(providerId);
      if (!view.clientFileImport) {
        throw new RequestError('client_file_unsupported', `${view.displayName} has no client file to import.`, { hint: 'Enter the client ID (and secret) instead.' });
      }
      const parsed = parseGoogleClientSecret(text);
      store.save(providerId, parsed.clientId, parsed.clientSecret, deps.clock.now());
      deps.changed();
      return { settings: settingsOf(providerId), warnings: [...parsed.warnings] };
    },
    'settings:set-redirect-port': async ({ providerId, port }) => {
      const view = settingsOf(providerId);
      const preferences = deps.catalog.preferences;
      if (!view.redirect.portConfigurable || preferences === null) {
        throw new RequestError('redirect_port_fixed', `${view.displayName}'s redirect port cannot be changed here.`, {
          hint: view.redirect.fixedPort === null ? 'It uses any free port, so there is nothing to register.' : 'Change it in the provider\'s definition.',
        });
      }
      if (port < MIN_PORT) {
        const why = port === 0 ? `${view.displayName} matches the redirect URI exactly, so it needs a fixed port, not any free one.` : `Port ${port} is reserved for system services.`;
        throw new RequestError('redirect_port_invalid', why, { hint: `Choose a port from ${MIN_PORT} to 65535, and register the same one at the provider.` });
      }
      preferences.setRedirectPort(providerId, port);
      deps.changed();
      return settingsOf(providerId);
    },
    'settings:check-port': async ({ providerId }) => {
      const view = settingsOf(providerId);
      const port = view.redirect.fixedPort;
      if (port === null) return { port: 0, free: true, message: 'Any free port is used for each sign-in, so there is nothing to check.' };
      const state = await checkLoopbackPort(port);
      if (state === 'free') return { port, free: true, message: `Port ${port} is free: the sign-in redirect can be received.` };
      return {
        port,
        free: false,
        message:
          state === 'in-use'
            ? `Port ${port} is in use by another program, so the sign-in redirect cannot be received. Close that program, or choose another port here and register the new redirect URI at the provider.`
            : `OAuth Desk may not listen on port ${port} (a firewall or security tool may block it). Choose another port and register the new redirect URI at the provider.`,
      };
    },
    'settings:save-custom': async ({ form, clientSecret, replaces }) => {
      // A stored definition that no longer validates has no profile: it can still be replaced.
      const previous = replaces === undefined ? null : findProfile(replaces);
      if (replaces !== undefined && previous !== null) {
        if (previous.source !== 'settings') throw new RequestError('provider_not_editable', `${previous.displayName} cannot be edited here.`, { hint: 'Only custom providers added in Settings can be edited.' });
        if (form.id !== replaces && deps.connectionCount(replaces) > 0) {
          return { saved: false, problems: [{ field: 'id', message: `The id cannot change while ${previous.displayName} has connections.`, hint: 'Keep the id, or disconnect its accounts first.' }] };
        }
      }
      const result = deps.catalog.saveCustom(form, {
        ...(clientSecret === undefined ? {} : { clientSecret }),
        ...(replaces === undefined ? {} : { replaces }),
      });
      return result;
    },
    'settings:remove-custom': async ({ providerId }) => {
      const name = findProfile(providerId)?.displayName ?? providerId;
      const count = deps.connectionCount(providerId);
      if (count > 0) {
        throw new RequestError('provider_has_connections', `${name} still has ${count === 1 ? 'a connection' : `${count} connections`}.`, {
          hint: 'Disconnect its accounts first, so their tokens are revoked, then remove the provider.',
        });
      }
      deps.catalog.removeCustom(providerId);
    },
  };
}
