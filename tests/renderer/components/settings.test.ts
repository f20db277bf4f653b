/**
 * What the Settings page, the custom provider form and the provider card show for given data
 * (static render: no effects run, so the presentational components are rendered directly).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FieldProblem, ProviderSettingsView } from '../../../electron/shared/settings-types.ts';
import type { CustomProviderFormState } from '../../../renderer/src/format/custom-provider-form.ts';
import { EMPTY_FORM_STATE } from '../../../renderer/src/format/custom-provider-form.ts';
import { buttonTag, isDisabled, renderToHtml } from '../../helpers/render-component.ts';
import { connectionView, providerView } from '../../helpers/views.ts';

// After render-component.ts has installed the .tsx (and stylesheet) hook.
const { SettingsPanel } = await import('../../../renderer/src/components/settings/SettingsPanel.tsx');
const { CustomProviderFormView } = await import('../../../renderer/src/components/settings/CustomProviderForm.tsx');
const { ConfigProblemList } = await import('../../../renderer/src/components/ConfigProblems.tsx');
const { ProviderCard } = await import('../../../renderer/src/components/ProviderCard.tsx');

const noop = (): void => {};

function settingsView(over: Partial<ProviderSettingsView> = {}): ProviderSettingsView {
  return {
    providerId: 'x',
    displayName: 'X',
    source: 'built-in',
    editable: 'credentials',
    client: { clientId: 'client-abc', secretSaved: false, secretRequired: false, source: 'settings', environmentVariables: null },
    redirect: {
      uri: 'http://127.0.0.1:53682/callback',
      display: 'http://127.0.0.1:53682/callback',
      fixedPort: 53682,
      portConfigurable: true,
      mustRegister: true,
    },
    console: { name: 'X developer portal', url: 'https://developer.x.com/en/portal/dashboard' },
    scopes: ['tweet.read', 'users.read', 'offline.access'],
    authMode: 'system-browser',
    availableAuthModes: ['system-browser', 'app-window'],
    appLinkRedirectUri: null,
    clientFileImport: false,
    file: null,
    definition: null,
    ...over,
  };
}

function renderPanel(settings: ProviderSettingsView): string {
  return renderToHtml(SettingsPanel, { settings, onSettingsChange: noop, onReload: noop, onCustomSaved: noop, onRemoved: noop });
}

// --- Reading the static HTML -------------------------------------------------------------------

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function decode(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&amp;/g, '&');
}

/** The visible text, elements separated by a space (none before closing punctuation). */
function textOf(html: string): string {
  return decode(html.replace(/<[^>]*>/g, ' '))
    .replace(/\s+/g, ' ')
    .replace(/ ([.,;:)])/g, '$1')
    .trim();
}

function attr(tag: string, name: string): string | null {
  const match = new RegExp(`\\s${name}="([^"]*)"`, 'i').exec(tag);
  return match ? decode(match[1] ?? '') : null;
}

/** The opening tag of the input, select or textarea with this id. */
function controlById(html: string, id: string): string {
  const match = new RegExp(`<(?:input|select|textarea)\\b[^>]*\\sid="${escapeRegExp(id)}"[^>]*>`).exec(html);
  if (!match) throw new Error(`no control with id ${id}`);
  return match[0];
}

/** The id a `<label for>` with exactly this text points at, or null. */
function labelTarget(html: string, text: string): string | null {
  for (const match of html.matchAll(/<label\b[^>]*\sfor="([^"]*)"[^>]*>([\s\S]*?)<\/label>/g)) {
    if (textOf(match[2] ?? '') === text) return match[1] ?? null;
  }
  return null;
}

function controlByLabel(html: string, text: string): string {
  const id = labelTarget(html, text);
  if (id === null) throw new Error(`no label "${text}"`);
  return controlById(html, id);
}

function hasLabel(html: string, text: string): boolean {
  return labelTarget(html, text) !== null;
}

