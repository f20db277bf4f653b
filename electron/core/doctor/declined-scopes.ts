/**
 * The scopes a connection asked for at sign-in that the provider did not grant: the person unticked
 * them on the consent page (Google lets them), or the provider dropped them. Read from the token
 * response's `scope` (S14), with `offline_access` counted as granted when a refresh token came.
 */
import { shownGrantedScopes } from '../oauth/granted-scopes.ts';

export function declinedScopes(connection: {
  readonly grantedScopes: readonly string[];
  readonly requestedScopes: readonly string[];
  readonly hasRefreshToken: boolean;
}): readonly string[] {
  const granted = new Set(shownGrantedScopes(connection));
  return connection.requestedScopes.filter((scope) => !granted.has(scope));
}
