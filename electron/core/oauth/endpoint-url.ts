/**
 * Which URLs the app sends OAuth requests to: https, or plain http only to this machine (a local
 * development server such as the Sandbox). One rule for authorization, token, discovery and
 * provider settings.
 */
export const LOOPBACK_HOSTS: readonly string[] = Object.freeze(['127.0.0.1', 'localhost', '[::1]']);

export function isAllowedEndpoint(url: URL): boolean {
  return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.includes(url.hostname));
}
