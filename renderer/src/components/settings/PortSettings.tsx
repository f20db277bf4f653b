import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import type { FieldProblem, PortCheckView, ProviderSettingsView } from '../../../../electron/shared/settings-types.ts';
import { MAX_PORT, MIN_FIXED_PORT, parseFixedPort } from '../../format/custom-provider-form.ts';
import { useAction } from '../../hooks/useAction.ts';
import { useApi } from '../../hooks/useApi.ts';
import { ErrorNotice } from '../ErrorNotice.tsx';
import { busyProps } from '../busy.ts';
import { Field } from './FormField.tsx';

interface Props {
  readonly providerId: string;
  /** The saved fixed port (what Check port checks). */
  readonly fixedPort: number | null;
  readonly onSettingsChange: (settings: ProviderSettingsView) => void;
}

/** The fixed redirect port: Save port, and Check port (is the saved port free to listen on now?). */
export function PortSettings({ providerId, fixedPort, onSettingsChange }: Props) {
  const api = useApi();
  const id = useId();
  const action = useAction();
  const [port, setPort] = useState(fixedPort === null ? '' : String(fixedPort));
  const [problem, setProblem] = useState<FieldProblem | null>(null);
  const [status, setStatus] = useState('');
  const [check, setCheck] = useState<PortCheckView | null>(null);

  const save = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    setStatus('');
    setCheck(null);
    const parsed = parseFixedPort(port);
    if (!parsed.ok) {
      setProblem(parsed.problem);
      return;
    }
    setProblem(null);
    void action.run('save-port', () => api.setRedirectPort({ providerId, port: parsed.port })).then((next) => {
      if (!next) return;
      onSettingsChange(next);
      setStatus(`Saved port ${parsed.port}. Register the new redirect URI at the provider if it changed.`);
    });
  };

  const checkPort = (): void => {
    setStatus('');
    setCheck(null);
    void action.run('check-port', () => api.checkPort({ providerId })).then((result) => {
      if (result) setCheck(result);
    });
  };

  return (
    <form className="port-settings" noValidate aria-busy={action.busy.size > 0} onSubmit={save}>
      <Field
        id={`${id}-port`}
        label="Redirect port"
        problems={problem ? [problem] : []}
        hint={`A whole number from ${MIN_FIXED_PORT} to ${MAX_PORT}. It is part of the redirect URI, so change it at the provider too.`}
      >
        {(control) => (
          <input
            {...control}
            type="number"
            inputMode="numeric"
            min={MIN_FIXED_PORT}
            max={MAX_PORT}
            className="input input-port"
            value={port}
            onChange={(e) => {
              setPort(e.target.value);
              setProblem(null);
            }}
          />
        )}
      </Field>
      <div className="actions">
        <button type="submit" className="button" {...busyProps(action.busy.has('save-port'))}>
          {action.busy.has('save-port') ? 'Saving…' : 'Save port'}
        </button>
        <button type="button" className="button" disabled={fixedPort === null} {...busyProps(action.busy.has('check-port'))} onClick={checkPort}>
          {action.busy.has('check-port') ? 'Checking…' : 'Check port'}
        </button>
      </div>
      <div role="status" className="port-status">
        {check ? (
          <p className={check.free ? 'port-check port-free' : 'port-check port-in-use'}>
            <strong>{check.free ? `Port ${check.port} is free.` : `Port ${check.port} is in use.`}</strong> {check.message}
          </p>
        ) : null}
        {status ? <p className="settings-saved">{status}</p> : null}
      </div>
      {action.error ? <ErrorNotice error={action.error} onDismiss={action.clearError} /> : null}
    </form>
  );
}
