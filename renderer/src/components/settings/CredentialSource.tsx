import type { ReactNode } from 'react';
import type { ProviderSettingsView } from '../../../../electron/shared/settings-types.ts';

/** Where the credentials in use come from, as the end of "In use: …"; null when none are set. */
function sourceText(settings: ProviderSettingsView, variableNames: ReactNode): ReactNode {
  switch (settings.client.source) {
    case 'settings':
      return 'the client ID saved here in Settings.';
    case 'environment':
      return variableNames ? <>the environment variables {variableNames}.</> : 'environment variables.';
    case 'providers-file':
      return settings.file ? (
        <>
          the providers file <code className="wrap">{settings.file}</code>.
        </>
      ) : (
        'the providers file.'
      );
    case 'built-in':
      return 'the client that comes with OAuth Desk.';
    default:
      return null;
  }
}

/** Which client credentials the provider uses now, and where else they could come from. */
export function CredentialSource({ settings }: { readonly settings: ProviderSettingsView }) {
  const variables = settings.client.environmentVariables;
  const variableNames = variables ? (
    <>
      <code>{variables.clientId}</code> and <code>{variables.clientSecret}</code>
    </>
  ) : null;
  const source = sourceText(settings, variableNames);
  return (
    <div className="credential-source">
      {source === null ? (
        <p>No client ID is set yet.</p>
      ) : (
        <p>
          <span className="credential-source-label">In use: </span>
          {source}
        </p>
      )}
      {settings.client.source !== 'environment' && variableNames ? (
        <p className="muted small">You can also set them with the environment variables {variableNames}.</p>
      ) : null}
    </div>
  );
}
