/**
 * The side effects the core needs, as small interfaces. The composition roots (Electron main and
 * the web host) build the real ones; tests pass fakes or real loopback components.
 */

export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
}
export const systemClock: Clock = { now: () => Date.now() };

/** Opens a URL outside the app (the system browser). Implementations enforce the allow-list (S12). */
export interface BrowserOpener {
  open(url: string): Promise<void>;
}

/**
 * How well a cipher protects what it encrypts (S20):
 * - `os`: the key is held by the operating system for this user account (macOS Keychain, Windows
 *   DPAPI, a Secret Service keyring or KWallet on Linux), so a copy of the data folder alone does
 *   not reveal the secrets.
 * - `weak`: the key is a fixed one or lies next to the data (Linux `basic_text`, an unknown backend,
 *   web mode's key file): the encryption only keeps secrets out of the file in clear. Refresh tokens
 *   are then kept in memory only unless the person opts in.
 */
export type SecretProtection = 'os' | 'weak';

/**
 * Encrypts secrets before they are written (Electron safeStorage in the app, S20).
 * `backend` names the mechanism (e.g. "gnome_libsecret", "basic_text", "key-file", "test");
 * storage/secret-storage-description.ts turns it into plain words for Settings.
 */
export interface SecretCipher {
  readonly backend: string;
  readonly protection: SecretProtection;
  encrypt(plaintext: string): string;
  decrypt(ciphertext: string): string;
}

/** A persistent key-value store (electron-store in the app, conf in tests and web mode). */
export interface KeyValueStore {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  delete(key: string): void;
}

/**
 * Shows the authorization page inside the app (an embedded user agent, S7) and hands back the
 * redirect URL when the page navigates to the redirect URI, before that URL is loaded.
 */
export interface AuthorizationWindow {
  open(request: {
    readonly url: string;
    /** Any navigation whose URL starts with this string is the callback. */
    readonly redirectUri: string;
    readonly onRedirect: (callbackUrl: string) => void;
    /** Called when the person closes the window before the redirect. */
    readonly onClosed: () => void;
    /**
     * Called when the sign-in page refused to run in an embedded window (Google answers such windows
     * with 403 `disallowed_useragent`): the top-level page came back with HTTP 403. The attempt then
     * ends with a typed error and the card says to use the system browser; the window stays open so
     * the person can read the provider's page, and closes it.
     */
    readonly onRefused?: (refusal: { readonly status: number }) => void;
  }): { close(): void };
}

export interface Logger {
  info(message: string, fields?: Record<string, string | number | boolean | null>): void;
  warn(message: string, fields?: Record<string, string | number | boolean | null>): void;
  error(message: string, fields?: Record<string, string | number | boolean | null>): void;
}
export const silentLogger: Logger = { info() {}, warn() {}, error() {} };

/** Desktop notifications (Electron's Notification in the app; none in web mode). */
export interface Notifier {
  /** `connectionId` says which card a click on the notification should open. */
  notify(notification: { readonly connectionId: string; readonly title: string; readonly body: string }): void;
}

/** Timers, so schedules can be tested with a fake clock. */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}
export const systemTimers: Timers = {
  setTimeout: (callback, ms) => {
    const handle = setTimeout(callback, ms);
    // A pending refresh must not keep a host process alive on its own.
    handle.unref?.();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
