/** Authorization server metadata (RFC 8414 / OpenID Connect Discovery) as a request/process pair. */
import { TokenEndpointError } from '../errors.ts';
import type { HttpClient, HttpRequest, HttpResponse } from '../http/http-client.ts';
import { parseJsonBody } from '../http/http-client.ts';
import { isAllowedEndpoint } from './endpoint-url.ts';

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

/**
 * RFC 8414 3.1: the well-known segment goes between the host and the issuer's path
 * (`https://as.example/tenant` → `https://as.example/.well-known/oauth-authorization-server/tenant`).
 */
export function createAuthorizationServerMetadataRequest(issuer: string): HttpRequest {
  const url = new URL(issuer);
  const path = url.pathname === '/' ? '' : url.pathname.replace(/\/+$/, '');
  return { method: 'GET', url: `${url.origin}/.well-known/oauth-authorization-server${path}`, headers: { accept: 'application/json' }, timeoutMs: 15_000 };
}

/**
 * OpenID Connect discovery first, then RFC 8414 metadata when the server has no OpenID document
 * (404 or another non-200 answer). A document that names another issuer is never tried around.
 */
export async function discoverServerMetadata(http: HttpClient, issuer: string): Promise<ServerMetadata> {
  const openId = await http.request(createDiscoveryRequest(issuer));
  if (openId.status === 200) return processDiscoveryResponse(openId, issuer);
  const oauth = await http.request(createAuthorizationServerMetadataRequest(issuer));
  if (oauth.status === 200) return processDiscoveryResponse(oauth, issuer);
  throw new TokenEndpointError('discovery_failed', `${issuer} publishes no metadata: both the OpenID Connect and the RFC 8414 addresses answered with an error (HTTP ${openId.status} and ${oauth.status}).`, {
    hint: 'Check the issuer URL (the exact issuer, without /.well-known/…), or enter the authorization and token endpoints manually.',
  });
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
  if (!isAllowedEndpoint(url)) throw fail(issuer, `"${name}" is not https`);
  // An https issuer's endpoints stay on https: a plain-http loopback endpoint there would hand the
  // code and the client secret to whatever program listens on this machine.
  if (new URL(issuer).protocol === 'https:' && url.protocol !== 'https:') throw fail(issuer, `"${name}" is not https although the issuer is`);
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
