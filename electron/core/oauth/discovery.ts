/** Authorization server metadata (RFC 8414 / OpenID Connect Discovery) as a request/process pair. */
import { TokenEndpointError } from '../errors.ts';
import type { HttpRequest, HttpResponse } from '../http/http-client.ts';
import { parseJsonBody } from '../http/http-client.ts';

export interface ServerMetadata {
  readonly issuer: string;
  readonly authorizationEndpoint: string;
  readonly tokenEndpoint: string;
  readonly revocationEndpoint: string | null;
  readonly userinfoEndpoint: string | null;
  readonly issParameterSupported: boolean;
  readonly codeChallengeMethods: readonly string[];
}

export function createDiscoveryRequest(issuer: string): HttpRequest {
  const base = issuer.replace(/\/+$/, '');
  return { method: 'GET', url: `${base}/.well-known/openid-configuration`, headers: { accept: 'application/json' }, timeoutMs: 15_000 };
}

function fail(issuer: string, what: string): TokenEndpointError {
  return new TokenEndpointError('discovery_invalid', `The metadata of ${issuer} is unusable: ${what}.`, {
    hint: 'Check the issuer URL (it must be the exact issuer, without /.well-known/…), or enter the endpoints manually.',
  });
}

function endpoint(fields: Record<string, unknown>, name: string, issuer: string, required: boolean): string | null {
  const value = fields[name];
  if (value === undefined && !required) return null;
  if (typeof value !== 'string') throw fail(issuer, `"${name}" is missing`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw fail(issuer, `"${name}" is not a URL`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && url.hostname === '127.0.0.1')) throw fail(issuer, `"${name}" is not https`);
  return value;
}

export function processDiscoveryResponse(response: HttpResponse, expectedIssuer: string): ServerMetadata {
  if (response.status !== 200) throw fail(expectedIssuer, `the server answered HTTP ${response.status}`);
  const body = parseJsonBody(response);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw fail(expectedIssuer, 'it is not a JSON object');
  const fields = body as Record<string, unknown>;
  // RFC 8414 3.3: the issuer in the document must be identical to the one it was fetched for.
  if (fields.issuer !== expectedIssuer) throw fail(expectedIssuer, 'it names a different issuer');
  const methods = Array.isArray(fields.code_challenge_methods_supported)
    ? fields.code_challenge_methods_supported.filter((m): m is string => typeof m === 'string')
    : [];
  return {
    issuer: expectedIssuer,
    authorizationEndpoint: endpoint(fields, 'authorization_endpoint', expectedIssuer, true) as string,
    tokenEndpoint: endpoint(fields, 'token_endpoint', expectedIssuer, true) as string,
    revocationEndpoint: endpoint(fields, 'revocation_endpoint', expectedIssuer, false),
    userinfoEndpoint: endpoint(fields, 'userinfo_endpoint', expectedIssuer, false),
    issParameterSupported: fields.authorization_response_iss_parameter_supported === true,
    codeChallengeMethods: methods,
  };
}