/** Every input, select and textarea has a `<label for>` pointing at its id. */
function assertEveryControlLabelled(html: string): void {
  const labelled = new Set([...html.matchAll(/<label\b[^>]*\sfor="([^"]*)"/g)].map((m) => m[1]));
  const controls = [...html.matchAll(/<(?:input|select|textarea)\b[^>]*>/g)].map((m) => m[0]);
  assert.ok(controls.length > 0, 'found controls');
  for (const control of controls) {
    const id = attr(control, 'id');
    assert.ok(id !== null && labelled.has(id), `unlabelled control ${control}`);
  }
}

function hasButton(html: string, label: string): boolean {
  try {
    buttonTag(html, label);
    return true;
  } catch {
    return false;
  }
}

// --- Settings page -----------------------------------------------------------------------------

test('the redirect URI is shown exactly, with a Copy button described by it', () => {
  const html = renderPanel(settingsView());
  const code = /<code\b[^>]*\sid="([^"]*)"[^>]*>([^<]*)<\/code>/.exec(html);
  assert.ok(code, 'the URI is in a <code> with an id');
  assert.equal(decode(code[2] ?? ''), 'http://127.0.0.1:53682/callback');
  const copy = buttonTag(html, 'Copy');
  assert.equal(attr(copy, 'type'), 'button');
  assert.equal(attr(copy, 'aria-describedby'), code[1]);
  assert.equal(attr(copy, 'aria-label'), 'Copy redirect URI', 'its name says what it copies, starting with what it shows');
  assert.match(html, /role="status" aria-live="polite"/, 'a polite region for "Copied"');
  assert.match(textOf(html), /exactly as shown/);
});

test('the app link redirect URI is shown with its own Copy button only where the app link mode is offered', () => {
  assert.doesNotMatch(renderPanel(settingsView()), /com\.oauthdesk\.app/, 'not offered: not shown');
  const html = renderPanel(settingsView({ availableAuthModes: ['system-browser', 'custom-scheme'], appLinkRedirectUri: 'com.oauthdesk.app:/callback' }));
  const codes = [...html.matchAll(/<code\b[^>]*\sid="([^"]*)"[^>]*>([^<]*)<\/code>/g)];
  const appLink = codes.find((c) => decode(c[2] ?? '') === 'com.oauthdesk.app:/callback');
  assert.ok(appLink, 'the app link URI is in its own <code>');
  const copies = [...html.matchAll(/<button\b[^>]*>Copy<\/button>/g)].map((m) => m[0]);
  assert.ok(copies.some((tag) => attr(tag, 'aria-describedby') === appLink[1] && attr(tag, 'aria-label') === 'Copy app link redirect URI'), 'a Copy button named after and described by the app link URI');
  assert.match(textOf(html), /app link mode, register this redirect URI at X developer portal/);
  assert.match(html, /System browser, app link/, 'the chooser offers the mode by its name');
});

test('with any port allowed, the display form is shown and the page says any port works', () => {
  const html = renderPanel(
    settingsView({
      redirect: { uri: 'http://127.0.0.1/callback', display: 'http://127.0.0.1:<any port>/callback', fixedPort: null, portConfigurable: false, mustRegister: false },
    }),
  );
  assert.ok(textOf(html).includes('http://127.0.0.1:<any port>/callback'));
  assert.match(textOf(html), /Any port works/);
  assert.doesNotMatch(textOf(html), /exactly as shown/);
});

test('the port input, Save port and Check port appear only when the port can be chosen', () => {
  const configurable = renderPanel(settingsView());
  const port = controlByLabel(configurable, 'Redirect port');
  assert.equal(attr(port, 'type'), 'number');
  assert.equal(attr(port, 'min'), '1024');
  assert.equal(attr(port, 'max'), '65535');
  assert.equal(attr(port, 'value'), '53682');
  assert.ok(hasButton(configurable, 'Save port'));
  assert.ok(hasButton(configurable, 'Check port'));

  const fixed = renderPanel(settingsView({ redirect: { ...settingsView().redirect, portConfigurable: false } }));
  assert.equal(hasLabel(fixed, 'Redirect port'), false);
  assert.equal(hasButton(fixed, 'Save port'), false);
  assert.equal(hasButton(fixed, 'Check port'), false);
});

test('the developer console is a link labelled with its name, opened outside the app', () => {
  const html = renderPanel(settingsView());
  const link = /<a\b[^>]*>([\s\S]*?)<\/a>/.exec(html);
  assert.ok(link);
  assert.equal(textOf(link[1] ?? ''), 'X developer portal');
  assert.equal(attr(link[0], 'href'), 'https://developer.x.com/en/portal/dashboard');
  assert.equal(attr(link[0], 'target'), '_blank');
  assert.equal(attr(link[0], 'rel'), 'noreferrer');
  assert.doesNotMatch(renderPanel(settingsView({ console: null })), /<a\b/);
});

