import { Fragment } from 'react';
import type { CustomProviderForm } from '../../../../electron/shared/settings-types.ts';
import { formatExtraParams } from '../../format/custom-provider-form.ts';

/** The label and text of each field the definition sets, in the schema's order. */
function rows(definition: CustomProviderForm): readonly (readonly [string, string])[] {
  const out: Array<readonly [string, string]> = [
    ['ID', definition.id],
    ['Display name', definition.displayName],
  ];
  const add = (label: string, value: string | null | undefined): void => {
    if (value !== undefined && value !== null && value !== '') out.push([label, value]);
  };
  add('Issuer', definition.issuer);
  add('Authorization endpoint', definition.authorizationEndpoint);
  add('Token endpoint', definition.tokenEndpoint);
  add('Revocation endpoint', definition.revocationEndpoint);
  add('Userinfo endpoint', definition.userinfoEndpoint);
  add('Client ID', definition.clientId);
  add('Client authentication', definition.clientAuthMethod);
  add('Scopes', definition.scopes?.join(' '));
  add('PKCE', definition.pkce);
  add('Sign-in mode', definition.authMode);
  if (definition.redirectPort !== undefined) add('Redirect port', definition.redirectPort === 0 ? '0 (any free port)' : String(definition.redirectPort));
  add('Redirect path', definition.redirectPath);
  add('Extra authorization parameters', formatExtraParams(definition.extraAuthParams));
  add('Data URL', definition.dataUrl);
  return out;
}

/** A custom provider's definition, read-only (it is edited in its providers file). */
export function DefinitionList({ definition }: { readonly definition: CustomProviderForm }) {
  return (
    <dl className="facts definition">
      {rows(definition).map(([label, value]) => (
        <Fragment key={label}>
          <dt>{label}</dt>
          <dd>
            <code className="definition-value">{value}</code>
          </dd>
        </Fragment>
      ))}
    </dl>
  );
}
