/**
 * Failures on the sign-in page: the in-app window refused or unavailable (switch to the system
 * browser), and a declined or blocked consent.
 */
import type { Doctor } from './diagnosis-parts.ts';
import { consoleLink, consoleName } from './diagnosis-parts.ts';

/**
 * `embedded_window_refused` (or any failure carrying Google's `disallowed_useragent`): the sign-in
 * page answered the in-app window with 403.
 */
export const embeddedWindowRefused: Doctor = (_failure, context) => {
  const p = context.providerName;
  return {
    id: 'embedded_window_refused',
    happened: `${p}'s sign-in page refused to open in OAuth Desk's in-app window, so the sign-in could not start.`,
    cause:
      context.rules?.embeddedWindow === 'refused'
        ? `${p} blocks sign-in from windows embedded in apps (Google calls this "disallowed_useragent"), because an app could watch what you type there; it accepts only a real browser.`
        : `${p}'s sign-in page answered the in-app window with "403 Forbidden". Some sign-in pages (and the logins they lead to, such as "Sign in with Google") refuse windows embedded in apps, because an app could watch what you type there.`,
    fix: [`Switch ${p}'s sign-in mode to "System browser", then click Connect: the page opens in your usual browser and the answer comes back to OAuth Desk.`],
    facts: [],
    link: null,
    action: 'use-system-browser',
  };
};

/** `app_window_failed`, `app_window_unavailable`: the in-app window could not be used here. */
export const appWindowUnavailable: Doctor = (_failure, context) => ({
  id: 'app_window_unavailable',
  happened: 'The sign-in could not start, because OAuth Desk could not show its in-app sign-in window.',
  cause:
    context.authMode === 'app-window'
      ? 'This copy of OAuth Desk cannot open the in-app window (for example, it runs as the web host in a browser), or the window failed to open.'
      : 'The in-app window is not available in this copy of OAuth Desk.',
  fix: [`Switch ${context.providerName}'s sign-in mode to "System browser", then click Connect.`],
  facts: [],
  link: null,
  action: 'use-system-browser',
});

/** `access_denied`: the consent was declined, or the provider blocked the app for this account. */
export const accessDenied: Doctor = (_failure, context) => {
  const p = context.providerName;
  return {
    id: 'access_denied',
    happened: `${p} sent the sign-in back without giving OAuth Desk access.`,
    cause: `Cancel or Deny was clicked on ${p}'s consent page, or ${p} blocked this app for the account: for example, an app still in testing that lets in only listed test users, or an administrator's policy.`,
    fix: [
      'Click Connect and approve the requested permissions on the consent page.',
      `If ${p} said the app is blocked or not verified, add the account as a test user (or publish the app) in ${consoleName(context)}, or ask the account's administrator.`,
    ],
    facts: [],
    link: consoleLink(context),
    action: 'connect',
  };
};
