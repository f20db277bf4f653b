/**
 * Failures that are not about the person's settings: rate limits (with the reset time the provider
 * gave, or an honest "unknown"), the provider's outages, the network, and retired APIs (HTTP 410).
 * On refresh the tokens are kept and the app retries on its own (S17).
 */
import type { DiagnosisFact } from '../../shared/diagnosis.ts';
import type { Doctor } from './diagnosis-parts.ts';
import { againAction, doingWhat, resetTime, textFact, timeFact, tryAgainStep } from './diagnosis-parts.ts';

const KEEPS_TOKENS = "Nothing to change: OAuth Desk keeps the connection's tokens and tries again on its own.";

/** `rate_limited`: the provider refuses requests for now (429, or Google's 403 rateLimitExceeded). */
export const rateLimited: Doctor = (failure, context) => {
  const p = context.providerName;
  const resets = resetTime(failure, context);
  const what = context.phase === 'data' ? 'API requests' : context.phase === 'disconnect' ? 'revocation requests' : 'token requests';
  const fact: DiagnosisFact = resets === null ? textFact('Resets at', `Unknown (${p} did not say when)`) : timeFact('Resets at', resets);
  const wait = resets === null ? `Wait a few minutes (${p} did not say how long), then try again.` : 'Wait until the time below, then try again.';
  return {
    id: 'rate_limited',
    happened: `${p} is refusing ${what} for a while, because too many were made.`,
    cause: `${p} allows only so many requests per client, per account and per time window, and this limit was reached, by OAuth Desk or by another app that uses the same client.`,
    fix: context.phase === 'refresh' ? [KEEPS_TOKENS, wait] : [wait],
    facts: [fact],
    link: null,
    action: 'wait',
  };
};

/** `provider_unavailable`: the provider's server failed (5xx, server_error, temporarily_unavailable). */
export const providerUnavailable: Doctor = (failure, context) => {
  const p = context.providerName;
  const retry = resetTime(failure, context);
  const fix = context.phase === 'refresh' ? [KEEPS_TOKENS] : [];
  fix.push(retry === null ? `Wait a minute. ${tryAgainStep(context)}` : `Wait until the time below. ${tryAgainStep(context)}`);
  fix.push(`If it lasts, check ${p}'s status page.`);
  return {
    id: 'provider_unavailable',
    happened: `${p}'s server failed while OAuth Desk was ${doingWhat(context)}: the error is on ${p}'s side, not in your settings.`,
    cause: `${p} is having an outage or is overloaded; the request OAuth Desk sent was in order.`,
    fix,
    facts: retry === null ? [] : [timeFact('Try again after', retry)],
    link: null,
    action: retry === null ? againAction(context) : 'wait',
  };
};

/** `network_unreachable`, `network_timeout`: the provider could not be reached. */
export const networkFailed: Doctor = (failure, context) => {
  const p = context.providerName;
  const timedOut = failure.code === 'network_timeout';
  return {
    id: timedOut ? 'network_timeout' : 'network_unreachable',
    happened: timedOut
      ? `${p}'s server did not answer in time while OAuth Desk was ${doingWhat(context)}.`
      : `OAuth Desk could not reach ${p}'s server while ${doingWhat(context)}.`,
    cause: 'This computer is offline or on a slow connection, a proxy, VPN or firewall is in the way, or the provider\'s server is down.',
    fix: [
      'Check the internet connection, and any proxy or VPN.',
      context.phase === 'refresh' ? "OAuth Desk keeps the connection's tokens and tries again when the network is back." : tryAgainStep(context),
    ],
    facts: [],
    link: null,
    action: againAction(context),
  };
};

/** `api_retired`: the API answered 410 Gone. */
export const apiRetired: Doctor = (failure, context) => {
  const p = context.providerName;
  return {
    id: 'api_retired',
    happened: `${p} answered "410 Gone": the API address OAuth Desk called no longer exists.`,
    cause: `${p} has turned this API, or this version of it, off for good. Providers do retire APIs: the Fitbit Web API, for example, was turned off on 2 November 2026.`,
    fix: [
      "Signing in again will not help: the data has to come from the provider's current API.",
      'Check for an update of OAuth Desk. For a custom provider, change its data URL in Settings to the current API.',
    ],
    facts: [textFact('HTTP status', `${failure.status ?? 410} Gone`)],
    link: null,
    action: 'none',
  };
};
