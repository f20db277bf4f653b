/**
 * What the window says when the app's own store could not be read in full (S21, S22): the file was
 * moved aside (the app started signed out), sections of the wrong type were cleared after a copy was
 * kept, or single records were kept in the file but not used. Each says what happened, where the
 * old data is, and what to do. Shown with the configuration problems (settings:list-problems).
 */
import type { ConfigProblemView } from '../../shared/settings-types.ts';
import type { MovedAsideReason, StoreStatus } from './store-check.ts';
import { SECTION_NAMES } from './store-check.ts';

export interface SavedDataFindings {
  readonly status: StoreStatus | null;
  /** Keys of stored connections that could not be read (kept in the file). */
  readonly unreadableConnections: readonly string[];
  /** Providers whose saved client ID and secret could not be read. */
  readonly unreadableClients: readonly string[];
  /** Providers whose saved sign-in mode or redirect port could not be read. */
  readonly unreadableProviderSettings: readonly string[];
  /** The storage choice (refresh tokens on disk) could not be read. */
  readonly storagePreferencesUnreadable: boolean;
}

const WHAT_WAS_WRONG: Readonly<Record<MovedAsideReason, string>> = {
  empty: "OAuth Desk's data file was empty",
  'not-json': "OAuth Desk's data file was damaged (it is not valid JSON)",
  'not-an-object': "OAuth Desk's data file did not hold OAuth Desk's data",
  unreadable: "OAuth Desk's data file could not be read",
};

/** A name from the file, shown as text: bounded, so a huge key cannot flood the window. */
const shown = (name: string): string => (name.length > 64 ? `${name.slice(0, 64)}…` : name);

function problem(code: string, message: string, hint: string, file: string | null, providerId: string | null = null): ConfigProblemView {
  return { code, message, hint, file, providerId, field: null, area: 'saved-data' };
}

function listed(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

export function savedDataProblems(findings: SavedDataFindings): ConfigProblemView[] {
  const problems: ConfigProblemView[] = [];
  const { status } = findings;
  const storeFile = status?.file ?? null;
  if (status?.movedAside) {
    const { to, reason } = status.movedAside;
    problems.push(
      problem(
        'store_moved_aside',
        `${WHAT_WAS_WRONG[reason]}, so OAuth Desk started signed out, without saved connections or settings.`,
        `Nothing was deleted: the old file was moved to ${to}. Connect your accounts again, and enter again any client IDs, secrets and custom providers you had set up. To get them back instead, quit OAuth Desk, repair that file and put it back as ${status.file}.`,
        to,
      ),
    );
  }
  if (status?.resetSections) {
    const { keys, copiedTo } = status.resetSections;
    const names = keys.map((key) => SECTION_NAMES[key] ?? key);
    problems.push(
      problem(
        'store_sections_reset',
        `Part of OAuth Desk's data file was not in the expected form and could not be used: the ${listed(names)}.`,
        `A copy of the file as it was is at ${copiedTo}; everything else was kept and works. ${keys.includes('connections') ? 'Connect your accounts again. ' : ''}Set up what is missing again in Settings.`,
        copiedTo,
      ),
    );
  }
  const connections = findings.unreadableConnections.length;
  if (connections > 0) {
    const one = connections === 1;
    problems.push(
      problem(
        'connections_unreadable',
        `${one ? '1 saved connection' : `${connections} saved connections`} could not be read.`,
        `${one ? 'It is' : 'They are'} kept unchanged in the data file but not shown or used. Connect the ${one ? 'account' : 'accounts'} again if you need ${one ? 'it' : 'them'}; a later version of OAuth Desk may be able to read the old ${one ? 'entry' : 'entries'}.`,
        storeFile,
      ),
    );
  }
  for (const providerId of findings.unreadableClients) {
    problems.push(
      problem(
        'client_credentials_unreadable',
        `The client ID and secret saved for "${shown(providerId)}" could not be read, so they are not used.`,
        "Enter the client ID (and secret) again in that provider's Settings; saving replaces the unreadable entry.",
        storeFile,
        shown(providerId),
      ),
    );
  }
  for (const providerId of findings.unreadableProviderSettings) {
    problems.push(
      problem(
        'provider_settings_unreadable',
        `The sign-in mode or redirect port saved for "${shown(providerId)}" could not be read, so the provider's defaults are used.`,
        "Choose them again in that provider's Settings.",
        storeFile,
        shown(providerId),
      ),
    );
  }
  if (findings.storagePreferencesUnreadable) {
    problems.push(
      problem(
        'storage_preferences_unreadable',
        'The saved choice about keeping refresh tokens on disk could not be read.',
        'Refresh tokens are kept in memory only until you choose again in Storage & security.',
        storeFile,
      ),
    );
  }
  return problems;
}
