import { useId, useState } from 'react';
import type { ProviderSettingsView } from '../../../../electron/shared/settings-types.ts';
import { formStateFromDefinition } from '../../format/custom-provider-form.ts';
import { useAction } from '../../hooks/useAction.ts';
import { useApi } from '../../hooks/useApi.ts';
import { focusRescue } from '../../hooks/useFocusRescue.ts';
import { ErrorNotice } from '../ErrorNotice.tsx';
import { busyProps } from '../busy.ts';
import { CustomProviderForm } from './CustomProviderForm.tsx';

interface Props {
  readonly settings: ProviderSettingsView;
  /** Saved; the id may have changed. */
  readonly onSaved: (providerId: string) => void;
  readonly onRemoved: () => void;
}

/** A custom provider added in Settings: its whole definition in the form, and Remove provider. */
export function EditCustomProvider({ settings, onSaved, onRemoved }: Props) {
  const headingId = useId();
  const { definition } = settings;
  return (
    <section className="settings-section" aria-labelledby={headingId}>
      <h3 id={headingId}>Definition</h3>
      {definition ? (
        <CustomProviderForm
          key={settings.providerId}
          initial={formStateFromDefinition(definition, settings.client.secretSaved)}
          replaces={settings.providerId}
          secretSaved={settings.client.secretSaved}
          submitLabel="Save changes"
          onSaved={onSaved}
        />
      ) : (
        <p className="muted">The app did not send this provider’s definition. Go back and open its settings again.</p>
      )}
      <RemoveCustomProvider providerId={settings.providerId} displayName={settings.displayName} onRemoved={onRemoved} />
    </section>
  );
}

interface RemoveProps {
  readonly providerId: string;
  readonly displayName: string;
  readonly onRemoved: () => void;
}

/** "Remove provider", asked twice; the main process refuses while the provider has connections. */
function RemoveCustomProvider({ providerId, displayName, onRemoved }: RemoveProps) {
  const api = useApi();
  const action = useAction();
  const questionId = useId();
  const [confirming, setConfirming] = useState(false);

  const remove = (): void => {
    const call = async (): Promise<true> => {
      await api.removeCustomProvider({ providerId });
      return true;
    };
    void action.run('remove', call).then((removed) => {
      if (removed) onRemoved();
    });
  };

  return (
    <div className="remove-provider">
      {confirming ? (
        <div className="remove-confirm" role="group" aria-labelledby={questionId} aria-busy={action.busy.has('remove')}>
          <p id={questionId}>Remove {displayName}? Its definition and saved secret are deleted from OAuth Desk.</p>
          <div className="actions">
            <button type="button" className="button button-danger" {...busyProps(action.busy.has('remove'))} onClick={remove}>
              {action.busy.has('remove') ? 'Removing…' : 'Remove'}
            </button>
            {/* Focus lands here when the question replaces "Remove provider": the safe answer. */}
            <button type="button" className="button" disabled={action.busy.has('remove')} onClick={() => setConfirming(false)} {...focusRescue}>
              Keep it
            </button>
          </div>
        </div>
      ) : (
        <button type="button" className="button button-danger" onClick={() => setConfirming(true)}>
          Remove provider
        </button>
      )}
      {action.error ? <ErrorNotice error={action.error} title={`Could not remove ${displayName}`} onDismiss={action.clearError} /> : null}
    </div>
  );
}
