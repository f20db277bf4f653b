/** The tokens a successful token response yields, validated (S14). Lives only in the main process. */
export interface TokenSet {
  readonly accessToken: string;
  readonly tokenType: 'Bearer';
  /** Epoch milliseconds, or null when the response had no `expires_in`. */
  readonly expiresAt: number | null;
  readonly refreshToken: string | null;
  readonly idToken: string | null;
  readonly grantedScopes: readonly string[];
}
