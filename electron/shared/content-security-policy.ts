/**
 * The renderer's Content-Security-Policy, defined once for both hosts (the `app://` protocol and
 * the web channel) and for the meta tag in renderer/index.html (a test keeps that tag equal to
 * RENDERER_CSP_META).
 */

const DIRECTIVES: readonly string[] = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: https:",
  "connect-src 'self'",
  "font-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
];

/** The policy as a `<meta http-equiv>` tag can carry it: browsers ignore `frame-ancestors` there (and log an error). */
export const RENDERER_CSP_META = DIRECTIVES.join('; ');

/** The policy sent as a response header on every renderer response. */
export const RENDERER_CSP = `${RENDERER_CSP_META}; frame-ancestors 'none'`;
