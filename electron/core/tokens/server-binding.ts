/**
 * Tokens only ever go back to the server and client that obtained them: the issuer, the token
 * endpoint and the client ID are recorded with each connection, and a provider whose settings
 * changed since (an edited custom provider, another client entered in Settings, a Sandbox with a
 * new address) gets none of its tokens until the person signs in again.
 */
import type { ErrorInfo } from '../../shared/error-info.ts';
import { TokenEndpointError } from '../errors.ts';
import type { ProviderRuntime } from '../providers/provider-profile.ts';
import type { ConnectionRecord } from '../storage/connection-repository.ts';

export function assertSameServer(record: ConnectionRecord, runtime: ProviderRuntime): void {
  const name = runtime.server.providerName;
  if (record.issuer !== null && record.issuer !== runtime.server.issuer) {
    throw new TokenEndpointError('issuer_changed', `The sign-in server for ${name} is no longer the one that issued this connection's tokens, so they were not sent to it.`, {
      hint: runtime.issuerChangedHint ?? "The provider's issuer URL changed. Click Re-authorize to sign in at the current server.",
    });
  }
  const bound = record.boundClient;
  if (bound !== null && (bound.tokenEndpoint !== runtime.server.tokenEndpoint || bound.clientId !== runtime.server.client.clientId)) {
    const what = bound.clientId !== runtime.server.client.clientId ? 'client ID' : 'token endpoint';
    throw new TokenEndpointError('provider_changed', `${name}'s ${what} changed since this connection signed in, so its tokens were not sent to the new one.`, {
      hint: `Click Re-authorize to sign in with the current settings, or change the ${what} back in Settings.`,
    });
  }
}

const BINDING_CODES: ReadonlySet<string> = new Set(['issuer_changed', 'provider_changed']);

/** What disconnect reports when the tokens were not revoked because the provider's settings changed. */
export function revocationSkipped(error: ErrorInfo): ErrorInfo {
  if (!BINDING_CODES.has(error.code)) return error;
  return {
    code: error.code,
    message: `${error.message} They were not revoked.`,
    hint: "The local tokens were removed. To end the grant, remove OAuth Desk's access in your account settings at the provider it was connected to.",
  };
}
