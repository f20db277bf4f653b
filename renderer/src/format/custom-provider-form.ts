/**
 * The custom provider form's state (what the inputs hold, all text) and its conversion to and from
 * CustomProviderForm (the providers file's schema, electron/core/providers/config/custom-provider-schema.ts).
 * Only what the inputs cannot express is checked here (a `name=value` line without "=", a port that
 * is not a number); everything else is the main process's schema's job, so the rules live in one place.
 * Empty optional inputs become absent fields, never empty strings.
 */
import type { CustomProviderForm, FieldProblem } from '../../../electron/shared/settings-types.ts';
import { CUSTOM_PROVIDER_FIELDS } from '../../../electron/shared/settings-types.ts';
import type { AuthMode } from '../../../electron/shared/view-types.ts';

export type EndpointMode = 'discovery' | 'manual';
export type ClientAuthMethod = NonNullable<CustomProviderForm['clientAuthMethod']>;
export type PkceSetting = NonNullable<CustomProviderForm['pkce']>;

export const CLIENT_AUTH_METHODS: readonly ClientAuthMethod[] = ['none', 'client_secret_post', 'client_secret_basic'];
export const PKCE_SETTINGS: readonly PkceSetting[] = ['S256', 'plain', 'off'];

/** Every input as typed. `clientAuthMethod` '' = let the main process pick the default. */
export interface CustomProviderFormState {
  readonly id: string;
  readonly displayName: string;
  readonly endpointMode: EndpointMode;
  readonly issuer: string;
  readonly authorizationEndpoint: string;
  readonly tokenEndpoint: string;
  readonly revocationEndpoint: string;
  readonly userinfoEndpoint: string;
  readonly clientId: string;
  readonly clientAuthMethod: ClientAuthMethod | '';
  /** Space-separated scope tokens. */
  readonly scopes: string;
  readonly pkce: PkceSetting;
  readonly authMode: AuthMode;
  /** "0" = any free port. */
  readonly redirectPort: string;
  readonly redirectPath: string;
  /** One `name=value` per line. */
  readonly extraAuthParams: string;
  readonly dataUrl: string;
}

/** The secret input, kept apart from the form: it is never prefilled and never part of CustomProviderForm. */
export interface SecretInput {
  /** What was typed; blank = keep the saved secret (or none for a new provider). */
  readonly value: string;
  /** "Remove saved secret" is ticked. */
  readonly remove: boolean;
}

export const EMPTY_FORM_STATE: CustomProviderFormState = Object.freeze({
  id: '',
  displayName: '',
  endpointMode: 'discovery',
  issuer: '',
  authorizationEndpoint: '',
  tokenEndpoint: '',
  revocationEndpoint: '',
  userinfoEndpoint: '',
  clientId: '',
  clientAuthMethod: '',
  scopes: '',
  pkce: 'S256',
  authMode: 'system-browser',
  redirectPort: '0',
  redirectPath: '',
  extraAuthParams: '',
  dataUrl: '',
});

/** The schema's default: no client authentication without a secret, HTTP Basic with one. */
export function defaultClientAuthMethod(hasSecret: boolean): ClientAuthMethod {
  return hasSecret ? 'client_secret_basic' : 'none';
}

/** Scope tokens from space-separated text (any whitespace, including line breaks). */
export function splitScopes(text: string): string[] {
  return text.split(/\s+/).filter((scope) => scope !== '');
}

/** Trimmed text, or undefined when blank. */
export function optionalText(value: string): string | undefined {
  const text = value.trim();
  return text === '' ? undefined : text;
}

export type ExtraParamsParse =
  | { readonly ok: true; readonly params: Record<string, string> }
  | { readonly ok: false; readonly problems: readonly FieldProblem[] };

const EXTRA_PARAMS_HINT = 'Write one parameter per line as name=value, e.g. prompt=consent.';

