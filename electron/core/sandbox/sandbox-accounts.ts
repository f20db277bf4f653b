/**
 * Sandbox accounts: any login name is an account. Pure functions, no I/O.
 *
 * The dev login page hands the login name over untrimmed as the account id; everything that needs a
 * stable identity (the `sub` claim, the mailbox) goes through `sandboxSubject`, so "Ada", " ada " and
 * "ADA" are the same person.
 */

export interface SandboxProfile {
  readonly sub: string;
  readonly name: string;
  readonly email: string;
  readonly email_verified: true;
}

export const SANDBOX_EMAIL_DOMAIN = 'sandbox.oauthdesk.test';

/** The stable subject for a login name: trimmed, lower-cased, inner whitespace collapsed. Empty → undefined. */
export function sandboxSubject(login: string): string | undefined {
  const subject = login.trim().replace(/\s+/g, ' ').toLowerCase();
  return subject === '' ? undefined : subject;
}

/** "ada lovelace" → "Ada Lovelace"; "grace-hopper" → "Grace-Hopper". */
export function sandboxDisplayName(login: string): string {
  return login
    .trim()
    .split(/\s+/)
    .map((word) => word.replace(/(^|[-'.])(\p{L})/gu, (_m, sep: string, letter: string) => sep + letter.toUpperCase()))
    .join(' ');
}

/** A syntactically valid address: the subject with anything outside [a-z0-9._-] turned into dots. */
export function sandboxEmail(subject: string): string {
  const local = subject
    .replace(/[^a-z0-9._-]+/g, '.')
    .replace(/\.{2,}/g, '.')
    .replace(/^\.|\.$/g, '');
  return `${local === '' ? 'user' : local}@${SANDBOX_EMAIL_DOMAIN}`;
}

export function sandboxProfile(login: string): SandboxProfile | undefined {
  const sub = sandboxSubject(login);
  if (sub === undefined) return undefined;
  return { sub, name: sandboxDisplayName(login), email: sandboxEmail(sub), email_verified: true };
}

/**
 * Rewrites an interaction result so the session's account id is the normalized subject: oidc-provider
 * uses the account id as `sub`, and its dev login page passes the login name as typed. A blank login
 * ends the authorization with access_denied.
 */
export function normalizeLoginResult<T extends { login?: { accountId: string } }>(result: T): T | { error: string; error_description: string } {
  if (result.login === undefined) return result;
  const subject = sandboxSubject(result.login.accountId);
  if (subject === undefined) return { error: 'access_denied', error_description: 'No login name was entered.' };
  return { ...result, login: { ...result.login, accountId: subject } };
}
