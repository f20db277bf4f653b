/**
 * Plays the person in the browser against the Sandbox's oidc-provider dev pages, with got instead of
 * Chromium: follows redirects by hand, keeps a tiny cookie jar, fills the login form (any login, any
 * password) and presses the consent button — or, with `consent: false`, signs in and then follows the
 * consent page's "[ Cancel ]" link, which ends the interaction with `error=access_denied` at the
 * redirect URI.
 */
import got from 'got';

export interface ScriptedSignIn {
  /** Default 'ada'. */
  login?: string;
  /** Default true. false → sign in, then cancel on the consent page (the server answers access_denied). */
  consent?: boolean;
}

const MAX_STEPS = 20;

/**
 * Follows the authorization URL through login and consent until the server redirects to a URL that
 * starts with `redirectUriPrefix`; returns that URL WITHOUT requesting it. Throws when a page is neither
 * a redirect nor a known form (the message carries the status and the error shown on the page).
 */
export async function completeAuthorization(
  authorizationUrl: string,
  redirectUriPrefix: string,
  options: ScriptedSignIn = {},
): Promise<string> {
  const login = options.login ?? 'ada';
  const consent = options.consent ?? true;
  const jar = new CookieJar();
  let request: PageRequest = { url: authorizationUrl, method: 'GET' };

  for (let step = 0; step < MAX_STEPS; step++) {
    const cookie = jar.headerFor(request.url);
    const response = await got(request.url, {
      method: request.method,
      ...(request.form ? { form: request.form } : {}),
      headers: cookie === '' ? {} : { cookie },
      followRedirect: false,
      throwHttpErrors: false,
      retry: { limit: 0 },
    });
    jar.store(request.url, response.headers['set-cookie'] ?? []);

    const location = response.headers.location;
    if (response.statusCode >= 300 && response.statusCode < 400 && location !== undefined) {
      const next = new URL(location, request.url).href;
      if (next.startsWith(redirectUriPrefix)) return next;
      request = { url: next, method: 'GET' };
      continue;
    }
    if (response.statusCode !== 200) {
      throw new Error(`Authorization stopped at ${response.statusCode}: ${pageError(response.body)}`);
    }
    request = nextRequest(response.body, request.url, login, consent);
  }
  throw new Error(`Authorization did not reach ${redirectUriPrefix} within ${MAX_STEPS} steps`);
}

interface PageRequest {
  readonly url: string;
  readonly method: 'GET' | 'POST';
  readonly form?: Record<string, string>;
}

/** Decides what the person does on a dev page: submit the login form, submit or cancel consent. */
function nextRequest(html: string, pageUrl: string, login: string, consent: boolean): PageRequest {
  const form = parseForms(html).find((f) => f.method === 'post');
  if (form === undefined) throw new Error(`No form on the page at ${new URL(pageUrl).pathname}`);
  const action = new URL(form.action || pageUrl, pageUrl).href;
  const prompt = form.fields.prompt;

  if (prompt === 'consent' && !consent) {
    const abort = parseLinks(html).find((href) => /\/abort(?:$|[?#])/.test(href));
    if (abort === undefined) throw new Error('The consent page has no cancel link');
    return { url: new URL(abort, pageUrl).href, method: 'GET' };
  }
  if (prompt === 'login' || prompt === 'consent') {
    const fields = { ...form.fields };
    for (const input of form.visible) {
      if (input.type === 'password') fields[input.name] = 'any-password';
      else if (input.name === 'login' || input.type === 'text' || input.type === 'email') fields[input.name] = login;
    }
    return { url: action, method: 'POST', form: fields };
  }
  throw new Error(`Unknown dev page (prompt=${String(prompt)}) at ${new URL(pageUrl).pathname}`);
}

interface ParsedForm {
  readonly action: string;
  readonly method: string;
  /** Hidden inputs (and any input with a preset value), name → value. */
  readonly fields: Record<string, string>;
  /** Inputs the person types into. */
  readonly visible: ReadonlyArray<{ readonly name: string; readonly type: string }>;
}

function parseForms(html: string): ParsedForm[] {
  const forms: ParsedForm[] = [];
  for (const match of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form\s*>/gi)) {
    const attrs = parseAttributes(match[1] ?? '');
    const fields: Record<string, string> = {};
    const visible: Array<{ name: string; type: string }> = [];
    for (const input of (match[2] ?? '').matchAll(/<input\b([^>]*)>/gi)) {
      const inputAttrs = parseAttributes(input[1] ?? '');
      const name = inputAttrs.name;
      if (name === undefined) continue;
      const type = (inputAttrs.type ?? 'text').toLowerCase();
      if (type === 'hidden') fields[name] = inputAttrs.value ?? '';
      else if (type !== 'submit' && type !== 'button') visible.push({ name, type });
    }
    forms.push({ action: attrs.action ?? '', method: (attrs.method ?? 'get').toLowerCase(), fields, visible });
  }
  return forms;
}

function parseLinks(html: string): string[] {
  return [...html.matchAll(/<a\b([^>]*)>/gi)]
    .map((m) => parseAttributes(m[1] ?? '').href)
    .filter((href): href is string => href !== undefined);
}

function parseAttributes(source: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  for (const m of source.matchAll(/([^\s=/>"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+)))?/g)) {
    attrs[m[1]!.toLowerCase()] = decodeEntities(m[2] ?? m[3] ?? m[4] ?? '');
  }
  return attrs;
}

function decodeEntities(text: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, entity: string) => {
    if (entity[0] === '#') {
      const code = entity[1] === 'x' || entity[1] === 'X' ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
      return Number.isFinite(code) ? String.fromCodePoint(code) : whole;
    }
    return named[entity.toLowerCase()] ?? whole;
  });
}

/** The `error` / `error_description` lines of oidc-provider's error page, or the start of the body. */
function pageError(html: string): string {
  const lines = [...html.matchAll(/<pre><strong>([^<]*)<\/strong>:\s*([^<]*)<\/pre>/g)]
    .map((m) => `${m[1]}: ${decodeEntities(m[2] ?? '')}`);
  return lines.length > 0 ? lines.join('; ') : html.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 200);
}

/** Cookies keyed by name; Path respected loosely (prefix match); expired or empty-valued ones removed. */
class CookieJar {
  readonly #cookies = new Map<string, { value: string; path: string }>();

  store(requestUrl: string, setCookieHeaders: readonly string[]): void {
    for (const header of setCookieHeaders) {
      const [pair = '', ...attributes] = header.split(';');
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      let path = defaultPath(requestUrl);
      let expired = value === '';
      for (const attribute of attributes) {
        const [key = '', ...rest] = attribute.split('=');
        const attrValue = rest.join('=').trim();
        switch (key.trim().toLowerCase()) {
          case 'path': path = attrValue || '/'; break;
          case 'max-age': if (Number(attrValue) <= 0) expired = true; break;
          case 'expires': if (Date.parse(attrValue) <= Date.now()) expired = true; break;
        }
      }
      if (expired) this.#cookies.delete(name);
      else this.#cookies.set(name, { value, path });
    }
  }

  headerFor(requestUrl: string): string {
    const { pathname } = new URL(requestUrl);
    return [...this.#cookies]
      .filter(([, cookie]) => pathname.startsWith(cookie.path))
      .map(([name, cookie]) => `${name}=${cookie.value}`)
      .join('; ');
  }
}

function defaultPath(requestUrl: string): string {
  const { pathname } = new URL(requestUrl);
  const slash = pathname.lastIndexOf('/');
  return slash <= 0 ? '/' : pathname.slice(0, slash);
}
