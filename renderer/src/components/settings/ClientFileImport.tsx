import { useId, useState } from 'react';
import type { ChangeEvent } from 'react';
import type { ErrorInfo } from '../../../../electron/shared/error-info.ts';
import { MAX_CLIENT_FILE_LENGTH } from '../../../../electron/shared/ipc-contract.ts';
import type { ClientFileImportResult, ProviderSettingsView } from '../../../../electron/shared/settings-types.ts';
import { useAction } from '../../hooks/useAction.ts';
import { useApi } from '../../hooks/useApi.ts';
import { ErrorNotice } from '../ErrorNotice.tsx';
import { busyProps } from '../busy.ts';

const TOO_LARGE: ErrorInfo = {
  code: 'client_file_too_large',
  message: 'That file is too large to be a client_secret.json.',
  hint: 'Choose the client_secret_….json file that Google Cloud console downloads (Download JSON on the OAuth client).',
};

interface Props {
  readonly providerId: string;
  readonly onSettingsChange: (settings: ProviderSettingsView) => void;
}

/** "Import client_secret.json": reads the chosen file here and hands its text to the main process. */
export function ClientFileImport({ providerId, onSettingsChange }: Props) {
  const api = useApi();
  const id = useId();
  const action = useAction();
  const [tooLarge, setTooLarge] = useState(false);
  const [result, setResult] = useState<ClientFileImportResult | null>(null);

  const importFile = (event: ChangeEvent<HTMLInputElement>): void => {
    const input = event.currentTarget;
    const file = input.files?.[0];
    setResult(null);
    setTooLarge(false);
    if (!file) return;
    if (file.size > MAX_CLIENT_FILE_LENGTH) {
      setTooLarge(true);
      input.value = '';
      return;
    }
    void action
      .run('import', async () => api.importClientFile({ providerId, text: await file.text() }))
      .then((imported) => {
        if (!imported) return;
        setResult(imported);
        onSettingsChange(imported.settings);
      })
      // Emptied so that choosing the same file again imports it again.
      .finally(() => {
        input.value = '';
      });
  };

  const busy = action.busy.has('import');
  return (
    <div className="client-file" aria-busy={busy}>
      <label htmlFor={id} className="field-label">
        Import client_secret.json
      </label>
      <input
        id={id}
        type="file"
        accept=".json,application/json"
        className="input-file"
        aria-describedby={`${id}-hint`}
        {...busyProps(busy)}
        // While a file is being imported the input keeps focus but opens no chooser.
        onClick={(event) => {
          if (busy) event.preventDefault();
        }}
        onChange={importFile}
      />
      <p id={`${id}-hint`} className="field-hint">
        The file Google Cloud console downloads for a “Desktop app” OAuth client (Download JSON). It fills in the client ID and secret.
      </p>
      <div role="status">{busy ? <p className="muted small">Importing…</p> : result ? <p className="settings-saved">Imported the client ID and secret.</p> : null}</div>
      {result?.warnings.map((warning, index) => <ErrorNotice key={`${warning.code}:${index}`} error={warning} tone="warning" title="Imported, but note:" />)}
      {tooLarge ? <ErrorNotice error={TOO_LARGE} onDismiss={() => setTooLarge(false)} /> : null}
      {action.error ? <ErrorNotice error={action.error} title="Could not import the file" onDismiss={action.clearError} /> : null}
    </div>
  );
}
