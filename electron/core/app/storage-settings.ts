/**
 * Storage & security (S20-S22): the `settings:get-storage` and `settings:set-keep-refresh-tokens`
 * channels, and the problems with the saved data the window shows at start. Created by the desk
 * over its own connection repository, whose memory holds the refresh tokens of a weak backend.
 */
import type { ConfigProblemView, StorageView } from '../../shared/settings-types.ts';
import { toErrorInfo } from '../errors.ts';
import type { ChannelHandlers } from '../ipc/dispatch.ts';
import type { KeyValueStore, Logger, SecretCipher } from '../ports.ts';
import { ClientCredentialStore } from '../storage/client-credential-store.ts';
import type { ConnectionRepository } from '../storage/connection-repository.ts';
import { ProviderSettingsStore } from '../storage/provider-preferences.ts';
import { savedDataProblems } from '../storage/saved-data-problems.ts';
import { describeSecretStorage } from '../storage/secret-storage-description.ts';
import type { StoreStatus } from '../storage/store-check.ts';
import { STORAGE_PREFERENCES_KEY, StoragePreferences } from '../storage/storage-preferences.ts';

export interface StorageSettingsDependencies {
  readonly store: KeyValueStore;
  readonly cipher: SecretCipher;
  readonly repository: ConnectionRepository;
  /** What opening the store found (null when the host did not say, e.g. in tests). */
  readonly status: StoreStatus | null;
  readonly logger: Logger;
  /** The connections changed (their refresh tokens moved). */
  changed(): void;
}

export interface StorageSettings {
  readonly handlers: Pick<ChannelHandlers, 'settings:get-storage' | 'settings:set-keep-refresh-tokens'>;
  /** Problems with the saved data, for `settings:list-problems`. */
  problems(): ConfigProblemView[];
}

/**
 * Puts the stored refresh tokens where the policy says (S20), then serves the channels. When the
 * saved choice itself is damaged (unreadable, or its section was reset), the tokens on disk are
 * left where they are: "no valid choice" must not take away tokens the person chose to keep (S21).
 */
export function createStorageSettings(deps: StorageSettingsDependencies): StorageSettings {
  const { cipher, repository } = deps;
  const choiceDamaged =
    new StoragePreferences(deps.store).unreadable() || (deps.status?.resetSections?.keys.includes(STORAGE_PREFERENCES_KEY) ?? false);
  try {
    if (choiceDamaged) deps.logger.warn('the saved refresh-token storage choice is damaged; stored refresh tokens stay where they are');
    else repository.applyRefreshTokenPolicy();
  } catch (error) {
    // The app still starts; the next save or the person's choice tries again.
    deps.logger.warn('could not apply the refresh-token storage policy', { code: toErrorInfo(error).code });
  }
  const described = describeSecretStorage(cipher);

  const view = (): StorageView => ({
    backend: cipher.backend,
    backendLabel: described.label,
    protection: cipher.protection,
    description: described.description,
    remedy: described.remedy,
    keepRefreshTokensOnDisk: repository.keepRefreshTokensOnDisk(),
    refreshTokensOnDisk: repository.refreshTokensOnDisk(),
    refreshTokensInMemory: repository.refreshTokensInMemory(),
    storeFile: deps.status?.file ?? null,
  });

  return {
    handlers: {
      'settings:get-storage': async () => view(),
      'settings:set-keep-refresh-tokens': async ({ keep }) => {
        repository.setKeepRefreshTokensOnDisk(keep);
        deps.logger.info('refresh token storage chosen', { onDisk: repository.refreshTokensOnDisk() });
        deps.changed();
        return view();
      },
    },
    problems: () =>
      savedDataProblems({
        status: deps.status,
        unreadableConnections: repository.unreadable(),
        unreadableClients: new ClientCredentialStore(deps.store, cipher).unreadable(),
        unreadableProviderSettings: new ProviderSettingsStore(deps.store).unreadable(),
        // The choice matters only where the storage is weak.
        storagePreferencesUnreadable: cipher.protection === 'weak' && new StoragePreferences(deps.store).unreadable(),
      }),
  };
}
