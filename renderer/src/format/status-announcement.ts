import { connectionState } from '../../../electron/shared/connection-state.ts';
import type { ConnectionView, ProviderView } from '../../../electron/shared/view-types.ts';
import { providerStatus } from './provider-status.ts';

/**
 * What the live region says about each provider (or, for a provider with several connections, each
 * connection), keyed so that a change can be found. `null` means "refreshing": a passing state that
 * is not announced, so a routine background refresh stays silent and only its outcome is spoken
 * when it differs from before.
 */
export type StatusSnapshot = ReadonlyMap<string, string | null>;

function connectionSentence(connection: ConnectionView, now: number): string | null {
  const state = connectionState(connection, now);
  switch (state.kind) {
    case 'refreshing':
      return null;
    case 'needs-reauth':
      return `${state.label}. ${connection.reauthorizationReason?.message ?? ''}`.trim();
    case 'error':
      return `${state.label}. ${connection.lastRefresh?.error?.message ?? ''}`.trim();
    default:
      return state.label;
  }
}

export function statusSnapshot(providers: readonly ProviderView[], now: number): StatusSnapshot {
  const snapshot = new Map<string, string | null>();
  for (const provider of providers) {
    const only = provider.connections.length === 1 ? provider.connections[0] : undefined;
    if (provider.pending || provider.connections.length === 0) {
      snapshot.set(provider.id, `${provider.displayName}: ${providerStatus(provider, now).label}`);
    } else if (only) {
      const sentence = connectionSentence(only, now);
      snapshot.set(provider.id, sentence === null ? null : `${provider.displayName}: ${sentence}`);
    } else {
      for (const connection of provider.connections) {
        const sentence = connectionSentence(connection, now);
        snapshot.set(`${provider.id}/${connection.id}`, sentence === null ? null : `${provider.displayName}, ${connection.accountLabel}: ${sentence}`);
      }
    }
  }
  return snapshot;
}

/**
 * Compares a new snapshot with the baseline: the sentences that changed (in list order), and the
 * next baseline, in which a refreshing entry keeps its previous sentence.
 */
export function statusChanges(before: StatusSnapshot, after: StatusSnapshot): { readonly changes: string[]; readonly baseline: StatusSnapshot } {
  const baseline = new Map<string, string | null>();
  const changes: string[] = [];
  for (const [key, sentence] of after) {
    const previous = before.get(key) ?? null;
    if (sentence === null) {
      baseline.set(key, previous);
      continue;
    }
    baseline.set(key, sentence);
    if (sentence !== previous) changes.push(sentence);
  }
  return { changes, baseline };
}

/** Joins sentences for one announcement, ending each with punctuation. */
export function joinSentences(sentences: readonly string[]): string {
  return sentences.map((s) => (/[.!?…]$/u.test(s) ? s : `${s}.`)).join(' ');
}
