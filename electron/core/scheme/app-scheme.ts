/**
 * The app's private-use URI scheme (RFC 8252 7.1): reverse-DNS of a domain the app controls, so no
 * other app has a reason to claim it. The redirect is `com.oauthdesk.app:/callback` — one slash: the
 * URI has a path and no authority. The packaging registers the same scheme (electron-builder.yml).
 */
export const APP_URI_SCHEME = 'com.oauthdesk.app';
export const SCHEME_REDIRECT_PATH = '/callback';
export const SCHEME_REDIRECT_URI = `${APP_URI_SCHEME}:${SCHEME_REDIRECT_PATH}`;