/** `name=value` lines (blank lines skipped; the value may itself contain "=") into a map. */
export function parseExtraParams(text: string): ExtraParamsParse {
  const params: Record<string, string> = {};
  const problems: FieldProblem[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '') return;
    const at = line.indexOf('=');
    const name = at < 0 ? '' : line.slice(0, at).trim();
    if (at < 0) {
      // The line is not echoed: someone may have pasted a credential.
      problems.push({ field: 'extraAuthParams', message: `Line ${index + 1} has no "=".`, hint: EXTRA_PARAMS_HINT });
    } else if (name === '') {
      problems.push({ field: 'extraAuthParams', message: `Line ${index + 1} has no parameter name before "=".`, hint: EXTRA_PARAMS_HINT });
    } else if (Object.hasOwn(params, name)) {
      problems.push({ field: 'extraAuthParams', message: `"${name}" is given more than once (line ${index + 1}).`, hint: 'Give each parameter once.' });
    } else {
      // defineProperty keeps a "__proto__" name a plain entry.
      Object.defineProperty(params, name, { value: line.slice(at + 1).trim(), enumerable: true, writable: true, configurable: true });
    }
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, params };
}

/** A map back into `name=value` lines. */
export function formatExtraParams(params: Readonly<Record<string, string>> | undefined): string {
  return Object.entries(params ?? {})
    .map(([name, value]) => `${name}=${value}`)
    .join('\n');
}

export type FormConversion =
  | { readonly ok: true; readonly form: CustomProviderForm }
  | { readonly ok: false; readonly problems: readonly FieldProblem[] };

/**
 * The form as the schema reads it. Only the chosen endpoint mode's fields are sent; blank optional
 * inputs are left out; required ones (id, name, client ID) are sent as typed so the schema names them.
 */
export function toCustomProviderForm(state: CustomProviderFormState): FormConversion {
  const problems: FieldProblem[] = [];
  const form: Record<string, unknown> = {
    id: state.id.trim(),
    displayName: state.displayName.trim(),
    clientId: state.clientId.trim(),
  };
  const put = (field: keyof CustomProviderForm, value: unknown): void => {
    if (value !== undefined) form[field] = value;
  };
  if (state.endpointMode === 'discovery') {
    put('issuer', optionalText(state.issuer));
  } else {
    put('authorizationEndpoint', optionalText(state.authorizationEndpoint));
    put('tokenEndpoint', optionalText(state.tokenEndpoint));
  }
  put('revocationEndpoint', optionalText(state.revocationEndpoint));
  put('userinfoEndpoint', optionalText(state.userinfoEndpoint));
  put('clientAuthMethod', state.clientAuthMethod === '' ? undefined : state.clientAuthMethod);
  const scopes = splitScopes(state.scopes);
  put('scopes', scopes.length > 0 ? scopes : undefined);
  put('pkce', state.pkce);
  put('authMode', state.authMode);

  const port = state.redirectPort.trim();
  if (/^\d{1,5}$/.test(port)) {
    form.redirectPort = Number(port);
  } else if (port !== '') {
    problems.push({
      field: 'redirectPort',
      message: 'The redirect port must be a whole number.',
      hint: 'Use 0 for any free port, or the fixed port registered at the provider, from 1024 to 65535.',
    });
  }
  put('redirectPath', optionalText(state.redirectPath));

  const extra = parseExtraParams(state.extraAuthParams);
  if (!extra.ok) problems.push(...extra.problems);
  else if (Object.keys(extra.params).length > 0) form.extraAuthParams = extra.params;
  put('dataUrl', optionalText(state.dataUrl));

  return problems.length > 0 ? { ok: false, problems } : { ok: true, form: form as unknown as CustomProviderForm };
}

/**
 * A saved definition back into the inputs. The authentication method is shown as "default" when it
 * is the default for whether a secret is saved, so adding or removing the secret keeps it right.
 */
