/**
 * Connections as stored: public fields in clear, every secret encrypted through the injected cipher
 * before the store writes it (S20). Records are validated on read; a bad record is skipped and
 * reported, never allowed to break the others, and kept unchanged in the file by every later write
 * (S22).
 *
 * With a weak cipher (no system keyring, web mode's key file) refresh tokens are kept in this
 * process's memory only, unless the person opted in to keeping them on disk (StoragePreferences).
 * The record then says so (`refreshTokenInMemory`), so after a restart the connection knows why it
 * has no refresh token. Rotation works the same in memory: `save` replaces the token before it
 * returns, so the refresher hands out the new access token only after the new refresh token is kept (S16).
 */
import type { ErrorInfo } from '../../shared/error-info.ts';
import { isErrorInfo } from '../../shared/error-info.ts';
import { StorageError } from '../errors.ts';
import type { KeyValueStore, Logger, SecretCipher } from '../ports.ts';
import type { TokenSet } from '../oauth/token-set.ts';
import { StoragePreferences } from './storage-preferences.ts';

const KEY = 'connections';

export interface ConnectionRecord {
  readonly id: string;
  readonly providerId: string;
  readonly subject: string | null;
  readonly accountLabel: string;
  readonly connectedAt: number;
  /** When the tokens were last replaced (connect, re-authorize, later refresh). */
  readonly updatedAt: number;
  readonly expiresAt: number | null;
  readonly grantedScopes: readonly string[];
  /** A refresh token is at hand: in the store, or in this process's memory. */
  readonly hasRefreshToken: boolean;
  /**
   * The refresh token was kept in memory only (weak secret storage, S20), never in the store. When
   * `hasRefreshToken` is false too, it was lost with the process that held it.
   */
  readonly refreshTokenInMemory: boolean;
  /** The issuer that granted the tokens; a refresh token is only ever sent back to it. Null for unknown. */
  readonly issuer: string | null;
  /** What was asked for at sign-in (granted vs requested is shown on the card). */
  readonly requestedScopes: readonly string[];
  /** The token endpoint and client ID that obtained the tokens (server-binding.ts); null for older records. */
  readonly boundClient: { readonly tokenEndpoint: string; readonly clientId: string } | null;
  /** Set when only a new sign-in can fix the connection; survives restarts. */
  readonly reauthorizationReason: ErrorInfo | null;
  readonly lastRefresh: RefreshOutcome | null;
}

export interface RefreshOutcome {
  readonly at: number;
  readonly error: ErrorInfo | null;
}

/** The fields a refresh outcome changes without touching the tokens. */
export type ConnectionStatusPatch = Partial<Pick<ConnectionRecord, 'reauthorizationReason' | 'lastRefresh'>>;

/** What `save` takes: the fields the tokens decide are derived from them. */
export type ConnectionRecordInput = Omit<ConnectionRecord, 'hasRefreshToken' | 'refreshTokenInMemory' | 'expiresAt' | 'grantedScopes'>;

interface StoredConnection extends ConnectionRecord {
  /** `refreshToken` is null when there is none or when it is kept in memory (`refreshTokenInMemory`). */
  readonly secrets: { readonly accessToken: string; readonly refreshToken: string | null; readonly idToken: string | null };
}

export interface ConnectionSecrets {
  readonly accessToken: string;
  readonly refreshToken: string | null;
  readonly idToken: string | null;
}

/** The code of a connection whose refresh token was kept in memory only and is gone (after a restart). */
export const REFRESH_TOKEN_NOT_SAVED = 'refresh_token_not_saved';

/** Why a connection whose refresh token lived in memory only cannot be refreshed after a restart (S20). */
export function refreshTokenNotSavedError(providerName: string): StorageError {
  return new StorageError(
    REFRESH_TOKEN_NOT_SAVED,
    `This ${providerName} connection's refresh token was not saved, because no secure keyring protects secrets here: it was kept in memory only and was lost when OAuth Desk closed.`,
    {
      hint: 'Click Re-authorize to sign in again. To keep refresh tokens across restarts anyway, turn on "Keep refresh tokens on disk" in Storage & security.',
    },
  );
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}
const nullableString = (v: unknown) => v === null || typeof v === 'string';
const nullableNumber = (v: unknown) => v === null || (typeof v === 'number' && Number.isFinite(v));

