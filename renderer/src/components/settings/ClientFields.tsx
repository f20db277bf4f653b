import type { Ref } from 'react';
import type { ClientAuthMethod, SecretInput } from '../../format/custom-provider-form.ts';
import { CLIENT_AUTH_METHODS, defaultClientAuthMethod, problemsFor } from '../../format/custom-provider-form.ts';
import type { FormSectionProps } from './FormField.tsx';
import { Field, FormTextField } from './FormField.tsx';
import { SecretField } from './SecretField.tsx';

const METHOD_LABELS: Record<ClientAuthMethod, string> = {
  none: 'none (public client, PKCE only)',
  client_secret_post: 'client_secret_post (secret in the request body)',
  client_secret_basic: 'client_secret_basic (secret in an Authorization header)',
};

interface Props extends FormSectionProps {
  readonly secret: SecretInput;
  /** A secret is saved for the provider being edited. */
  readonly secretSaved: boolean;
  readonly secretRef: Ref<HTMLInputElement>;
  readonly onSecretChange: (patch: Partial<SecretInput>) => void;
}

/** Client ID, client secret (never shown back) and how the client authenticates at the token endpoint. */
export function ClientFields(props: Props) {
  const { idPrefix, state, problems, onChange, secret, secretSaved, secretRef, onSecretChange } = props;
  const hasSecret = secret.value.trim() !== '' || (secretSaved && !secret.remove);
  return (
    <fieldset className="form-group">
      <legend>Client</legend>
      <FormTextField {...props} field="clientId" label="Client ID" required hint="From the provider’s developer console (also called application ID)." />
      <SecretField
        id={`${idPrefix}-clientSecret`}
        label="Client secret (optional)"
        secretSaved={secretSaved}
        remove={secret.remove}
        inputRef={secretRef}
        problems={problemsFor(problems, 'clientSecret')}
        hint="Leave empty for a public client. It is stored encrypted and never shown again."
        onInput={(value) => onSecretChange({ value })}
        onRemoveChange={(remove) => onSecretChange({ remove })}
      />
      <Field
        id={`${idPrefix}-clientAuthMethod`}
        label="Client authentication"
        hint="How the app sends the client secret to the token endpoint. The default is none without a client secret and client_secret_basic with one; use what the provider’s documentation says."
        problems={problemsFor(problems, 'clientAuthMethod')}
      >
        {(control) => (
          <select
            {...control}
            name="clientAuthMethod"
            className="input"
            value={state.clientAuthMethod}
            onChange={(e) => onChange({ clientAuthMethod: e.target.value as ClientAuthMethod | '' })}
          >
            <option value="">Default ({defaultClientAuthMethod(hasSecret)})</option>
            {CLIENT_AUTH_METHODS.map((method) => (
              <option key={method} value={method}>
                {METHOD_LABELS[method]}
              </option>
            ))}
          </select>
        )}
      </Field>
    </fieldset>
  );
}
