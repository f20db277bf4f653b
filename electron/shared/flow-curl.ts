/**
 * "Copy as curl" for one inspector step: a command a person can paste into a POSIX shell to send the
 * same request again. Every masked value becomes a shell variable named after what it was
 * (`"$ACCESS_TOKEN"`, `"$CLIENT_SECRET"`, `"$CLIENT_CREDENTIALS_BASE64"` for a Basic header…), to be
 * set by the person; everything else is single-quoted, so no character in a value can end the
 * argument or run anything. The command holds no secret: the step never did (S29).
 * Pure: no Node or browser APIs (the renderer imports it).
 */
import type { FlowParam, FlowStep, FlowValue, MaskedValue, SecretKind } from './flow-types.ts';

const PLACEHOLDERS: Readonly<Record<SecretKind, string>> = {
  access_token: 'ACCESS_TOKEN',
  refresh_token: 'REFRESH_TOKEN',
  id_token: 'ID_TOKEN',
  code: 'CODE',
  code_verifier: 'CODE_VERIFIER',
  client_secret: 'CLIENT_SECRET',
  client_credentials: 'CLIENT_CREDENTIALS_BASE64',
  state: 'STATE',
  token: 'TOKEN',
  cookie: 'COOKIE',
};

/** The shell variable a masked value of this kind becomes, without the `$` (e.g. `ACCESS_TOKEN`). */
export function placeholderName(secret: SecretKind): string {
  return PLACEHOLDERS[secret];
}

/** One shell word holding exactly `text`: single quotes, a `'` inside written as `'\''`. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** The variable, in double quotes so its value stays one word whatever it holds. */
function placeholder(value: MaskedValue): string {
  return `"$${placeholderName(value.secret)}"`;
}

/** `prefix` as literal text followed by the value (a placeholder or literal text), as one shell word. */
function word(prefix: string, value: FlowValue): string {
  if (typeof value === 'string') return shellQuote(prefix + value);
  return (prefix === '' ? '' : shellQuote(prefix)) + placeholder(value);
}

/** An Authorization header keeps its scheme: Bearer for an access token, Basic for client credentials. */
function headerWord(header: FlowParam): string {
  const { name, value } = header;
  if (typeof value !== 'string' && name === 'authorization') {
    if (value.secret === 'access_token') return word(`${name}: Bearer `, value);
    if (value.secret === 'client_credentials') return word(`${name}: Basic `, value);
  }
  return word(`${name}: `, value);
}

/** `name=value` for --data-urlencode: curl encodes the value; the name must arrive encoded already. */
function fieldWord(field: FlowParam): string {
  return word(`${encodeURIComponent(field.name)}=`, field.value);
}

/**
 * A URL with its query written into it (a POST whose URL has a query, which the app never sends):
 * literal values encoded here, a placeholder substituted as it is.
 */
function urlWithQuery(url: string, query: readonly FlowParam[]): string {
  const fields = query.map((field, index) => {
    const prefix = `${index === 0 ? '?' : '&'}${encodeURIComponent(field.name)}=`;
    return typeof field.value === 'string' ? shellQuote(prefix + encodeURIComponent(field.value)) : shellQuote(prefix) + placeholder(field.value);
  });
  return shellQuote(url) + fields.join('');
}

/**
 * The command, one option per line (joined with ` \` continuations). A GET's query parameters and a
 * POST's form fields go through `--data-urlencode` (with `--get` for the query), so curl encodes the
 * placeholders' values after the shell substituted them.
 */
export function curlCommand(step: FlowStep): string {
  const { method, url, query, headers, form } = step.request;
  const queryAsData = method === 'GET' && query.length > 0;
  const parts: string[] = ['curl'];
  // curl reads [] and {} in a URL as glob patterns.
  if (/[[\]{}]/.test(url)) parts.push('--globoff');
  if (queryAsData) parts.push('--get');
  else if (method === 'POST' && form.length === 0) parts.push('--request POST');
  parts.push(queryAsData || query.length === 0 ? shellQuote(url) : urlWithQuery(url, query));
  for (const header of headers) parts.push(`--header ${headerWord(header)}`);
  for (const field of queryAsData ? query : form) parts.push(`--data-urlencode ${fieldWord(field)}`);
  return parts.join(' \\\n  ');
}