const isOutcome = (v: unknown): v is RefreshOutcome =>
  typeof v === 'object' && v !== null && typeof (v as RefreshOutcome).at === 'number' && ((v as RefreshOutcome).error === null || isErrorInfo((v as RefreshOutcome).error));

/**
 * Fields added after the first release default when absent, so older files keep their connections:
 * no issuer (not checked), requested = granted, no re-authorization reason, no refresh yet, no
 * bound client (not checked).
 */
function withDefaults(value: Record<string, unknown>): Record<string, unknown> {
  return {
    ...value,
    issuer: value.issuer === undefined ? null : value.issuer,
    requestedScopes: value.requestedScopes === undefined ? value.grantedScopes : value.requestedScopes,
    reauthorizationReason: value.reauthorizationReason === undefined ? null : value.reauthorizationReason,
    lastRefresh: value.lastRefresh === undefined ? null : value.lastRefresh,
    boundClient: value.boundClient === undefined ? null : value.boundClient,
    refreshTokenInMemory: value.refreshTokenInMemory === undefined ? false : value.refreshTokenInMemory,
  };
}

const isBoundClient = (v: unknown): boolean =>
  typeof v === 'object' && v !== null && typeof (v as Record<string, unknown>).tokenEndpoint === 'string' && typeof (v as Record<string, unknown>).clientId === 'string';

function isStoredConnection(value: unknown): value is StoredConnection {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Record<string, unknown>;
  const s = r.secrets as Record<string, unknown> | undefined;
  return (
    typeof r.id === 'string' && typeof r.providerId === 'string' && nullableString(r.subject) &&
    typeof r.accountLabel === 'string' && typeof r.connectedAt === 'number' && typeof r.updatedAt === 'number' &&
    nullableNumber(r.expiresAt) && isStringArray(r.grantedScopes) && typeof r.hasRefreshToken === 'boolean' &&
    typeof s === 'object' && s !== null && typeof s.accessToken === 'string' && nullableString(s.refreshToken) && nullableString(s.idToken) &&
    nullableString(r.issuer) && isStringArray(r.requestedScopes) && (r.reauthorizationReason === null || isErrorInfo(r.reauthorizationReason)) &&
    (r.lastRefresh === null || isOutcome(r.lastRefresh)) && (r.boundClient === null || isBoundClient(r.boundClient)) &&
    typeof r.refreshTokenInMemory === 'boolean'
  );
}

/** The stored connections as read: the valid ones, and the whole stored object (invalid entries included) for writing back. */
interface ReadConnections {
  readonly valid: Record<string, StoredConnection>;
  readonly raw: Readonly<Record<string, unknown>>;
  /** Keys of entries that failed validation: kept as they are, never shown. */
  readonly invalid: readonly string[];
}

export class ConnectionRepository {
  readonly #store: KeyValueStore;
  readonly #cipher: SecretCipher;
  readonly #logger: Logger;
  readonly #preferences: StoragePreferences;
  /** Refresh tokens kept in memory only (weak secret storage), by connection id. */
  readonly #memory = new Map<string, string>();
  /** Invalid entries already logged, so each is logged once per process rather than at every read. */
  readonly #logged = new Set<string>();

  constructor(store: KeyValueStore, cipher: SecretCipher, logger: Logger) {
    this.#store = store;
    this.#cipher = cipher;
    this.#logger = logger;
    this.#preferences = new StoragePreferences(store);
  }

