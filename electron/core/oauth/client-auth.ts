/** Client authentication at the token and revocation endpoints (RFC 6749 2.3.1). */

export type ClientAuthMethod = 'none' | 'client_secret_post' | 'client_secret_basic';
export const CLIENT_AUTH_METHODS: readonly ClientAuthMethod[] = ['none', 'client_secret_post', 'client_secret_basic'];

export interface ClientCredentials {
  readonly clientId: string;
  readonly clientSecret: string | null;
  readonly authMethod: ClientAuthMethod;
}

/** application/x-www-form-urlencoded encoding of one value (space → '+', reserved bytes percent-encoded). */
export function formUrlEncode(value: string): string {
  return new URLSearchParams([['', value]]).toString().slice(1);
}

/** S13: id and secret are form-urlencoded first, then joined with ':' and Base64-encoded. */
export function basicAuthorizationHeader(clientId: string, clientSecret: string): string {
  return 'Basic ' + Buffer.from(`${formUrlEncode(clientId)}:${formUrlEncode(clientSecret)}`, 'utf8').toString('base64');
}

/** Returns the body fields and headers that authenticate the client with the chosen method. */
export function clientAuthentication(credentials: ClientCredentials): {
  form: Record<string, string>;
  headers: Record<string, string>;
} {
  const { clientId, clientSecret, authMethod } = credentials;
  if (authMethod !== 'none' && (clientSecret === null || clientSecret === '')) {
    throw new RangeError(`Client authentication "${authMethod}" needs a client secret.`);
  }
  switch (authMethod) {
    case 'none':
      return { form: { client_id: clientId }, headers: {} };
    case 'client_secret_post':
      return { form: { client_id: clientId, client_secret: clientSecret as string }, headers: {} };
    case 'client_secret_basic':
      return { form: {}, headers: { authorization: basicAuthorizationHeader(clientId, clientSecret as string) } };
  }
}
