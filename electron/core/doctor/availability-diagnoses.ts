/**
 * Failures that are not about the person's settings: rate limits (with the reset time the provider
 * gave, or an honest "unknown"), the provider's outages, the network, and retired APIs and OAuth
 * endpoints (HTTP 410). On refresh the tokens are kept and the app retries on its own (S17). After a
 * disconnect nothing is retried: the local tokens are already gone (S19).
 */
import type { DiagnosisFact } from '../../shared/diagnosis.ts';
import type { Doctor } from './diagnosis-parts.ts';
import { afterDisconnect, againAction, consoleLink, doingWhat, hasPassed, resetTime, textFact, timeFact, tryAgainStep } from './diagnosis-parts.ts';

const KEEPS_TOKENS = "Nothing to change: OAuth Desk keeps the connection's tokens and tries again on its own.";

/** `rate_limited`: the provider refuses requests for now (429, or Google's 403 rateLimitExceeded). */
export const rateLimited: Doctor = (failure, context) => {
  const p = context.providerName;
  const resets = resetTime(failure, context);
  const what = context.phase === 'data' ? 'API requests' : context.phase === 'disconnect' ? 'revocation requests' : 'token requests';
  const cause = `${p} allows only so many requests per client, per account and per time window, and this limit was reached, by OAuth Desk or by another app that uses the same client.`;
  if (context.phase === 'disconnect') {
    return {
      id: 'rate_limited',
      happened: `${p} refused to revoke the connection's tokens for now, because too many requests were made, so it did not confirm that they stopped working.`,
      cause,
      fix: afterDisconnect(context),
      facts: [],
      link: consoleLink(context),
      action: 'none',
    };
  }
  const keeps = context.phase === 'refresh' ? [KEEPS_TOKENS] : [];
  if (resets !== null && hasPassed(resets, context)) {
    // A reset time in the past is no time to wait for: the limit should be over.
    return {
      id: 'rate_limited',
      happened: `${p} refused ${what} for a while, because too many were made.`,
      cause,
      fix: [...keeps, `The limit should have reset by now: the reset time ${p} gave has passed. ${tryAgainStep(context)}`],
      facts: [],
      link: null,
      action: 'retry',
    };
  }
  const fact: DiagnosisFact = resets === null ? textFact('Resets at', `Unknown (${p} did not say when)`) : timeFact('Resets at', resets);
  const wait = resets === null ? `Wait a few minutes (${p} did not say how long), then try again.` : 'Wait until the time below, then try again.';
  return {
    id: 'rate_limited',
    happened: `${p} is refusing ${what} for a while, because too many were made.`,
    cause,
    fix: [...keeps, wait],
    facts: [fact],
    link: null,
    action: 'wait',
  };
};

/** `provider_unavailable`: the provider's server failed (5xx, server_error, temporarily_unavailable). */
export const providerUnavailable: Doctor = (failure, context) => {
  const p = context.providerName;
  const retry = resetTime(failure, context);
  const happened = `${p}'s server failed while OAuth Desk was ${doingWhat(context)}: the error is on ${p}'s side, not in your settings.`;
  const cause = `${p} is having an outage or is overloaded; the request OAuth Desk sent was in order.`;
  if (context.phase === 'disconnect') {
    return { id: 'provider_unavailable', happened, cause, fix: afterDisconnect(context), facts: [], link: consoleLink(context), action: 'none' };
  }
  const fix = context.phase === 'refresh' ? [KEEPS_TOKENS] : [];
  const passed = retry !== null && hasPassed(retry, context);
  if (retry === null) fix.push(`Wait a minute. ${tryAgainStep(context)}`);
  else if (passed) fix.push(`${p} should be back by now: the time it gave to try again has passed. ${tryAgainStep(context)}`);
  else fix.push(`Wait until the time below. ${tryAgainStep(context)}`);
  fix.push(`If it lasts, check ${p}'s status page.`);
  return {
    id: 'provider_unavailable',
    happened,
    cause,
    fix,
    facts: retry === null || passed ? [] : [timeFact('Try again after', retry)],
    link: null,
    action: passed ? 'retry' : retry === null ? againAction(context) : 'wait',
  };
};

