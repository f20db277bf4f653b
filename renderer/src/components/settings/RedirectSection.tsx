import { useId } from 'react';
import type { ProviderSettingsView } from '../../../../electron/shared/settings-types.ts';
import { CopyButton } from './CopyButton.tsx';
import { PortSettings } from './PortSettings.tsx';

interface Props {
  readonly settings: ProviderSettingsView;
  readonly onSettingsChange: (settings: ProviderSettingsView) => void;
}

/** The redirect URI to register at the provider, a Copy button, and the fixed port when it can be chosen. */
export function RedirectSection({ settings, onSettingsChange }: Props) {
  const headingId = useId();
  const uriId = useId();
  const { redirect, displayName } = settings;
  const where = settings.console?.name ?? displayName;
  return (
    <section className="settings-section" aria-labelledby={headingId}>
      <h3 id={headingId}>Redirect URI</h3>
      <div className="redirect-uri">
        <code id={uriId} className="redirect-uri-text">
          {redirect.display}
        </code>
        <CopyButton text={redirect.uri} accessibleLabel="Copy redirect URI" describedBy={uriId} fallback="Select the redirect URI above and copy it yourself." />
      </div>
      <p className="settings-note">
        {redirect.mustRegister
          ? `Register it at ${where} exactly as shown: ${displayName} accepts only a redirect URI that matches the registered one character for character.`
          : `Any port works: ${displayName} accepts a redirect to this computer on any port, so the app picks a free one for each sign-in.`}
      </p>
      {settings.appLinkRedirectUri !== null ? <AppLinkRedirect uri={settings.appLinkRedirectUri} where={where} /> : null}
      {redirect.portConfigurable ? (
        <PortSettings providerId={settings.providerId} fixedPort={redirect.fixedPort} onSettingsChange={onSettingsChange} />
      ) : null}
    </section>
  );
}

/** The custom-scheme redirect, for the "System browser, app link" sign-in mode. */
function AppLinkRedirect({ uri, where }: { readonly uri: string; readonly where: string }) {
  const uriId = useId();
  return (
    <div className="app-link-redirect">
      <p className="settings-note">To sign in with the app link mode, register this redirect URI at {where} too:</p>
      <div className="redirect-uri">
        <code id={uriId} className="redirect-uri-text">
          {uri}
        </code>
        <CopyButton text={uri} accessibleLabel="Copy app link redirect URI" describedBy={uriId} fallback="Select the app link redirect URI above and copy it yourself." />
      </div>
    </div>
  );
}
