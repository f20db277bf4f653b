/** The production HttpClient: got, with redirects off (token and API calls never follow them). */
import got, { RequestError as GotRequestError } from 'got';
import { NetworkError } from '../errors.ts';
import type { HttpClient, HttpRequest, HttpResponse } from './http-client.ts';

const DEFAULT_TIMEOUT_MS = 30_000;

function describeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the server';
  }
}

export function createGotHttpClient(userAgent = 'OAuthDesk/0.1'): HttpClient {
  const client = got.extend({
    followRedirect: false,
    throwHttpErrors: false,
    retry: { limit: 0 },
    responseType: 'text',
    headers: { 'user-agent': userAgent },
  });
  return {
    async request(request: HttpRequest): Promise<HttpResponse> {
      try {
        const response = await client(request.url, {
          method: request.method,
          headers: { ...request.headers },
          ...(request.form ? { form: { ...request.form } } : {}),
          timeout: { request: request.timeoutMs ?? DEFAULT_TIMEOUT_MS },
        });
        const headers: Record<string, string | undefined> = {};
        for (const [name, value] of Object.entries(response.headers)) {
          headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
        }
        return { status: response.statusCode, headers, body: String(response.body) };
      } catch (cause) {
        const host = describeHost(request.url);
        const code = cause instanceof GotRequestError ? cause.code : undefined;
        // got's own error messages can contain the URL; only the host and the error code are kept.
        throw new NetworkError(
          code === 'ETIMEDOUT' ? 'network_timeout' : 'network_unreachable',
          code === 'ETIMEDOUT' ? `${host} did not answer in time.` : `${host} could not be reached${code ? ` (${code})` : ''}.`,
          { hint: 'Check your internet connection (and proxy or VPN), then try again.', cause },
        );
      }
    },
  };
}