/** `network_unreachable`, `network_timeout`: the provider could not be reached. */
export const networkFailed: Doctor = (failure, context) => {
  const p = context.providerName;
  const timedOut = failure.code === 'network_timeout';
  const id = timedOut ? 'network_timeout' : 'network_unreachable';
  const happened = timedOut
    ? `${p}'s server did not answer in time while OAuth Desk was ${doingWhat(context)}.`
    : `OAuth Desk could not reach ${p}'s server while ${doingWhat(context)}.`;
  const cause = 'This computer is offline or on a slow connection, a proxy, VPN or firewall is in the way, or the provider\'s server is down.';
  if (context.phase === 'disconnect') {
    return { id, happened: `${happened} ${p} may still accept the connection's tokens until they expire.`, cause, fix: afterDisconnect(context), facts: [], link: consoleLink(context), action: 'none' };
  }
  return {
    id,
    happened,
    cause,
    fix: [
      'Check the internet connection, and any proxy or VPN.',
      context.phase === 'refresh' ? "OAuth Desk keeps the connection's tokens and tries again when the network is back." : tryAgainStep(context),
    ],
    facts: [],
    link: null,
    action: againAction(context),
  };
};

/**
 * `api_retired`: an API, or the provider's token or revocation endpoint, answered 410 Gone. Providers
 * do retire them: the Fitbit Web API and its legacy OAuth endpoints answer 410 since 2 November 2026.
 */
export const apiRetired: Doctor = (failure, context) => {
  const p = context.providerName;
  const facts = [textFact('HTTP status', `${failure.status ?? 410} Gone`)];
  const update = 'Check for an update of OAuth Desk that uses the provider\'s current endpoints.';
  if (context.phase === 'disconnect') {
    return {
      id: 'api_retired',
      happened: `${p}'s revocation endpoint answered "410 Gone": ${p} has retired it, so it could not confirm that the connection's tokens stopped working.`,
      cause: `${p} has turned this OAuth endpoint off for good. Providers do retire old endpoints: the legacy Fitbit OAuth endpoints, for example, answer 410 since 2 November 2026.`,
      fix: [...afterDisconnect(context), update],
      facts,
      link: consoleLink(context),
      action: 'none',
    };
  }
  const atTokenEndpoint = failure.fromTokenEndpoint ?? context.phase !== 'data';
  if (atTokenEndpoint) {
    const custom = 'For a custom provider, enter its current endpoints (or its issuer) in Settings.';
    return {
      id: 'api_retired',
      happened:
        context.phase === 'refresh'
          ? `${p}'s token endpoint answered "410 Gone" when OAuth Desk tried to renew the connection's access: ${p} has retired the OAuth endpoint this connection uses.`
          : `${p}'s token endpoint answered "410 Gone": ${p} has retired the OAuth endpoint OAuth Desk signs in with, so no tokens were issued.`,
      cause: `${p} has turned this OAuth endpoint off for good, usually after moving sign-in to a new one. Providers do retire old endpoints: the legacy Fitbit OAuth endpoints, for example, answer 410 since 2 November 2026.`,
      fix: [
        context.phase === 'refresh'
          ? 'Renewing again, or signing in again at the same address, will not help: the endpoint no longer exists.'
          : 'Signing in again at the same address will not help: the endpoint no longer exists.',
        `${update} ${custom}`,
      ],
      facts,
      link: null,
      action: 'none',
    };
  }
  return {
    id: 'api_retired',
    happened: `${p} answered "410 Gone": the API address OAuth Desk called no longer exists.`,
    cause: `${p} has turned this API, or this version of it, off for good. Providers do retire APIs: the Fitbit Web API, for example, was turned off on 2 November 2026.`,
    fix: [
      "Signing in again will not help: the data has to come from the provider's current API.",
      'Check for an update of OAuth Desk. For a custom provider, change its data URL in Settings to the current API.',
    ],
    facts,
    link: null,
    action: 'none',
  };
};
