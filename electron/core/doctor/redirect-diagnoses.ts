/**
 * Failures around the redirect URI: the provider refused it, the sign-in never came back (a provider
 * that needs the exact URI registered shows its own error page instead of redirecting), or the
 * fixed loopback port is taken.
 */
import type { Diagnosis, DiagnosisFact } from '../../shared/diagnosis.ts';
import type { DoctorContext } from './doctor-context.ts';
import type { Doctor } from './diagnosis-parts.ts';
import { consoleLink, consoleName, registersExactly, textFact, usesAnyPort } from './diagnosis-parts.ts';

const ANY_PORT_STEP =
  'This provider is set to use any free port, so the redirect URI changes at every sign-in, and a server that needs the exact URI cannot accept that: set a fixed port in its Settings, then register that exact URI.';

/**
 * Why an any-loopback-port provider (Google) still refuses a loopback redirect: the client ID is not a
 * desktop client. A "Web application" client accepts registered redirect URIs only, and Google then
 * shows "Error 400: redirect_uri_mismatch" on its own page instead of sending the sign-in back.
 */
function clientTypeCause(context: DoctorContext): string {
  return `${context.providerName} accepts a loopback redirect URI on any port without registration only for desktop ("native") clients. The client ID in Settings probably belongs to another client type, such as a web application, which accepts registered redirect URIs only.`;
}

function clientTypeStep(context: DoctorContext): string {
  return `In ${consoleName(context)}, check the type of the client whose ID is in Settings. If it is not a desktop app client, create one of type "Desktop app" and enter its client ID and secret in Settings.`;
}

/** The exact URI as a copyable fact, when the app knows it. */
function uriToRegister(context: DoctorContext): DiagnosisFact[] {
  return context.redirectUri === null ? [] : [textFact('Redirect URI to register', context.redirectUri, true)];
}

/** `add` when the provider said the URI is wrong, `check` when it only may be. */
function registerStep(context: DoctorContext, verb: 'add' | 'check'): string {
  const where = `In ${consoleName(context)}, `;
  if (context.redirectUri === null) {
    return verb === 'add'
      ? `${where}register the redirect URI shown in this provider's Settings, character for character.`
      : `${where}check that the redirect URI shown in this provider's Settings is registered, character for character.`;
  }
  return verb === 'add'
    ? `${where}add the redirect URI below to the client, character for character (no trailing slash).`
    : `${where}check that the redirect URI below is registered for the client, character for character (no trailing slash).`;
}

/** The URI the sign-in used; Settings' port-less form is shown with its port left open, nothing to copy. */
function usedUri(uri: string | null): DiagnosisFact[] {
  if (uri === null) return [];
  if (!usesAnyPort(uri)) return [textFact('Redirect URI used', uri, true)];
  const url = new URL(uri);
  return [textFact('Redirect URI', `${url.protocol}//${url.hostname}:<any port>${url.pathname}`)];
}

/** `redirect_uri_mismatch`: the provider refused the redirect URI, at the authorization or the token endpoint. */
export const redirectNotRegistered: Doctor = (_failure, context) => {
  const p = context.providerName;
  const happened = `${p} would not send the sign-in back to the address OAuth Desk gave it (the redirect URI), so no tokens were issued.`;
  if (registersExactly(context)) {
    const anyPort = usesAnyPort(context.redirectUri);
    return {
      id: 'redirect_uri_not_registered',
      happened,
      cause: `${p} sends a sign-in back only to a redirect URI registered for the client, matched exactly: scheme, host, port and path. This one is not registered there, or differs in a character (a port, a trailing slash, "localhost" instead of 127.0.0.1).`,
      fix: anyPort ? [ANY_PORT_STEP, 'Click Connect.'] : [registerStep(context, 'add'), 'Save the change there, then click Connect.'],
      facts: uriToRegister(context),
      link: consoleLink(context),
      action: anyPort || context.redirectUri === null ? 'settings' : 'connect',
    };
  }
  return {
    id: 'redirect_uri_not_registered',
    happened,
    cause: clientTypeCause(context),
    fix: [clientTypeStep(context), 'Then click Connect.'],
    facts: usedUri(context.redirectUri),
    link: consoleLink(context),
    action: 'settings',
  };
};

/**
 * `attempt_timed_out`: nothing came back to the redirect URI in time. For a provider that needs the
 * exact URI registered, the likely cause is the provider's own error page ("Invalid OAuth2
 * redirect_uri" at Discord, "Something went wrong" at X), which never redirects. At a provider that
 * takes any loopback port and whose clients the person registers (Google, with its console known),
 * it is the client type: a "Web application" client gets "Error 400: redirect_uri_mismatch" there.
 */
export const signInNotFinished: Doctor = (_failure, context) => {
  const p = context.providerName;
  const happened = `OAuth Desk opened ${p}'s sign-in page but never received the answer at its redirect URI, so it stopped waiting.`;
  if (registersExactly(context)) {
    const anyPort = usesAnyPort(context.redirectUri);
    const fix: string[] = anyPort ? [ANY_PORT_STEP] : [registerStep(context, 'check')];
    fix.push('Click Connect and finish signing in on the page that opens.');
    const diagnosis: Diagnosis = {
      id: 'sign_in_not_finished',
      happened,
      cause: `If ${p}'s page showed an error such as "Invalid OAuth2 redirect_uri" or "Something went wrong", the redirect URI is most likely not registered exactly: ${p} then shows its own error page and never sends you back. Otherwise the page was left unfinished or closed.`,
      fix,
      facts: uriToRegister(context),
      link: consoleLink(context),
      action: 'connect',
    };
    return diagnosis;
  }
  const notShown = 'If no page appears, use "Open sign-in page" on the card to open it yourself.';
  if (consoleLink(context) !== null) {
    return {
      id: 'sign_in_not_finished',
      happened,
      cause: `If ${p}'s page showed "Error 400: redirect_uri_mismatch", the client is of the wrong type: ${clientTypeCause(context)} ${p} then shows that error page and never sends you back. Otherwise the page was left unfinished or closed, or it opened behind other windows.`,
      fix: [clientTypeStep(context), 'Then click Connect and finish signing in on the page that opens.', notShown],
      facts: usedUri(context.redirectUri),
      link: consoleLink(context),
      action: 'settings',
    };
  }
  return {
    id: 'sign_in_not_finished',
    happened,
    cause: `The sign-in page was left unfinished or closed, or it opened behind other windows. ${p} accepts this redirect URI without registration, so the address is not the problem.`,
    fix: ['Click Connect and finish signing in on the page that opens.', notShown],
    facts: [],
    link: null,
    action: 'connect',
  };
};

/** `loopback_port_in_use`: the fixed port for the redirect is taken. */
export const redirectPortBusy: Doctor = (_failure, context) => ({
  id: 'redirect_port_busy',
  happened: 'OAuth Desk could not start listening for the sign-in answer, because its fixed port on 127.0.0.1 is taken.',
  cause: 'Another program is using that port, or another copy of OAuth Desk has a sign-in open on it.',
  fix: [
    'Finish or cancel the other sign-in, or close the program that uses the port, then click Connect.',
    registersExactly(context)
      ? `Or choose another port in this provider's Settings; then register the new redirect URI in ${consoleName(context)} too, because it must match exactly.`
      : "Or choose another port in this provider's Settings.",
  ],
  facts: [],
  link: null,
  action: 'settings',
});
