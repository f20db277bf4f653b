/**
 * Disconnect's call to the provider: revoke the refresh token first (that usually ends the whole
 * grant), then the access token (RFC 7009, S19). Never throws: the result says what happened, and
 * the caller wipes the local tokens whatever it says.
 */
import type { DisconnectResult } from '../../shared/view-types.ts';
import { toErrorInfo } from '../errors.ts';
import type { HttpClient } from '../http/http-client.ts';
import { createRevocationRequest, processRevocationResponse } from '../oauth/revocation.ts';
import type { ProviderRuntime } from '../providers/provider-profile.ts';
import type { ConnectionSecrets } from '../storage/connection-repository.ts';

export async function revokeTokens(http: HttpClient, providerName: string, loadRuntime: () => Promise<ProviderRuntime>, loadSecrets: () => ConnectionSecrets): Promise<DisconnectResult> {
  try {
    const secrets = loadSecrets();
    const runtime = await loadRuntime();
    if (runtime.revocationEndpoint === null) {
      return {
        revoked: false,
        revocationError: {
          code: 'revocation_unsupported',
          message: `${providerName} offers no way to revoke tokens.`,
          hint: 'The local tokens were removed. To cut access completely, remove OAuth Desk in your account settings at the provider.',
        },
      };
    }
    const tokens: Array<[string, 'refresh_token' | 'access_token']> = [];
    if (secrets.refreshToken !== null) tokens.push([secrets.refreshToken, 'refresh_token']);
    tokens.push([secrets.accessToken, 'access_token']);
    for (const [token, hint] of tokens) {
      const response = await http.request(createRevocationRequest({ revocationEndpoint: runtime.revocationEndpoint, client: runtime.revocationClient ?? runtime.server.client, token, tokenTypeHint: hint }));
      processRevocationResponse(response, providerName);
    }
    return { revoked: true, revocationError: null };
  } catch (error) {
    return { revoked: false, revocationError: toErrorInfo(error) };
  }
}
