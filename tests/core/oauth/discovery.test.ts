import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createAuthorizationServerMetadataRequest, discoverServerMetadata, processDiscoveryResponse } from '../../../electron/core/oauth/discovery.ts';
import type { HttpClient, HttpRequest } from '../../../electron/core/http/http-client.ts';

const metadata = (issuer: string) => ({
  issuer,
  authorization_endpoint: `${issuer}/authorize`,
  token_endpoint: `${issuer}/token`,
  revocation_endpoint: `${issuer}/revoke`,
  code_challenge_methods_supported: ['S256'],
});

function serving(documents: Record<string, object>): { http: HttpClient; asked: string[] } {
  const asked: string[] = [];
  const http: HttpClient = {
    request: async (req: HttpRequest) => {
      asked.push(req.url);
      const doc = documents[req.url];
      return doc ? { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(doc) } : { status: 404, headers: {}, body: 'Not Found' };
    },
  };
  return { http, asked };
}

test('RFC 8414: the well-known segment goes between the host and the issuer path', () => {
  assert.equal(createAuthorizationServerMetadataRequest('https://as.example').url, 'https://as.example/.well-known/oauth-authorization-server');
  assert.equal(createAuthorizationServerMetadataRequest('https://as.example/tenant/a/').url, 'https://as.example/.well-known/oauth-authorization-server/tenant/a');
});

test('OpenID Connect discovery is tried first; a plain OAuth server is found through RFC 8414 metadata', async () => {
  const oidc = serving({ 'https://id.example/.well-known/openid-configuration': metadata('https://id.example') });
  assert.equal((await discoverServerMetadata(oidc.http, 'https://id.example')).tokenEndpoint, 'https://id.example/token');
  assert.deepEqual(oidc.asked, ['https://id.example/.well-known/openid-configuration']);

  const oauth = serving({ 'https://as.example/.well-known/oauth-authorization-server/tenant': metadata('https://as.example/tenant') });
  const found = await discoverServerMetadata(oauth.http, 'https://as.example/tenant');
  assert.equal(found.authorizationEndpoint, 'https://as.example/tenant/authorize');
  assert.equal(found.revocationEndpoint, 'https://as.example/tenant/revoke');
  assert.deepEqual(oauth.asked, ['https://as.example/tenant/.well-known/openid-configuration', 'https://as.example/.well-known/oauth-authorization-server/tenant']);
});

test('no metadata at either address is one error naming both answers; a document for another issuer is refused', async () => {
  await assert.rejects(discoverServerMetadata(serving({}).http, 'https://none.example'), (e: unknown) => {
    const err = e as { code?: string; message?: string; hint?: string };
    return err.code === 'discovery_failed' && /HTTP 404 and 404/.test(err.message ?? '') && /enter the authorization and token endpoints manually/.test(err.hint ?? '');
  });
  const impostor = serving({ 'https://as.example/.well-known/oauth-authorization-server': metadata('https://evil.example') });
  await assert.rejects(discoverServerMetadata(impostor.http, 'https://as.example'), (e: unknown) => (e as { code?: string }).code === 'discovery_invalid');
});

test('S12 an https issuer whose metadata names a plain-http loopback endpoint is refused (the code and secret would go to any local program)', () => {
  const issuer = 'https://login.example.test';
  const body = { issuer, authorization_endpoint: `${issuer}/authorize`, token_endpoint: 'http://127.0.0.1:8080/token' };
  const response = { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
  assert.throws(() => processDiscoveryResponse(response, issuer), /token_endpoint.*not https/);
  const local = 'http://127.0.0.1:9000';
  const loopback = { issuer: local, authorization_endpoint: `${local}/authorize`, token_endpoint: `${local}/token` };
  assert.equal(processDiscoveryResponse({ status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(loopback) }, local).tokenEndpoint, `${local}/token`, 'a loopback issuer keeps its loopback endpoints');
});