test('the secret input is a password field that never carries a value; a saved secret shows as a placeholder with a remove option', () => {
  const saved = renderPanel(settingsView({ client: { ...settingsView().client, secretSaved: true } }));
  const secret = controlByLabel(saved, 'Client secret');
  assert.equal(attr(secret, 'type'), 'password');
  assert.equal(attr(secret, 'autoComplete'), 'off');
  assert.equal(attr(secret, 'value'), null, 'no value attribute');
  assert.equal(attr(secret, 'placeholder'), 'Saved — leave empty to keep');
  assert.equal(attr(controlByLabel(saved, 'Remove saved secret'), 'type'), 'checkbox');

  const unsaved = renderPanel(settingsView());
  const empty = controlByLabel(unsaved, 'Client secret');
  assert.equal(attr(empty, 'value'), null);
  assert.equal(attr(empty, 'placeholder'), null);
  assert.equal(hasLabel(unsaved, 'Remove saved secret'), false);

  assert.equal(attr(controlByLabel(saved, 'Client ID'), 'value'), 'client-abc', 'the client ID is not a secret');
  assertEveryControlLabelled(saved);
});

test('credentials from the environment name their variables', () => {
  const variables = { clientId: 'OAUTH_DESK_X_CLIENT_ID', clientSecret: 'OAUTH_DESK_X_CLIENT_SECRET' };
  const fromEnv = textOf(renderPanel(settingsView({ client: { ...settingsView().client, source: 'environment', environmentVariables: variables } })));
  assert.match(fromEnv, /In use: the environment variables OAUTH_DESK_X_CLIENT_ID and OAUTH_DESK_X_CLIENT_SECRET\./);

  const fromSettings = textOf(renderPanel(settingsView({ client: { ...settingsView().client, source: 'settings', environmentVariables: variables } })));
  assert.match(fromSettings, /In use: the client ID saved here in Settings\./);
  assert.doesNotMatch(fromSettings, /In use: the environment/);
  assert.match(fromSettings, /also set them with the environment variables OAUTH_DESK_X_CLIENT_ID/);

  const none = textOf(renderPanel(settingsView({ client: { ...settingsView().client, clientId: null, source: null } })));
  assert.match(none, /No client ID is set yet\./);
  assert.doesNotMatch(none, /In use:/);
});

test('a provider that needs its secret says so next to the secret', () => {
  const html = renderPanel(settingsView({ displayName: 'Google', client: { ...settingsView().client, secretRequired: true } }));
  const secret = controlByLabel(html, 'Client secret');
  const hintId = attr(secret, 'aria-describedby');
  assert.ok(hintId);
  const hint = new RegExp(`id="${escapeRegExp(hintId)}"[^>]*>([\\s\\S]*?)</div>`).exec(html);
  assert.match(textOf(hint?.[1] ?? ''), /Google needs the client secret too/);
});

test('Google’s client file can be imported where offered, as a JSON file input', () => {
  const html = renderPanel(settingsView({ clientFileImport: true }));
  const file = controlByLabel(html, 'Import client_secret.json');
  assert.equal(attr(file, 'type'), 'file');
  assert.equal(attr(file, 'accept'), '.json,application/json');
  assert.equal(hasLabel(renderPanel(settingsView()), 'Import client_secret.json'), false);
});

test('a provider from the providers file is shown read-only, naming the file', () => {
  const html = renderPanel(
    settingsView({
      providerId: 'acme',
      displayName: 'Acme',
      source: 'providers-file',
      editable: 'none',
      client: { ...settingsView().client, source: 'providers-file' },
      file: '/home/ada/.config/oauth-desk/providers.json',
      definition: { id: 'acme', displayName: 'Acme', issuer: 'https://login.acme.example', clientId: 'acme-client', scopes: ['openid', 'email'], redirectPort: 0 },
      redirect: { ...settingsView().redirect, portConfigurable: false },
    }),
  );
  const text = textOf(html);
  assert.match(text, /Acme is defined in the providers file \/home\/ada\/\.config\/oauth-desk\/providers\.json/);
  assert.match(text, /Issuer https:\/\/login\.acme\.example/);
  assert.match(text, /Scopes openid email/);
  assert.match(text, /Redirect port 0 \(any free port\)/);
  assert.doesNotMatch(html, /<input\b(?![^>]*type="radio")/, 'no inputs besides the sign-in mode');
  assert.equal(hasButton(html, 'Save'), false);
});

