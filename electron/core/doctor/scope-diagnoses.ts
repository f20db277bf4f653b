/**
 * Failures about permissions (scopes): the API says the token lacks one (S18: only a new consent
 * adds it, a refresh cannot), the person unticked some at consent, or the provider refuses a
 * requested scope outright.
 */
import type { Doctor } from './diagnosis-parts.ts';
import { consoleLink, consoleName, listInWords, textFact } from './diagnosis-parts.ts';

/** `scope_missing`: the API refused the token for lack of a permission (403 insufficient_scope). */
export const scopeNotGranted: Doctor = (_failure, context) => {
  const p = context.providerName;
  const declined = context.declinedScopes ?? [];
  const happened = `${p} refused to hand over this data: the connection's access token does not carry the permission it needs.`;
  const noRefresh = 'Renewing the token cannot add a permission; only a new consent can.';
  if (declined.length > 0) {
    return {
      id: 'scope_declined',
      happened,
      cause: `At sign-in, ${p} did not grant ${listInWords(declined)}: ${declined.length === 1 ? 'its box was' : 'their boxes were'} probably unticked on the consent page. ${noRefresh}`,
      fix: ['Click Re-authorize and leave every permission ticked on the consent page.'],
      facts: [textFact(declined.length === 1 ? 'Permission not granted' : 'Permissions not granted', declined.join(' '), true)],
      link: null,
      action: 'reauthorize',
    };
  }
  return {
    id: 'scope_not_granted',
    happened,
    cause: `The connection was granted fewer permissions than this data needs: one was declined on the consent page, OAuth Desk does not ask for it, or ${p} does not let this client have it (for example, its API is not enabled for the client). ${noRefresh}`,
    fix: [
      'Click Re-authorize and approve every permission on the consent page.',
      `If it fails again, check in ${consoleName(context)} that the client may use this API and scope; for a custom provider, add the scope in Settings.`,
    ],
    facts: [],
    link: consoleLink(context),
    action: 'reauthorize',
  };
};

/** `invalid_scope`: the provider refused one of the requested scopes. */
export const scopeInvalid: Doctor = (_failure, context) => {
  const p = context.providerName;
  const requested = context.requestedScopes ?? [];
  return {
    id: 'scope_invalid',
    happened: `${p} refused the permissions (scopes) OAuth Desk asked for, before showing any consent page.`,
    cause: `One of the scopes is misspelled, belongs to another provider, or is not enabled for this client at ${p} (some scopes need their API turned on, or the app reviewed, first).`,
    fix: [
      `Compare the requested scopes with those the client may use in ${consoleName(context)}.`,
      'For a custom provider, correct the scopes in Settings. Then click Connect.',
    ],
    facts: requested.length === 0 ? [] : [textFact('Scopes requested', requested.join(' '), true)],
    link: consoleLink(context),
    action: 'settings',
  };
};
