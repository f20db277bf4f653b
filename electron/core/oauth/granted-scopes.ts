/**
 * What the card shows as granted. OpenID Connect's `offline_access` is granted by issuing a refresh
 * token, and many servers (the Sandbox's oidc-provider among them) leave it out of the token
 * response's `scope`: a held refresh token counts as that grant, so it is not reported as declined.
 */
export const OFFLINE_ACCESS = 'offline_access';

export function shownGrantedScopes(record: {
  readonly grantedScopes: readonly string[];
  readonly requestedScopes: readonly string[];
  readonly hasRefreshToken: boolean;
}): readonly string[] {
  const implied = record.hasRefreshToken && record.requestedScopes.includes(OFFLINE_ACCESS) && !record.grantedScopes.includes(OFFLINE_ACCESS);
  return implied ? [...record.grantedScopes, OFFLINE_ACCESS] : record.grantedScopes;
}