test('scopes are listed read-only, and the sign-in mode uses the shared chooser', () => {
  const html = renderPanel(settingsView());
  const scopes = [...html.matchAll(/<li class="scope"><code>([^<]*)<\/code><\/li>/g)].map((m) => m[1]);
  assert.deepEqual(scopes, ['tweet.read', 'users.read', 'offline.access']);
  assert.ok(hasLabel(html, 'System browser'));
  assert.ok(hasLabel(html, 'In-app window'));
  assert.equal(hasLabel(renderPanel(settingsView({ availableAuthModes: ['system-browser'] })), 'In-app window'), false);
});

test('a custom provider added in Settings is edited in the full form, without its secret', () => {
  const html = renderPanel(
    settingsView({
      providerId: 'acme',
      displayName: 'Acme',
      source: 'settings',
      editable: 'definition',
      client: { ...settingsView().client, secretSaved: true, source: 'settings' },
      definition: { id: 'acme', displayName: 'Acme', issuer: 'https://login.acme.example', clientId: 'acme-client', clientAuthMethod: 'client_secret_basic' },
    }),
  );
  assert.equal(attr(controlByLabel(html, 'ID'), 'value'), 'acme');
  assert.equal(attr(controlByLabel(html, 'Issuer URL'), 'value'), 'https://login.acme.example');
  const secret = controlByLabel(html, 'Client secret (optional)');
  assert.equal(attr(secret, 'value'), null);
  assert.equal(attr(secret, 'placeholder'), 'Saved — leave empty to keep');
  assert.ok(hasButton(html, 'Save changes'));
  assert.ok(hasButton(html, 'Remove provider'));
  assert.doesNotMatch(html, />Client credentials</, 'no second place to edit the client');
});

// --- Custom provider form ----------------------------------------------------------------------

function renderForm(over: { state?: Partial<CustomProviderFormState>; problems?: readonly FieldProblem[]; secretSaved?: boolean } = {}): string {
  return renderToHtml(CustomProviderFormView, {
    idPrefix: 'f',
    state: { ...EMPTY_FORM_STATE, ...over.state },
    secret: { value: '', remove: false },
    secretSaved: over.secretSaved ?? false,
    problems: over.problems ?? [],
    saving: false,
    error: null,
    submitLabel: 'Add provider',
    onChange: noop,
    onSecretChange: noop,
    onSubmit: noop,
    onCancel: noop,
  });
}

test('the form offers every field of the schema, each with a label', () => {
  const html = renderForm();
  for (const label of [
    'ID',
    'Display name',
    'Discovery (issuer URL)',
    'Manual endpoints',
    'Issuer URL',
    'Revocation endpoint (optional)',
    'Userinfo endpoint (optional)',
    'Client ID',
    'Client secret (optional)',
    'Client authentication',
    'Scopes',
    'PKCE',
    'System browser',
    'In-app window',
    'Redirect port',
    'Redirect path',
    'Extra authorization parameters (optional)',
    'Data URL (optional)',
  ]) {
    assert.ok(hasLabel(html, label), `label "${label}"`);
  }
  assertEveryControlLabelled(html);
  const method = /<select\b[^>]*name="clientAuthMethod"[^>]*>([\s\S]*?)<\/select>/.exec(html);
  assert.deepEqual(
    [...(method?.[1] ?? '').matchAll(/<option value="([^"]*)"/g)].map((m) => m[1]),
    ['', 'none', 'client_secret_post', 'client_secret_basic'],
  );
  assert.equal(attr(controlByLabel(html, 'Client secret (optional)'), 'type'), 'password');
  assert.equal(attr(controlByLabel(html, 'Client secret (optional)'), 'value'), null);
  assert.ok(hasButton(html, 'Add provider'));
  assert.ok(hasButton(html, 'Cancel'));
});

