export interface RequestedScope {
  readonly scope: string;
  readonly granted: boolean;
}

export interface ScopeComparison {
  /** What the app asked for, in the order asked, each marked granted or not. */
  readonly requested: readonly RequestedScope[];
  /** Granted although not asked for. */
  readonly extra: readonly string[];
  /** How many requested scopes were not granted. */
  readonly declined: number;
}

/** Granted versus requested scopes (duplicates ignored). */
export function compareScopes(requested: readonly string[], granted: readonly string[]): ScopeComparison {
  const grantedSet = new Set(granted);
  const requestedSet = new Set(requested);
  const rows = [...requestedSet].map((scope) => ({ scope, granted: grantedSet.has(scope) }));
  return {
    requested: rows,
    extra: [...grantedSet].filter((scope) => !requestedSet.has(scope)),
    declined: rows.filter((row) => !row.granted).length,
  };
}
