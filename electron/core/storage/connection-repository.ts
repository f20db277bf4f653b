/**
 * Connections as stored: public fields in clear, every secret encrypted through the injected cipher
 * before the store writes it (S20). Records are validated on read; a bad record is skipped and
 * reported, never allowed to break the others (S22).
 */
import type { ErrorInfo } from '../../shared/error-info.ts';
import { isErrorInfo } from '../../shared/error-info.ts';
import { StorageError } from '../errors.ts';
import type { KeyValueStore, Logger, SecretCipher } from '../ports.ts';
import type { TokenSet } from '../oauth/token-set.ts';

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
  readonly hasRefreshToken: boolean;
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

interface StoredConnection extends ConnectionRecord {
  readonly secrets: { readonly accessToken: string; readonly refreshToken: string | null; readonly idToken: string | null };
}

export interface ConnectionSecrets {
  readonly accessToken: string;
  readonly refreshToken: string | null;
  readonly idToken: string | null;
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
    (r.lastRefresh === null || isOutcome(r.lastRefresh)) && (r.boundClient === null || isBoundClient(r.boundClient))
  );
}

function publicPart(stored: StoredConnection): ConnectionRecord {
  const { secrets: _secrets, ...record } = stored;
  return record;
}

export class ConnectionRepository {
  readonly #store: KeyValueStore;
  readonly #cipher: SecretCipher;
  readonly #logger: Logger;

  constructor(store: KeyValueStore, cipher: SecretCipher, logger: Logger) {
    this.#store = store;
    this.#cipher = cipher;
    this.#logger = logger;
  }

  #readAll(): Record<string, StoredConnection> {
    const raw = this.#store.get(KEY);
    if (raw === undefined) return {};
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      this.#logger.warn('the stored connections are not an object; ignoring them');
      return {};
    }
    const valid: Record<string, StoredConnection> = {};
    for (const [id, entry] of Object.entries(raw)) {
      const value = typeof entry === 'object' && entry !== null && !Array.isArray(entry) ? withDefaults(entry as Record<string, unknown>) : entry;
      if (isStoredConnection(value) && value.id === id) valid[id] = value;
      else this.#logger.warn('skipped an invalid stored connection', { id: id.slice(0, 64) });
    }
    return valid;
  }

  list(): ConnectionRecord[] {
    return Object.values(this.#readAll()).map(publicPart).sort((a, b) => a.connectedAt - b.connectedAt);
  }

  get(id: string): ConnectionRecord | null {
    const stored = this.#readAll()[id];
    return stored ? publicPart(stored) : null;
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
    return {
      accessToken: this.#cipher.decrypt(stored.secrets.accessToken),
      refreshToken: decrypt(stored.secrets.refreshToken),
      idToken: decrypt(stored.secrets.idToken),
    };
  }

  /**
   * Writes the record and its tokens in one store write. A token set without a refresh token keeps
   * the stored one (S14).
   */
  save(record: Omit<ConnectionRecord, 'hasRefreshToken' | 'expiresAt' | 'grantedScopes'>, tokens: TokenSet): ConnectionRecord {
    const all = this.#readAll();
    const previous = all[record.id];
    const encrypt = (value: string | null) => (value === null ? null : this.#cipher.encrypt(value));
    const refreshToken = tokens.refreshToken !== null ? encrypt(tokens.refreshToken) : (previous?.secrets.refreshToken ?? null);
    const stored: StoredConnection = {
      ...record,
      expiresAt: tokens.expiresAt,
      grantedScopes: [...tokens.grantedScopes],
      hasRefreshToken: refreshToken !== null,
      secrets: { accessToken: this.#cipher.encrypt(tokens.accessToken), refreshToken, idToken: encrypt(tokens.idToken) },
    };
    this.#store.set(KEY, { ...all, [record.id]: stored });
    return publicPart(stored);
  }

  /** Records a refresh outcome or a re-authorization reason; the tokens stay as they are. Null when gone. */
  update(id: string, patch: ConnectionStatusPatch): ConnectionRecord | null {
    const all = this.#readAll();
    const previous = all[id];
    if (!previous) return null;
    const stored: StoredConnection = { ...previous, ...patch };
    this.#store.set(KEY, { ...all, [id]: stored });
    return publicPart(stored);
  }

  delete(id: string): void {
    const all = this.#readAll();
    if (!(id in all)) return;
    const { [id]: _removed, ...rest } = all;
    this.#store.set(KEY, rest);
  }
}