test('manual mode swaps the issuer for the authorization and token endpoints', () => {
  const html = renderForm({ state: { endpointMode: 'manual' } });
  assert.ok(hasLabel(html, 'Authorization endpoint'));
  assert.ok(hasLabel(html, 'Token endpoint'));
  assert.equal(hasLabel(html, 'Issuer URL'), false);
  assert.match(controlByLabel(html, 'Manual endpoints'), /checked=""/);
});

test('PKCE other than S256 comes with a warning', () => {
  assert.doesNotMatch(textOf(renderForm()), /intercepts the authorization code/);
  assert.match(textOf(renderForm({ state: { pkce: 'off' } })), /intercepts the authorization code/);
  assert.match(textOf(renderForm({ state: { pkce: 'plain' } })), /Choose “plain” only if/);
});

test('problems are shown next to their field, which is marked invalid and described by them; entered values stay', () => {
  const problems: FieldProblem[] = [
    { field: 'issuer', message: 'Custom provider "acme": "issuer" is not a full URL.', hint: 'Enter a full https URL.' },
    { field: null, message: 'The provider could not be checked.', hint: 'Try again.' },
  ];
  const html = renderForm({ state: { id: 'acme', displayName: 'Acme', issuer: 'login.acme', scopes: 'openid email' }, problems });

  const issuer = controlByLabel(html, 'Issuer URL');
  assert.equal(attr(issuer, 'aria-invalid'), 'true');
  assert.equal(attr(issuer, 'value'), 'login.acme', 'what was typed is kept');
  const describedBy = (attr(issuer, 'aria-describedby') ?? '').split(' ');
  const problemsId = describedBy[0] ?? '';
  const list = new RegExp(`<ul id="${escapeRegExp(problemsId)}"[^>]*>([\\s\\S]*?)</ul>`).exec(html);
  assert.ok(list, 'the input is described by its problem list');
  assert.equal(textOf(list[1] ?? ''), 'Custom provider "acme": "issuer" is not a full URL. Enter a full https URL.');
  // Right after the issuer input, before the next field's label.
  const at = html.indexOf(issuer);
  assert.ok(at < html.indexOf(list[0]) && html.indexOf(list[0]) < html.indexOf('Revocation endpoint'));

  for (const label of ['ID', 'Display name', 'Client ID', 'Scopes']) {
    assert.equal(attr(controlByLabel(html, label), 'aria-invalid'), null, `${label} is valid`);
  }
  assert.equal(attr(controlByLabel(html, 'ID'), 'value'), 'acme');
  assert.equal(attr(controlByLabel(html, 'Scopes'), 'value'), 'openid email');

  // The whole form's problem is at the top, in the summary, before the first field.
  const summary = /<div[^>]*role="alert"[^>]*class="notice notice-error form-problems"[^>]*>([\s\S]*?)<\/div><\/div>/.exec(html);
  assert.ok(summary);
  assert.match(textOf(summary[1] ?? ''), /The provider was not saved The provider could not be checked\. Try again\. One problem is marked below/);
  assert.ok(html.indexOf(summary[0]) < html.indexOf('<fieldset'));
  assert.doesNotMatch(textOf(summary[1] ?? ''), /not a full URL/, 'a placed problem is not repeated at the top');
});

test('a problem of a field not shown in this mode goes to the top', () => {
  const html = renderForm({
    state: { endpointMode: 'manual' },
    problems: [{ field: 'issuer', message: '"issuer" is missing, and so are "authorizationEndpoint" and "tokenEndpoint".', hint: 'Give one.' }],
  });
  const summaryAt = html.indexOf('form-problems');
  assert.ok(summaryAt >= 0 && summaryAt < html.indexOf('<fieldset'));
  assert.match(textOf(html), /"issuer" is missing/);
  assert.doesNotMatch(html, /aria-invalid/);
});

test('a secret problem marks the secret input, which still has no value', () => {
  const html = renderForm({ problems: [{ field: 'clientSecret', message: '"clientSecret" contains a line break.', hint: 'Paste it again.' }], secretSaved: true });
  const secret = controlByLabel(html, 'Client secret (optional)');
  assert.equal(attr(secret, 'aria-invalid'), 'true');
  assert.equal(attr(secret, 'value'), null);
  assert.equal(attr(secret, 'autoComplete'), 'off');
});

