import { useSettings } from '../../hooks/useSettings.ts';
import { usePageHeading } from '../../hooks/useView.ts';
import '../../styles/settings.css';
import { ErrorNotice } from '../ErrorNotice.tsx';
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
  const headingRef = usePageHeading<HTMLHeadingElement>();
  const name = settings?.displayName ?? displayName ?? providerId;

  const customSaved = (savedId: string): void => {
    if (savedId === providerId) reload();
    else onOpenSettings(savedId);
  };

  return (
    <div className="page settings-page" aria-busy={settings === null && error === null}>
      <div className="page-nav">
        <button type="button" className="button-quiet page-back" onClick={onBack}>
          <span aria-hidden="true">← </span>Back to providers
        </button>
      </div>
      <h2 ref={headingRef} tabIndex={-1} className="page-title">
        {name} settings
      </h2>
      {error ? (
        <div className="load-error">
          <ErrorNotice error={error} title="Could not load the settings" />
          <button type="button" className="button" onClick={reload}>
            Try again
          </button>
        </div>
      ) : null}
      {settings === null && error === null ? <p className="loading">Loading…</p> : null}
      {settings ? (
        <SettingsPanel settings={settings} onSettingsChange={replace} onReload={reload} onCustomSaved={customSaved} onRemoved={onRemoved} />
      ) : null}
    </div>
  );
}
