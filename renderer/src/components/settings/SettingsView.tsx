import { useSettings } from '../../hooks/useSettings.ts';
import { EmptyState } from '../EmptyState.tsx';
import '../../styles/settings.css';
import { LoadedPage } from './LoadedPage.tsx';
import { SettingsPanel } from './SettingsPanel.tsx';

interface Props {
  readonly providerId: string;
  /** The name from the provider list, for the heading while the settings load. */
  readonly displayName?: string;
  readonly onBack: () => void;
  /** The custom provider was removed (default: onBack). */
  readonly onRemoved?: () => void;
  /** Shows another provider's settings (a custom provider saved under a new id). */
  readonly onOpenSettings: (providerId: string) => void;
}

/** The Settings page of one provider: loads `settings:get` and shows it in SettingsPanel. */
export function SettingsView({ providerId, displayName, onBack, onRemoved = onBack, onOpenSettings }: Props) {
  const { settings, error, reload, replace } = useSettings(providerId);
  const name = settings?.displayName ?? displayName ?? providerId;
  // A provider with nothing to configure (the Sandbox) is not an error: say so, and what to do instead.
  const nothingToSet = settings === null && error?.code === 'settings_unavailable';

  const customSaved = (savedId: string): void => {
    if (savedId === providerId) reload();
    else onOpenSettings(savedId);
  };

  return (
    <LoadedPage
      className="settings-page"
      title={<>{name} settings</>}
      loading={settings === null && error === null}
      error={nothingToSet ? null : error}
      errorTitle="Could not load the settings"
      onBack={onBack}
      onRetry={reload}
    >
      {nothingToSet ? (
        <EmptyState title={`Nothing to set up for ${name}.`}>
          It works as it comes: go back to its card and choose Connect.
        </EmptyState>
      ) : null}
      {settings ? (
        <SettingsPanel settings={settings} onSettingsChange={replace} onReload={reload} onCustomSaved={customSaved} onRemoved={onRemoved} />
      ) : null}
    </LoadedPage>
  );
}
