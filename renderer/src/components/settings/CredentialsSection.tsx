import { useId, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import type { ProviderSettingsView } from '../../../../electron/shared/settings-types.ts';
import type { SecretInput } from '../../format/custom-provider-form.ts';
import { secretPayload } from '../../format/custom-provider-form.ts';
import { useAction } from '../../hooks/useAction.ts';
import { useApi } from '../../hooks/useApi.ts';
import { ErrorNotice } from '../ErrorNotice.tsx';
import { busyProps } from '../busy.ts';
import { ClientFileImport } from './ClientFileImport.tsx';
import { CredentialSource } from './CredentialSource.tsx';
import { Field } from './FormField.tsx';
import { SecretField } from './SecretField.tsx';

const NO_SECRET: SecretInput = { value: '', remove: false };

interface Props {
  readonly settings: ProviderSettingsView;
  readonly onSettingsChange: (settings: ProviderSettingsView) => void;
}

/** A built-in provider's client ID and secret: where they come from, Save, and Google's file import. */
export function CredentialsSection({ settings, onSettingsChange }: Props) {
  const api = useApi();
  const id = useId();
  const action = useAction();
  const { client, providerId, displayName } = settings;
  const [clientId, setClientId] = useState(client.clientId ?? '');
  // The client ID the input was last filled from: a new one (saved, imported) refills it, a reload does not.
  const [filledFrom, setFilledFrom] = useState(client.clientId);
  if (filledFrom !== client.clientId) {
    setFilledFrom(client.clientId);
    setClientId(client.clientId ?? '');
  }
  const [secret, setSecret] = useState(NO_SECRET);
  const [status, setStatus] = useState('');
  const secretRef = useRef<HTMLInputElement>(null);

  const save = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    setStatus('');
    const entered = clientId.trim();
    void action.run('save', () => api.saveCredentials({ providerId, clientId: entered, ...secretPayload(secret) })).then((next) => {
      if (!next) return;
      if (secretRef.current) secretRef.current.value = '';
      setSecret(NO_SECRET);
      setClientId(next.client.clientId ?? '');
      setFilledFrom(next.client.clientId);
      onSettingsChange(next);
      setStatus(entered === '' ? 'Removed the saved credentials.' : 'Saved.');
    });
  };

  const secretHint = client.secretRequired
    ? `${displayName} needs the client secret too: its token endpoint refuses a sign-in without it. It is stored encrypted and never shown again.`
    : 'Leave empty if the provider gave you none. It is stored encrypted and never shown again.';

  return (
    <section className="settings-section" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>Client credentials</h3>
      <CredentialSource settings={settings} />
      <form className="credentials-form" noValidate aria-busy={action.busy.has('save')} onSubmit={save}>
        <Field id={`${id}-client-id`} label="Client ID" hint="Leave empty and save to remove the credentials saved here.">
          {(control) => (
            <input
              {...control}
              name="clientId"
              className="input"
              autoComplete="off"
              spellCheck={false}
              value={clientId}
              onChange={(e) => setClientId(e.target.value)}
            />
          )}
        </Field>
        <SecretField
          id={`${id}-client-secret`}
          label="Client secret"
          secretSaved={client.secretSaved}
          remove={secret.remove}
          inputRef={secretRef}
          hint={secretHint}
          onInput={(value) => setSecret((s) => ({ ...s, value }))}
          onRemoveChange={(remove) => setSecret((s) => ({ ...s, remove }))}
        />
        <div className="actions">
          <button type="submit" className="button button-primary" {...busyProps(action.busy.has('save'))}>
            {action.busy.has('save') ? 'Saving…' : 'Save'}
          </button>
          <p role="status" className="settings-saved">
            {status}
          </p>
        </div>
        {action.error ? <ErrorNotice error={action.error} title="Could not save the credentials" onDismiss={action.clearError} /> : null}
      </form>
      {settings.clientFileImport ? <ClientFileImport providerId={providerId} onSettingsChange={onSettingsChange} /> : null}
    </section>
  );
}
