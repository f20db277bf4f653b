/**
 * Google Health: today's heart rate from the Google Health API, the successor of the Fitbit Web API
 * (turned off on 2 November 2026). Signs in with Google OAuth exactly like Google (same client
 * unless Google Health has its own) and asks for the health metrics scope, a restricted scope
 * Google reviews.
 */
import { HEALTH_HEART_RATE_SCOPE, fetchHeartRateToday } from '../data/google-health-heart-rate.ts';
import { fetchUserinfoProfile } from '../data/userinfo-profile.ts';
import { panel } from '../settle.ts';
import type { BuiltInProviderSpec } from './built-in-provider.ts';
import type { GoogleEndpoints } from './google.ts';
import { GOOGLE_COMMON, GOOGLE_ENDPOINTS, GOOGLE_SIGN_IN_SCOPES } from './google.ts';

export interface GoogleHealthEndpoints extends Omit<GoogleEndpoints, 'gmail'> {
  /** `https://health.googleapis.com` */
  readonly health: string;
}

export const GOOGLE_HEALTH_ENDPOINTS: GoogleHealthEndpoints = Object.freeze({
  issuer: GOOGLE_ENDPOINTS.issuer,
  authorization: GOOGLE_ENDPOINTS.authorization,
  token: GOOGLE_ENDPOINTS.token,
  revocation: GOOGLE_ENDPOINTS.revocation,
  userinfo: GOOGLE_ENDPOINTS.userinfo,
  health: 'https://health.googleapis.com',
});

export const FITBIT_RETIRED_NOTICE =
  'Coming from Fitbit? The Fitbit Web API was turned off on 2 November 2026. Your Fitbit data now comes through the Google Health API: sign in with the Google account your Fitbit is linked to.';

export function googleHealthSpec(endpoints: GoogleHealthEndpoints = GOOGLE_HEALTH_ENDPOINTS): BuiltInProviderSpec {
  const name = 'Google Health';
  return {
    ...GOOGLE_COMMON,
    id: 'google-health',
    displayName: name,
    description: "Today's heart rate from the Google Health API, with your resting heart rate when there is one.",
    notice: FITBIT_RETIRED_NOTICE,
    sharesClientOf: 'google',
    setupSteps: `${GOOGLE_COMMON.setupSteps} Enable the Google Health API for the client's project; it uses Google's client unless you enter one here.`,
    issuer: endpoints.issuer,
    endpoints,
    scopes: [...GOOGLE_SIGN_IN_SCOPES, HEALTH_HEART_RATE_SCOPE],
    fetchIdentity: (http, token) => fetchUserinfoProfile(http, endpoints.userinfo, token, name),
    fetchData: (http, token, { now }) =>
      Promise.all([panel('heart-rate', 'heart-rate', 'Heart rate today', () => fetchHeartRateToday(http, endpoints.health, token, { now, providerName: name }))]),
  };
}
