import type { ReactNode, Ref } from 'react';
import type { FieldProblem } from '../../../../electron/shared/settings-types.ts';
import { Field } from './FormField.tsx';

export const SAVED_SECRET_PLACEHOLDER = 'Saved — leave empty to keep';

interface Props {
  readonly id: string;
  readonly label: string;
  /** A secret is saved: the input says so (it never holds it) and "Remove saved secret" is offered. */
  readonly secretSaved: boolean;
  readonly remove: boolean;
  /** The input is uncontrolled (it never gets a value from the app); the owner clears it through this ref. */
  readonly inputRef: Ref<HTMLInputElement>;
  readonly problems?: readonly FieldProblem[];
  readonly hint?: ReactNode;
  readonly onInput: (value: string) => void;
  readonly onRemoveChange: (remove: boolean) => void;
}

/**
 * A client secret input: a password field that is never filled from the app (the renderer never
 * learns a saved secret, only that one is saved), plus "Remove saved secret" when there is one.
 */
export function SecretField({ id, label, secretSaved, remove, inputRef, problems, hint, onInput, onRemoveChange }: Props) {
  return (
    <div className="secret-field">
      <Field id={id} label={label} hint={hint} problems={problems}>
        {(control) => (
          <input
            {...control}
            ref={inputRef}
            type="password"
            name="clientSecret"
            className="input"
            autoComplete="off"
            spellCheck={false}
            placeholder={secretSaved ? SAVED_SECRET_PLACEHOLDER : undefined}
            disabled={remove}
            onChange={(e) => onInput(e.target.value)}
          />
        )}
      </Field>
      {secretSaved ? (
        <div className="checkbox">
          <input id={`${id}-remove`} type="checkbox" checked={remove} onChange={(e) => onRemoveChange(e.target.checked)} />
          <label htmlFor={`${id}-remove`}>Remove saved secret</label>
        </div>
      ) : null}
    </div>
  );
}
