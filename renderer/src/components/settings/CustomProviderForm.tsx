import { useEffect, useId, useRef, useState } from 'react';
import type { FormEvent, Ref } from 'react';
import type { ErrorInfo } from '../../../../electron/shared/error-info.ts';
import type { FieldProblem } from '../../../../electron/shared/settings-types.ts';
import type { CustomProviderFormState, SecretInput } from '../../format/custom-provider-form.ts';
import { EMPTY_FORM_STATE, saveCustomRequest, shownFields, unplacedProblems } from '../../format/custom-provider-form.ts';
import { useAction } from '../../hooks/useAction.ts';
import { useApi } from '../../hooks/useApi.ts';
import { ErrorNotice } from '../ErrorNotice.tsx';
import { busyProps } from '../busy.ts';
import { ClientFields } from './ClientFields.tsx';
import { EndpointFields } from './EndpointFields.tsx';
import { FormProblemSummary, FormTextField } from './FormField.tsx';
import { RequestFields } from './RequestFields.tsx';

const NO_SECRET: SecretInput = { value: '', remove: false };

interface ViewProps {
  readonly idPrefix: string;
  readonly state: CustomProviderFormState;
  readonly secret: SecretInput;
  readonly secretSaved: boolean;
  /** From the last refused save, until their field is edited. */
  readonly problems: readonly FieldProblem[];
  readonly saving: boolean;
  /** The save call itself failed (not a validation problem). */
  readonly error: ErrorInfo | null;
  readonly submitLabel: string;
  readonly secretRef?: Ref<HTMLInputElement>;
  readonly summaryRef?: Ref<HTMLDivElement>;
  readonly onChange: (patch: Partial<CustomProviderFormState>) => void;
  readonly onSecretChange: (patch: Partial<SecretInput>) => void;
  readonly onSubmit: (event: FormEvent<HTMLFormElement>) => void;
  readonly onCancel?: () => void;
  readonly onDismissError?: () => void;
}

/** The form as it looks for a given state and problems (no state of its own). */
export function CustomProviderFormView(props: ViewProps) {
  const { idPrefix, state, secret, secretSaved, problems, saving, error, submitLabel, secretRef, summaryRef } = props;
  const section = { idPrefix, state, problems, onChange: props.onChange };
  const unplaced = unplacedProblems(problems, shownFields(state));
  return (
    <form className="provider-form" noValidate aria-busy={saving} onSubmit={props.onSubmit}>
      <FormProblemSummary problems={problems} unplaced={unplaced} title="The provider was not saved" summaryRef={summaryRef} />
      <fieldset className="form-group">
        <legend>Provider</legend>
        <FormTextField
          {...section}
          field="id"
          label="ID"
          required
          placeholder="acme-sso"
          hint="Lowercase letters, digits, “-” and “_”, starting with a letter; at most 64 characters. Not the id of a built-in provider."
        />
        <FormTextField {...section} field="displayName" label="Display name" required placeholder="Acme SSO" hint="Shown on the provider’s card; at most 80 characters." />
      </fieldset>
      <EndpointFields {...section} />
      <ClientFields
        {...section}
        secret={secret}
        secretSaved={secretSaved}
        secretRef={secretRef ?? null}
        onSecretChange={props.onSecretChange}
      />
      <RequestFields {...section} />
      {error ? <ErrorNotice error={error} title="Could not save the provider" onDismiss={props.onDismissError} /> : null}
      <div className="actions">
        <button type="submit" className="button button-primary" {...busyProps(saving)}>
          {saving ? 'Saving…' : submitLabel}
        </button>
        {props.onCancel ? (
          <button type="button" className="button" onClick={props.onCancel}>
            Cancel
          </button>
        ) : null}
      </div>
    </form>
  );
}

interface Props {
  /** The inputs to start from (a saved definition when editing). */
  readonly initial?: CustomProviderFormState;
  /** The id of the provider being edited; absent when adding one. */
  readonly replaces?: string;
  readonly secretSaved?: boolean;
  readonly submitLabel?: string;
  readonly onSaved: (providerId: string) => void;
  readonly onCancel?: () => void;
}

/**
 * Adds or edits a custom provider. The main process validates with the providers file's schema; its
 * problems are shown next to their fields, and everything typed is kept so it can be fixed.
 */
export function CustomProviderForm({ initial = EMPTY_FORM_STATE, replaces, secretSaved = false, submitLabel = 'Add provider', onSaved, onCancel }: Props) {
  const api = useApi();
  const idPrefix = useId();
  const action = useAction();
  const [state, setState] = useState(initial);
  const [secret, setSecret] = useState(NO_SECRET);
  const [problems, setProblems] = useState<readonly FieldProblem[]>([]);
  /** Counts refused saves: each moves focus to the summary. */
  const [refusals, setRefusals] = useState(0);
  const secretRef = useRef<HTMLInputElement>(null);
  const summaryRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (refusals > 0) summaryRef.current?.focus();
  }, [refusals]);

  const refuse = (found: readonly FieldProblem[]): void => {
    setProblems(found);
    setRefusals((n) => n + 1);
  };

  const change = (patch: Partial<CustomProviderFormState>): void => {
    setState((current) => ({ ...current, ...patch }));
    setProblems((current) => current.filter((problem) => problem.field === null || !Object.hasOwn(patch, problem.field)));
  };

  const changeSecret = (patch: Partial<SecretInput>): void => {
    setSecret((current) => ({ ...current, ...patch }));
    setProblems((current) => current.filter((problem) => problem.field !== 'clientSecret'));
  };

  const submit = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    const built = saveCustomRequest(state, secret, replaces);
    if (!built.ok) {
      refuse(built.problems);
      return;
    }
    void action.run('save', () => api.saveCustomProvider(built.request)).then((result) => {
      if (result === undefined) return;
      if (!result.saved) {
        refuse(result.problems);
        return;
      }
      if (secretRef.current) secretRef.current.value = '';
      setSecret(NO_SECRET);
      setProblems([]);
      onSaved(result.providerId);
    });
  };

  return (
    <CustomProviderFormView
      idPrefix={idPrefix}
      state={state}
      secret={secret}
      secretSaved={secretSaved}
      problems={problems}
      saving={action.busy.has('save')}
      error={action.error}
      submitLabel={submitLabel}
      secretRef={secretRef}
      summaryRef={summaryRef}
      onChange={change}
      onSecretChange={changeSecret}
      onSubmit={submit}
      onCancel={onCancel}
      onDismissError={action.clearError}
    />
  );
}
