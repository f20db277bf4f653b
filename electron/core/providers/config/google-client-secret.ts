/**
 * Google's `client_secret_….json`, the file Google Cloud console downloads for an OAuth client
 * (the file Python's InstalledAppFlow reads):
 *
 *   {"installed": {"client_id": "…apps.googleusercontent.com", "project_id": "…", "auth_uri": "…",
 *                  "token_uri": "…", "client_secret": "GOCSPX-…", "redirect_uris": ["http://localhost"]}}
 *
 * or the same under "web" for a "Web application" client. Pure: the caller reads the file. Errors
 * say what is wrong and never contain the client secret (S29).
 */
import type { ErrorInfo } from '../../../shared/error-info.ts';
import { parseJsonText } from './json-text.ts';
import { CONTROL_CHARACTERS, ProviderConfigError, describeType } from './provider-config-error.ts';

export type GoogleClientKind = 'installed' | 'web';

export interface GoogleClientSecret {
  readonly clientId: string;
  readonly clientSecret: string;
  /** "installed" for a "Desktop app" client, "web" for a "Web application" client. */
  readonly kind: GoogleClientKind;
  readonly projectId: string | null;
  /** Things to tell the person that do not stop the import (e.g. a web client). */
  readonly warnings: readonly ErrorInfo[];
}

export const GOOGLE_CLIENT_SECRET_NOT_JSON = 'google_client_secret_not_json';
export const GOOGLE_CLIENT_SECRET_INVALID = 'google_client_secret_invalid';
export const GOOGLE_WEB_CLIENT_WARNING = 'google_web_client';
export const GOOGLE_CLIENT_ID_UNUSUAL_WARNING = 'google_client_id_unusual';

const DOWNLOAD_HINT =
  'In Google Cloud console open APIs & Services → Credentials, create an OAuth client ID of type "Desktop app" (or open the existing one) and use Download JSON. Choose that client_secret_….json file.';

function fail(file: string | undefined, field: string | null, what: string, hint: string = DOWNLOAD_HINT, code = GOOGLE_CLIENT_SECRET_INVALID): ProviderConfigError {
  const where = file === undefined || file === '' ? 'The Google client file' : `The Google client file ${file}`;
  return new ProviderConfigError(code, `${where} ${what}`, { file: file ?? null, providerId: 'google', field }, { hint });
}

/** Parses the text of a client_secret.json; throws a ProviderConfigError naming what is wrong. */
export function parseGoogleClientSecret(text: string, file?: string): GoogleClientSecret {
  const parsed = parseJsonText(text, file ?? null, GOOGLE_CLIENT_SECRET_NOT_JSON, DOWNLOAD_HINT);
  if (!parsed.ok) {
    const e = parsed.error;
    throw new ProviderConfigError(
      GOOGLE_CLIENT_SECRET_NOT_JSON,
      `${file === undefined || file === '' ? 'The Google client file' : `The Google client file ${file}`} is not JSON: ${parsed.problem} (line ${e.line}, column ${e.column}).`,
      { file: file ?? null, providerId: 'google', line: e.line, column: e.column },
      { hint: DOWNLOAD_HINT },
    );
  }
  const top = parsed.value;
  if (typeof top !== 'object' || top === null || Array.isArray(top)) {
    throw fail(file, null, `holds ${describeType(top)}, not the object Google's console downloads.`);
  }
  const fields = top as Record<string, unknown>;
  if (fields.type === 'service_account') {
    throw fail(file, 'type', 'is a service account key, not an OAuth client.', `A service account cannot sign in as you. ${DOWNLOAD_HINT} Keep the service account key private.`);
  }
  if (fields.type === 'authorized_user') {
    throw fail(file, 'type', 'holds a signed-in user\'s credentials (gcloud application default credentials), not an OAuth client.', DOWNLOAD_HINT);
  }
  const hasInstalled = fields.installed !== undefined;
  const hasWeb = fields.web !== undefined;
  if (hasInstalled && hasWeb) throw fail(file, null, 'has both "installed" and "web": it is not a file from Google\'s console.');
  if (!hasInstalled && !hasWeb) {
    throw fail(file, null, 'has neither "installed" (a Desktop app client) nor "web" (a Web application client).');
  }
  const kind: GoogleClientKind = hasInstalled ? 'installed' : 'web';
  const section = fields[kind];
  if (typeof section !== 'object' || section === null || Array.isArray(section)) {
    throw fail(file, kind, `has "${kind}" as ${describeType(section)}, not an object.`);
  }
  const client = section as Record<string, unknown>;

  const rawId = client.client_id;
  if (rawId === undefined || rawId === null) throw fail(file, `${kind}.client_id`, `has no "client_id" in "${kind}".`);
  if (typeof rawId !== 'string') throw fail(file, `${kind}.client_id`, `has a "client_id" that is ${describeType(rawId)}, not a text.`);
  const clientId = rawId.trim();
  if (clientId === '') throw fail(file, `${kind}.client_id`, 'has an empty "client_id".');
  if (CONTROL_CHARACTERS.test(clientId) || /\s/.test(clientId)) throw fail(file, `${kind}.client_id`, 'has a "client_id" with spaces or line breaks.');

  // The secret's value is never put in a message.
  const rawSecret = client.client_secret;
  const secretHint =
    'Google\'s token endpoint needs the secret even for desktop clients. In the console, open the client, add a client secret and download the JSON while the secret is shown, or type the secret in Settings.';
  if (rawSecret === undefined || rawSecret === null) throw fail(file, `${kind}.client_secret`, `has no "client_secret" in "${kind}".`, secretHint);
  if (typeof rawSecret !== 'string') throw fail(file, `${kind}.client_secret`, `has a "client_secret" that is ${describeType(rawSecret)}, not a text.`, secretHint);
  const clientSecret = rawSecret.trim();
  if (clientSecret === '') throw fail(file, `${kind}.client_secret`, 'has an empty "client_secret".', secretHint);
  if (CONTROL_CHARACTERS.test(clientSecret)) throw fail(file, `${kind}.client_secret`, 'has a "client_secret" with a line break or control character.', secretHint);

  const rawProject = client.project_id;
  if (rawProject !== undefined && rawProject !== null && typeof rawProject !== 'string') {
    throw fail(file, `${kind}.project_id`, `has a "project_id" that is ${describeType(rawProject)}, not a text.`);
  }
  const projectId = typeof rawProject === 'string' && rawProject.trim() !== '' ? rawProject.trim() : null;

  const warnings: ErrorInfo[] = [];
  if (kind === 'web') {
    warnings.push({
      code: GOOGLE_WEB_CLIENT_WARNING,
      message: 'This is a "Web application" client, not a "Desktop app" client.',
      hint:
        'Desktop apps should use a "Desktop app" client: Google accepts its loopback redirects (http://127.0.0.1 on any port) without registering them. A web client only works with redirect URIs registered exactly, so create a Desktop app client in the console and import its file instead.',
    });
  }
  if (!clientId.endsWith('.apps.googleusercontent.com')) {
    warnings.push({
      code: GOOGLE_CLIENT_ID_UNUSUAL_WARNING,
      message: 'The client id does not end with ".apps.googleusercontent.com", as Google\'s client ids do.',
      hint: 'Check that this file comes from Google Cloud console.',
    });
  }
  return Object.freeze({ clientId, clientSecret, kind, projectId, warnings: Object.freeze(warnings) });
}
