import type { EndpointMode } from '../../format/custom-provider-form.ts';
import type { FormSectionProps } from './FormField.tsx';
import { FormTextField } from './FormField.tsx';

const MODES: readonly { readonly mode: EndpointMode; readonly label: string; readonly detail: string }[] = [
  {
    mode: 'discovery',
    label: 'Discovery (issuer URL)',
    detail: 'The app reads the endpoints from the issuer’s OpenID Connect or OAuth metadata.',
  },
  {
    mode: 'manual',
    label: 'Manual endpoints',
    detail: 'Enter the authorization and token endpoints yourself.',
  },
];

const URL_HINT = 'https, or http only on 127.0.0.1, localhost or [::1].';

/** How the endpoints are found (issuer, or authorization + token endpoints), then the optional ones. */
export function EndpointFields(props: FormSectionProps) {
  const { idPrefix, state, onChange } = props;
  const discovery = state.endpointMode === 'discovery';
  return (
    <fieldset className="form-group">
      <legend>Endpoints</legend>
      <fieldset className="choice">
        <legend>How the app finds the endpoints</legend>
        {MODES.map(({ mode, label, detail }) => (
          <div key={mode} className="choice-option">
            <input
              id={`${idPrefix}-mode-${mode}`}
              type="radio"
              name={`${idPrefix}-endpoint-mode`}
              value={mode}
              checked={state.endpointMode === mode}
              aria-describedby={`${idPrefix}-mode-${mode}-detail`}
              onChange={() => onChange({ endpointMode: mode })}
            />
            <label htmlFor={`${idPrefix}-mode-${mode}`}>{label}</label>
            <span id={`${idPrefix}-mode-${mode}-detail`} className="choice-detail">
              {detail}
            </span>
          </div>
        ))}
      </fieldset>

      {discovery ? (
        <FormTextField
          {...props}
          field="issuer"
          type="url"
          label="Issuer URL"
          placeholder="https://login.example.com"
          hint={`The exact issuer, without /.well-known/…: ${URL_HINT}`}
        />
      ) : (
        <>
          <FormTextField {...props} field="authorizationEndpoint" type="url" label="Authorization endpoint" placeholder="https://login.example.com/oauth2/authorize" hint={URL_HINT} />
          <FormTextField {...props} field="tokenEndpoint" type="url" label="Token endpoint" placeholder="https://login.example.com/oauth2/token" hint={URL_HINT} />
        </>
      )}
      <FormTextField
        {...props}
        field="revocationEndpoint"
        type="url"
        label="Revocation endpoint (optional)"
        hint={discovery ? 'Leave empty to use the one discovery finds, if any.' : 'Used on Disconnect to revoke the tokens at the provider.'}
      />
      <FormTextField
        {...props}
        field="userinfoEndpoint"
        type="url"
        label="Userinfo endpoint (optional)"
        hint={discovery ? 'Leave empty to use the one discovery finds, if any.' : 'Where the app reads the account’s name and email.'}
      />
    </fieldset>
  );
}