export function formStateFromDefinition(definition: CustomProviderForm, secretSaved: boolean): CustomProviderFormState {
  const manual = !definition.issuer && Boolean(definition.authorizationEndpoint || definition.tokenEndpoint);
  const method = definition.clientAuthMethod;
  return {
    id: definition.id,
    displayName: definition.displayName,
    endpointMode: manual ? 'manual' : 'discovery',
    issuer: definition.issuer ?? '',
    authorizationEndpoint: definition.authorizationEndpoint ?? '',
    tokenEndpoint: definition.tokenEndpoint ?? '',
    revocationEndpoint: definition.revocationEndpoint ?? '',
    userinfoEndpoint: definition.userinfoEndpoint ?? '',
    clientId: definition.clientId,
    clientAuthMethod: method === undefined || method === defaultClientAuthMethod(secretSaved) ? '' : method,
    scopes: (definition.scopes ?? []).join(' '),
    pkce: definition.pkce ?? 'S256',
    authMode: definition.authMode ?? 'system-browser',
    redirectPort: String(definition.redirectPort ?? 0),
    redirectPath: definition.redirectPath ?? '',
    extraAuthParams: formatExtraParams(definition.extraAuthParams),
    dataUrl: definition.dataUrl ?? '',
  };
}

/** `clientSecret` for settings:save-custom: a new secret, null to remove the saved one, absent to keep it. */
export function secretPayload(secret: SecretInput): { clientSecret?: string | null } {
  if (secret.remove) return { clientSecret: null };
  const value = secret.value.trim();
  return value === '' ? {} : { clientSecret: value };
}

export interface SaveCustomRequest {
  readonly form: Record<string, unknown>;
  readonly clientSecret?: string | null;
  readonly replaces?: string;
}

/** The whole settings:save-custom payload, or the problems found before sending anything. */
export function saveCustomRequest(
  state: CustomProviderFormState,
  secret: SecretInput,
  replaces: string | undefined,
): { readonly ok: true; readonly request: SaveCustomRequest } | { readonly ok: false; readonly problems: readonly FieldProblem[] } {
  const converted = toCustomProviderForm(state);
  if (!converted.ok) return converted;
  return {
    ok: true,
    request: { form: { ...converted.form }, ...secretPayload(secret), ...(replaces === undefined ? {} : { replaces }) },
  };
}

/** The inputs shown for the state's endpoint mode, by schema field name (where their problems go). */
export function shownFields(state: Pick<CustomProviderFormState, 'endpointMode'>): readonly string[] {
  const hidden = state.endpointMode === 'discovery' ? ['authorizationEndpoint', 'tokenEndpoint'] : ['issuer'];
  return CUSTOM_PROVIDER_FIELDS.filter((field) => !hidden.includes(field));
}

/** The problems reported for one field. */
export function problemsFor(problems: readonly FieldProblem[], field: string): readonly FieldProblem[] {
  return problems.filter((problem) => problem.field === field);
}

/** The problems no shown input can carry (the whole form's, or a hidden field's): listed above the form. */
export function unplacedProblems(problems: readonly FieldProblem[], fields: readonly string[]): readonly FieldProblem[] {
  return problems.filter((problem) => problem.field === null || !fields.includes(problem.field));
}

export const MIN_FIXED_PORT = 1024;
export const MAX_PORT = 65535;

/** A fixed redirect port as typed in Settings: a whole number from 1024 to 65535, or the problem. */
export function parseFixedPort(text: string): { readonly ok: true; readonly port: number } | { readonly ok: false; readonly problem: FieldProblem } {
  const trimmed = text.trim();
  const port = /^\d{1,5}$/.test(trimmed) ? Number(trimmed) : Number.NaN;
  if (port >= MIN_FIXED_PORT && port <= MAX_PORT) return { ok: true, port };
  return {
    ok: false,
    problem: {
      field: 'redirectPort',
      message: trimmed === '' ? 'Enter a port.' : `“${trimmed}” is not a port from ${MIN_FIXED_PORT} to ${MAX_PORT}.`,
      hint: `Use the port registered at the provider, a whole number from ${MIN_FIXED_PORT} to ${MAX_PORT}, e.g. 53682.`,
    },
  };
}
