/**
 * A revocation the provider did not confirm (RFC 7009, S19). Disconnect has already wiped the
 * connection and its tokens on this computer, so nothing is retried: the advice is to end the access
 * at the provider. The HTTP status tells a rate limit, an outage and a refusal apart.
 */
import type { Doctor } from './diagnosis-parts.ts';
import { afterDisconnect, consoleLink, consoleName, httpStatusOf, textFact } from './diagnosis-parts.ts';

/** `revocation_failed`: the revocation endpoint answered 429, 5xx or another error. */
export const revocationNotConfirmed: Doctor = (failure, context) => {
  const p = context.providerName;
  const status = httpStatusOf(failure);
  const stillValid = `Until then, or until they expire, ${p} may still accept the tokens it issued for the connection.`;
  const base = {
    id: 'revocation_not_confirmed',
    fix: afterDisconnect(context),
    facts: status === null ? [] : [textFact('HTTP status', String(status))],
    link: consoleLink(context),
    action: 'none' as const,
  };
  if (status === 429) {
    return {
      ...base,
      happened: `${p} refused to revoke the connection's tokens for now, because too many requests were made (HTTP 429).`,
      cause: `${p} allows only so many requests per client and per time window, and that limit was reached. ${stillValid}`,
    };
  }
  if (status !== null && status >= 500) {
    return {
      ...base,
      happened: `${p}'s server failed while revoking the connection's tokens (HTTP ${status}), so it did not confirm that they stopped working.`,
      cause: `The error is on ${p}'s side: an outage or an overload, not your settings. ${stillValid}`,
    };
  }
  return {
    ...base,
    happened: `${p} refused to revoke the connection's tokens${status === null ? '' : ` (HTTP ${status})`}, so it did not confirm that they stopped working.`,
    cause: `${p}'s revocation endpoint did not accept the request: it may want the client to authenticate another way (see the client in ${consoleName(context)}), or not support revoking this kind of token. ${stillValid}`,
  };
};
