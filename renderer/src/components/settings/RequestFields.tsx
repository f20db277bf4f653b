import { AUTH_MODES } from '../../../../electron/shared/view-types.ts';
import type { PkceSetting } from '../../format/custom-provider-form.ts';
import { PKCE_SETTINGS, problemsFor } from '../../format/custom-provider-form.ts';
import { AuthModeChooser } from '../AuthModeChooser.tsx';
import { FieldProblemList } from './FormField.tsx';
import type { FormSectionProps } from './FormField.tsx';
import { Field, FormTextField } from './FormField.tsx';

const PKCE_LABELS: Record<PkceSetting, string> = {
  S256: 'S256 (recommended)',
  plain: 'plain',
  off: 'off',
};

/** Scopes, PKCE, sign-in mode, redirect URI, extra parameters and the data URL. */
export function RequestFields(props: FormSectionProps) {
  const { idPrefix, state, problems, onChange } = props;
  const weakPkce = state.pkce !== 'S256';
  const authModeProblems = problemsFor(problems, 'authMode');
  return (
    <fieldset className="form-group">
      <legend>Sign-in request</legend>
      <FormTextField
        {...props}
        field="scopes"
        label="Scopes"
        placeholder="openid email profile"
        hint="Separated by spaces, e.g. openid email profile. Leave empty to request none."
      />
      <Field
        id={`${idPrefix}-pkce`}
        label="PKCE"
        problems={problemsFor(problems, 'pkce')}
        hint={
          weakPkce ? (
            <p className="field-warning">
              Without S256, someone who intercepts the authorization code may be able to use it. Choose “{state.pkce}” only if the
              server cannot do S256.
            </p>
          ) : (
            'Proof Key for Code Exchange protects the authorization code (RFC 7636).'
          )
        }
      >
        {(control) => (
          <select {...control} name="pkce" className="input" value={state.pkce} onChange={(e) => onChange({ pkce: e.target.value as PkceSetting })}>
            {PKCE_SETTINGS.map((setting) => (
              <option key={setting} value={setting}>
                {PKCE_LABELS[setting]}
              </option>
            ))}
          </select>
        )}
      </Field>
      <div className="field">
        <AuthModeChooser value={state.authMode} options={AUTH_MODES} disabled={false} onChange={(authMode) => onChange({ authMode })} />
        {authModeProblems.length > 0 ? <FieldProblemList problems={authModeProblems} /> : null}
      </div>
      <div className="field-row">
        <FormTextField
          {...props}
          field="redirectPort"
          type="number"
          min={0}
          max={65535}
          label="Redirect port"
          hint="0 = any free port (for providers that accept any loopback port). Otherwise the fixed port registered at the provider, 1024–65535."
        />
        <FormTextField {...props} field="redirectPath" label="Redirect path" placeholder="/callback" hint="Leave empty for /callback." />
      </div>
      <FormTextField
        {...props}
        field="extraAuthParams"
        rows={3}
        label="Extra authorization parameters (optional)"
        placeholder="prompt=consent"
        hint="One name=value per line, added to the authorization request. The app’s own parameters (client_id, scope, state…) cannot be set here."
      />
      <FormTextField
        {...props}
        field="dataUrl"
        type="url"
        label="Data URL (optional)"
        hint="Fetched with the access token and shown as the connection’s data. Leave empty to use the userinfo endpoint."
      />
    </fieldset>
  );
}