// --- Configuration problems --------------------------------------------------------------------

test('configuration problems are a labelled region (not an alert) with message, hint and file', () => {
  const html = renderToHtml(ConfigProblemList, {
    problems: [
      { code: 'provider_config_invalid', message: 'providers.json: provider "acme": "issuer" is not a full URL.', hint: 'Enter a full https URL.', file: '/cfg/providers.json', providerId: 'acme', field: 'issuer' },
      { code: 'credentials_env_invalid', message: 'OAUTH_DESK_X_CLIENT_SECRET is set without OAUTH_DESK_X_CLIENT_ID.', hint: 'Set both.', file: null, providerId: 'x', field: null },
    ],
  });
  const section = /<section class="config-problems" aria-labelledby="([^"]*)">/.exec(html);
  assert.ok(section);
  assert.match(html, new RegExp(`<h2 id="${escapeRegExp(section[1] ?? '')}">Some settings could not be loaded</h2>`));
  assert.doesNotMatch(html, /role="alert"/);
  const text = textOf(html);
  assert.match(text, /"issuer" is not a full URL\. Enter a full https URL\. File: \/cfg\/providers\.json/);
  assert.match(text, /OAUTH_DESK_X_CLIENT_SECRET is set without OAUTH_DESK_X_CLIENT_ID\. Set both\./);
  assert.equal(renderToHtml(ConfigProblemList, { problems: [] }), '');
});

// --- Provider card -----------------------------------------------------------------------------

function renderCard(over: Parameters<typeof providerView>[0]): string {
  return renderToHtml(ProviderCard, { provider: providerView(over), onOpenSettings: noop });
}

test('the card has a Settings button', () => {
  const tag = buttonTag(renderCard({}), 'Settings');
  assert.equal(attr(tag, 'type'), 'button');
  assert.equal(attr(tag, 'data-settings-for'), 'sandbox');
});

test('Add another account appears only once the provider has a connection', () => {
  const none = renderCard({});
  assert.equal(hasButton(none, 'Add another account'), false);
  assert.equal(isDisabled(buttonTag(none, 'Connect')), false);

  const one = renderCard({ connections: [connectionView()], accountChooser: true });
  const add = buttonTag(one, 'Add another account');
  assert.equal(isDisabled(add), false);
  assert.equal(hasButton(one, 'Connect'), false);
  assert.doesNotMatch(textOf(one), /sign out at/, 'no hint when the provider shows an account chooser');
});

test('without an account chooser, Add another account says to sign out first', () => {
  const html = renderCard({ displayName: 'X', connections: [connectionView()], accountChooser: false });
  const add = buttonTag(html, 'Add another account');
  const hintId = attr(add, 'aria-describedby');
  assert.ok(hintId);
  const hint = new RegExp(`<p id="${escapeRegExp(hintId)}"[^>]*>([\\s\\S]*?)</p>`).exec(html);
  assert.equal(textOf(hint?.[1] ?? ''), 'You may need to sign out at X first to pick another account.');
});

test('a setup problem disables Connect, says what to set up and offers Open settings', () => {
  const setupProblem = { code: 'client_id_missing', message: 'No client ID is set for X.', hint: 'Enter the client ID in Settings.' };
  const html = renderCard({ displayName: 'X', setupProblem });
  assert.equal(isDisabled(buttonTag(html, 'Connect')), true);
  assert.ok(hasButton(html, 'Open settings'));
  const text = textOf(html);
  assert.match(text, /Set up before connecting No client ID is set for X\. Enter the client ID in Settings\./);

  const ready = renderCard({ displayName: 'X' });
  assert.equal(isDisabled(buttonTag(ready, 'Connect')), false);
  assert.equal(hasButton(ready, 'Open settings'), false);
  assert.doesNotMatch(textOf(ready), /Set up before connecting/);
});

test('the provider’s notice is shown on the card', () => {
  const notice = 'Google Health replaces the retired Fitbit Web API.';
  assert.match(renderCard({ notice }), new RegExp(`<p class="card-notice" role="note">${escapeRegExp(notice)}</p>`));
  assert.doesNotMatch(renderCard({}), /card-notice/);
});