  #read(): ReadConnections {
    const raw = this.#store.get(KEY);
    if (raw === undefined) return { valid: {}, raw: {}, invalid: [] };
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      // Opening the store copies such a file aside and clears the value (store-check.ts); this is
      // only reached when something else wrote it since.
      this.#logger.warn('the stored connections are not an object; ignoring them');
      return { valid: {}, raw: {}, invalid: [] };
    }
    const valid: Record<string, StoredConnection> = {};
    const invalid: string[] = [];
    for (const [id, entry] of Object.entries(raw)) {
      const value = typeof entry === 'object' && entry !== null && !Array.isArray(entry) ? withDefaults(entry as Record<string, unknown>) : entry;
      if (isStoredConnection(value) && value.id === id) valid[id] = value;
      else {
        invalid.push(id);
        if (!this.#logged.has(id)) {
          this.#logged.add(id);
          this.#logger.warn('skipped an invalid stored connection; it is kept in the file unchanged', { id: id.slice(0, 64) });
        }
      }
    }
    return { valid, raw: raw as Record<string, unknown>, invalid };
  }

  #readAll(): Record<string, StoredConnection> {
    return this.#read().valid;
  }

  /**
   * Writes changed connections (null: removed) in one store write. Every other entry, valid or
   * not, is written back exactly as it was read (S22: nothing unreadable is dropped).
   */
  #write(read: ReadConnections, changes: Readonly<Record<string, StoredConnection | null>>): void {
    const next: Record<string, unknown> = { ...read.raw };
    for (const [id, stored] of Object.entries(changes)) {
      if (stored === null) delete next[id];
      else next[id] = stored;
    }
    this.#store.set(KEY, next);
  }

  #publicPart(stored: StoredConnection): ConnectionRecord {
    const { secrets, ...record } = stored;
    const held = secrets.refreshToken !== null || (stored.refreshTokenInMemory && this.#memory.has(stored.id));
    return { ...record, hasRefreshToken: held };
  }

  list(): ConnectionRecord[] {
    return Object.values(this.#readAll()).map((stored) => this.#publicPart(stored)).sort((a, b) => a.connectedAt - b.connectedAt);
  }

  get(id: string): ConnectionRecord | null {
    const stored = this.#readAll()[id];
    return stored ? this.#publicPart(stored) : null;
  }

  /** Keys of stored connections that could not be read (wrong types, a key that is not the record's id). */
  unreadable(): string[] {
    return [...this.#read().invalid];
  }

  /** Whether refresh tokens are written to the store now: always with the OS keyring, else only when the person opted in (S20). */
  refreshTokensOnDisk(): boolean {
    return this.#cipher.protection === 'os' || this.#preferences.keepRefreshTokensOnDisk();
  }

  /** The person's choice, whatever the cipher (it matters only on a weak one). */
  keepRefreshTokensOnDisk(): boolean {
    return this.#preferences.keepRefreshTokensOnDisk();
  }

  /** How many connections hold their refresh token in this process's memory only. */
  refreshTokensInMemory(): number {
    return Object.values(this.#readAll()).filter((s) => s.secrets.refreshToken === null && s.refreshTokenInMemory && this.#memory.has(s.id)).length;
  }

  /**
   * Saves the person's choice and moves the refresh tokens at once: into the store (encrypted) when
   * they may now be on disk, out of it into memory when not.
   */
  setKeepRefreshTokensOnDisk(keep: boolean): void {
    this.#preferences.setKeepRefreshTokensOnDisk(keep);
    this.applyRefreshTokenPolicy();
  }

  /**
   * Puts every refresh token where the policy says (at start, and after the choice changed). A
   * token held in memory that was lost stays marked as such; one on disk that cannot be decrypted
   * stays where it is (it cannot be moved, and the keyring may only be locked).
   */
  applyRefreshTokenPolicy(): void {
    const read = this.#read();
    const onDisk = this.refreshTokensOnDisk();
    const changes: Record<string, StoredConnection> = {};
    const moved: Array<() => void> = [];
    for (const stored of Object.values(read.valid)) {
      if (onDisk && stored.refreshTokenInMemory) {
        const token = this.#memory.get(stored.id);
        if (token === undefined) continue;
        changes[stored.id] = { ...stored, refreshTokenInMemory: false, secrets: { ...stored.secrets, refreshToken: this.#cipher.encrypt(token) } };
        moved.push(() => this.#memory.delete(stored.id));
      } else if (!onDisk && stored.secrets.refreshToken !== null) {
        let token: string;
        try {
          token = this.#cipher.decrypt(stored.secrets.refreshToken);
        } catch {
          this.#logger.warn('a stored refresh token could not be decrypted, so it stays on disk', { provider: stored.providerId });
          continue;
        }
        // In memory before the store forgets it, so it is never in neither place.
        this.#memory.set(stored.id, token);
        changes[stored.id] = { ...stored, refreshTokenInMemory: true, secrets: { ...stored.secrets, refreshToken: null } };
      }
    }
    if (Object.keys(changes).length === 0) return;
    this.#write(read, changes);
    for (const done of moved) done();
    this.#logger.info(onDisk ? 'refresh tokens moved from memory to the store' : 'refresh tokens moved from the store to memory', { count: Object.keys(changes).length });
  }

  findBySubject(providerId: string, subject: string): ConnectionRecord | null {
    return this.list().find((r) => r.providerId === providerId && r.subject === subject) ?? null;
  }

  secrets(id: string): ConnectionSecrets {
    const stored = this.#readAll()[id];
    if (!stored) {
      throw new StorageError('connection_not_found', 'That connection no longer exists.', { hint: 'Reload the window; connect the provider again if needed.' });
    }
    const decrypt = (value: string | null) => (value === null ? null : this.#cipher.decrypt(value));
    const inMemory = stored.refreshTokenInMemory ? (this.#memory.get(id) ?? null) : null;
    return {
      accessToken: this.#cipher.decrypt(stored.secrets.accessToken),
      refreshToken: stored.secrets.refreshToken !== null ? decrypt(stored.secrets.refreshToken) : inMemory,
      idToken: decrypt(stored.secrets.idToken),
    };
  }

  /**
   * Writes the record and its tokens in one store write. A token set without a refresh token keeps
   * the current one (S14). A new refresh token goes to the store (encrypted) or, on weak secret
   * storage without the person's opt-in, to memory only; either way it replaces the old one before
   * this returns (S16).
   */
  save(record: ConnectionRecordInput, tokens: TokenSet): ConnectionRecord {
    const read = this.#read();
    const previous = read.valid[record.id];
    const encrypt = (value: string | null) => (value === null ? null : this.#cipher.encrypt(value));
    let refreshToken: string | null;
    let refreshTokenInMemory: boolean;
    if (tokens.refreshToken === null) {
      refreshToken = previous?.secrets.refreshToken ?? null;
      // Still "in memory" only while memory really holds it; a token lost in a restart is not kept alive by a new sign-in.
      refreshTokenInMemory = (previous?.refreshTokenInMemory ?? false) && this.#memory.has(record.id);
    } else if (this.refreshTokensOnDisk()) {
      refreshToken = encrypt(tokens.refreshToken);
      refreshTokenInMemory = false;
    } else {
      refreshToken = null;
      refreshTokenInMemory = true;
    }
    const stored: StoredConnection = {
      ...record,
      expiresAt: tokens.expiresAt,
      grantedScopes: [...tokens.grantedScopes],
      hasRefreshToken: refreshToken !== null || refreshTokenInMemory,
      refreshTokenInMemory,
      secrets: { accessToken: this.#cipher.encrypt(tokens.accessToken), refreshToken, idToken: encrypt(tokens.idToken) },
    };
    // A rotated token kept in memory replaces the old one before anything else happens; should the
    // write below fail, the new one is still the one the provider accepts next.
    if (tokens.refreshToken !== null && refreshTokenInMemory) this.#memory.set(record.id, tokens.refreshToken);
    this.#write(read, { [record.id]: stored });
    if (!refreshTokenInMemory) this.#memory.delete(record.id);
    return this.#publicPart(stored);
  }

  /** Records a refresh outcome or a re-authorization reason; the tokens stay as they are. Null when gone. */
  update(id: string, patch: ConnectionStatusPatch): ConnectionRecord | null {
    const read = this.#read();
    const previous = read.valid[id];
    if (!previous) return null;
    const stored: StoredConnection = { ...previous, ...patch };
    this.#write(read, { [id]: stored });
    return this.#publicPart(stored);
  }

  delete(id: string): void {
    const read = this.#read();
    this.#memory.delete(id);
    if (!(id in read.valid)) return;
    this.#write(read, { [id]: null });
  }
}
