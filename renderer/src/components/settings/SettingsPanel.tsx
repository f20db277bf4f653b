import { useId, useState } from 'react';
import type { ProviderSettingsView } from '../../../../electron/shared/settings-types.ts';
import type { AuthMode } from '../../../../electron/shared/view-types.ts';
import { safeLinkUrl } from '../../format/urls.ts';
import { useAction } from '../../hooks/useAction.ts';
import { useApi } from '../../hooks/useApi.ts';
import { AuthModeChooser } from '../AuthModeChooser.tsx';
import { ErrorNotice } from '../ErrorNotice.tsx';
import { CredentialsSection } from './CredentialsSection.tsx';
import { DefinitionList } from './DefinitionList.tsx';
import { EditCustomProvider } from './EditCustomProvider.tsx';
import { RedirectSection } from './RedirectSection.tsx';

export interface SettingsPanelProps {
  readonly settings: ProviderSettingsView;
  /** A call answered with the provider's new settings. */
  readonly onSettingsChange: (settings: ProviderSettingsView) => void;
  /** Something changed that only a new read shows (the sign-in mode). */
  readonly onReload: () => void;
  /** A custom provider's definition was saved (its id may have changed). */
  readonly onCustomSaved: (providerId: string) => void;
  /** A custom provider was removed. */
  readonly onRemoved: () => void;
}

/** One provider's settings, section by section; everything comes from `settings` (the loader is SettingsView). */
export function SettingsPanel({ settings, onSettingsChange, onReload, onCustomSaved, onRemoved }: SettingsPanelProps) {
  return (
    <div className="settings-panel">
      <RedirectSection settings={settings} onSettingsChange={onSettingsChange} />
      <ConsoleSection settings={settings} />
      {settings.editable === 'credentials' ? <CredentialsSection settings={settings} onSettingsChange={onSettingsChange} /> : null}
      {settings.editable === 'definition' ? <EditCustomProvider settings={settings} onSaved={onCustomSaved} onRemoved={onRemoved} /> : null}
      {settings.editable === 'none' && settings.file !== null ? <FileDefinitionSection settings={settings} /> : null}
      <ScopesSection scopes={settings.scopes} />
      {/* A custom provider added here sets its sign-in mode in its definition above. */}
      {settings.editable !== 'definition' && settings.availableAuthModes.length > 1 ? (
        <SignInModeSection settings={settings} onReload={onReload} />
      ) : null}
    </div>
  );
}

function ConsoleSection({ settings }: { readonly settings: ProviderSettingsView }) {
  const headingId = useId();
  const url = settings.console ? safeLinkUrl(settings.console.url) : null;
  if (!settings.console || url === null) return null;
  return (
    <section className="settings-section" aria-labelledby={headingId}>
      <h3 id={headingId}>Developer console</h3>
      <p>
        Register the app and its redirect URI, and find the client ID, at{' '}
        <a href={url} target="_blank" rel="noreferrer">
          {settings.console.name}
        </a>
        <span className="visually-hidden"> (opens in your browser)</span>.
      </p>
    </section>
  );
}

function FileDefinitionSection({ settings }: { readonly settings: ProviderSettingsView }) {
  const headingId = useId();
  return (
    <section className="settings-section" aria-labelledby={headingId}>
      <h3 id={headingId}>Definition</h3>
      <p>
        {settings.displayName} is defined in the providers file <code className="wrap">{settings.file}</code>. Change it in that file; it is
        shown here read-only.
      </p>
      {settings.definition ? <DefinitionList definition={settings.definition} /> : null}
    </section>
  );
}

function ScopesSection({ scopes }: { readonly scopes: readonly string[] }) {
  const headingId = useId();
  return (
    <section className="settings-section" aria-labelledby={headingId}>
      <h3 id={headingId}>Scopes</h3>
      {scopes.length > 0 ? (
        <>
          <p className="muted small">What the app asks for when you connect.</p>
          <ul className="scopes" aria-labelledby={headingId}>
            {scopes.map((scope) => (
              <li key={scope} className="scope">
                <code>{scope}</code>
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p className="muted">The app asks for no scopes.</p>
      )}
    </section>
  );
}

function SignInModeSection({ settings, onReload }: { readonly settings: ProviderSettingsView; readonly onReload: () => void }) {
  const api = useApi();
  const headingId = useId();
  const action = useAction();
  // The mode asked for, shown until the reloaded settings have it (or the call failed).
  const [requested, setRequested] = useState<AuthMode | null>(null);
  if (requested !== null && requested === settings.authMode) setRequested(null);

  const choose = (authMode: AuthMode): void => {
    setRequested(authMode);
    const call = async (): Promise<true> => {
      await api.setAuthMode({ providerId: settings.providerId, authMode });
      return true;
    };
    void action.run('auth-mode', call).then((done) => {
      if (done) onReload();
      else setRequested(null);
    });
  };

  return (
    <section className="settings-section" aria-labelledby={headingId}>
      <h3 id={headingId}>Sign-in mode</h3>
      <AuthModeChooser
        value={requested ?? settings.authMode}
        options={settings.availableAuthModes}
        disabled={false}
        busy={action.busy.has('auth-mode')}
        onChange={choose}
      />
      {action.error ? <ErrorNotice error={action.error} title="Could not change the sign-in mode" onDismiss={action.clearError} /> : null}
    </section>
  );
}
