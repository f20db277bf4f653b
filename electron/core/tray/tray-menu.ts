/**
 * The tray menu as plain data: a pure function of the pushed provider views and the clock. The
 * Electron adapter (electron/main/tray.ts) only renders this model and rebuilds it on changes.
 *
 * Expiry is shown as a clock time ("expires 14:32"), not a countdown, so an open menu does not go
 * stale between rebuilds. Views carry no tokens, so neither can the menu or the tooltip.
 */
import { EXPIRING_SOON_MS, canRefresh, connectionState, needsSignIn } from '../../shared/connection-state.ts';
import type { ConnectionStateKind } from '../../shared/connection-state.ts';
import type { ConnectionView, ProviderView } from '../../shared/view-types.ts';

/** What a menu item does when clicked. `open` with a connection id opens the window on that card. */
export type TrayAction =
  | { readonly type: 'refresh'; readonly connectionId: string }
  | { readonly type: 'refresh-all' }
  | { readonly type: 'open'; readonly connectionId: string | null }
  | { readonly type: 'quit' };

export type TrayMenuItem =
  /** A disabled line that only informs (one per connection, or "No connections"). */
  | { readonly kind: 'info'; readonly label: string }
  | { readonly kind: 'action'; readonly label: string; readonly enabled: boolean; readonly action: TrayAction }
  | { readonly kind: 'separator' };

export interface TrayMenuModel {
  /** Plain text, at most TOOLTIP_MAX_LENGTH characters. */
  readonly tooltip: string;
  readonly items: readonly TrayMenuItem[];
  /**
   * The next moment the model changes with the clock alone (a token expires, or a connection
   * without a refresh token starts "expiring soon"); null when only a new push can change it.
   */
  readonly nextChangeAt: number | null;
}

export interface TrayMenuFormat {
  /** A short local clock time for `epochMs`, e.g. "14:32" (today) or "Tue 09:05"; `now` says what today is. */
  formatTime(epochMs: number, now: number): string;
}

/** Windows truncates tray tooltips at 127 characters; keep every platform within that. */
export const TOOLTIP_MAX_LENGTH = 127;
/** Provider and account names are cut to this many characters in the menu. */
export const LABEL_MAX_LENGTH = 48;
export const APP_NAME = 'OAuth Desk';

/** Removes control characters (a name could hold a newline) and cuts long text with an ellipsis. */
export function cleanLabel(text: string, max = LABEL_MAX_LENGTH): string {
  const flat = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').replace(/\s+/g, ' ').trim();
  const chars = [...flat];
  return chars.length <= max ? flat : chars.slice(0, max - 1).join('').trimEnd() + '…';
}

interface Entry {
  readonly provider: ProviderView;
  readonly connection: ConnectionView;
  readonly kind: ConnectionStateKind;
  readonly stateLabel: string;
  readonly providerName: string;
  readonly account: string;
}

function infoLine(entry: Entry, now: number, format: TrayMenuFormat): string {
  const name = `${entry.providerName} (${entry.account})`;
  const expiresAt = entry.connection.expiresAt;
  if (expiresAt === null) return `${name} — ${entry.stateLabel}`;
  const time = format.formatTime(expiresAt, now);
  if (entry.kind === 'expired') return `${name} — ${entry.stateLabel} at ${time}`;
  return `${name} — ${entry.stateLabel}, ${expiresAt > now ? 'expires' : 'expired'} ${time}`;
}

function tooltipOf(entries: readonly Entry[], now: number, format: TrayMenuFormat): string {
  if (entries.length === 0) return `${APP_NAME} — no connections`;
  const reauth = entries.filter((e) => e.kind === 'needs-reauth').length;
  if (reauth > 0) return `${APP_NAME} — ${reauth} ${reauth === 1 ? 'needs' : 'need'} re-authorization`;
  let next: Entry | null = null;
  for (const e of entries) {
    const at = e.connection.expiresAt;
    if (at === null || at <= now) continue;
    if (next === null || at < (next.connection.expiresAt as number)) next = e;
  }
  if (next !== null) {
    return `${APP_NAME} — next expiry: ${next.providerName} (${next.account}) at ${format.formatTime(next.connection.expiresAt as number, now)}`;
  }
  const expired = entries.filter((e) => e.kind === 'expired').length;
  if (expired > 0) return `${APP_NAME} — ${expired} expired`;
  return `${APP_NAME} — ${entries.length} ${entries.length === 1 ? 'connection' : 'connections'}`;
}

function nextChangeOf(entries: readonly Entry[], now: number): number | null {
  let next: number | null = null;
  const consider = (at: number): void => {
    if (at > now && (next === null || at < next)) next = at;
  };
  for (const { connection } of entries) {
    if (connection.expiresAt === null) continue;
    consider(connection.expiresAt);
    if (!connection.hasRefreshToken) consider(connection.expiresAt - EXPIRING_SOON_MS);
  }
  return next;
}

function truncateTooltip(text: string): string {
  const chars = [...text];
  return chars.length <= TOOLTIP_MAX_LENGTH ? text : chars.slice(0, TOOLTIP_MAX_LENGTH - 1).join('') + '…';
}

/**
 * The menu: one info line per connection; Refresh all; "Refresh <account>" for each connection that
 * holds a refresh token and does not need re-authorization; "Re-authorize <account>…" (opens the
 * window on its card) where only signing in again helps; Open OAuth Desk; Quit.
 */
export function buildTrayMenu(providers: readonly ProviderView[], now: number, format: TrayMenuFormat): TrayMenuModel {
  const entries: Entry[] = [];
  for (const provider of providers) {
    for (const connection of provider.connections) {
      const state = connectionState(connection, now);
      entries.push({
        provider,
        connection,
        kind: state.kind,
        stateLabel: state.label,
        providerName: cleanLabel(provider.displayName) || provider.id,
        account: cleanLabel(connection.accountLabel) || 'unnamed account',
      });
    }
  }

  // The same account label at two providers: name the provider in the action too.
  const labelCounts = new Map<string, number>();
  for (const e of entries) labelCounts.set(e.account, (labelCounts.get(e.account) ?? 0) + 1);
  const target = (e: Entry): string => ((labelCounts.get(e.account) ?? 0) > 1 ? `${e.account} (${e.providerName})` : e.account);

  const items: TrayMenuItem[] = [];
  if (entries.length === 0) items.push({ kind: 'info', label: 'No connections' });
  for (const e of entries) items.push({ kind: 'info', label: infoLine(e, now, format) });
  items.push({ kind: 'separator' });

  const refreshable = entries.filter((e) => canRefresh(e.connection));
  items.push({
    kind: 'action',
    label: 'Refresh all',
    enabled: refreshable.some((e) => !e.connection.refreshing),
    action: { type: 'refresh-all' },
  });
  for (const e of entries) {
    if (canRefresh(e.connection)) {
      items.push({
        kind: 'action',
        label: `Refresh ${target(e)}`,
        enabled: !e.connection.refreshing,
        action: { type: 'refresh', connectionId: e.connection.id },
      });
    } else if (needsSignIn(e.connection, now)) {
      items.push({
        kind: 'action',
        label: `Re-authorize ${target(e)}…`,
        enabled: true,
        action: { type: 'open', connectionId: e.connection.id },
      });
    }
  }

  items.push({ kind: 'separator' });
  items.push({ kind: 'action', label: `Open ${APP_NAME}`, enabled: true, action: { type: 'open', connectionId: null } });
  items.push({ kind: 'action', label: 'Quit', enabled: true, action: { type: 'quit' } });

  return { tooltip: truncateTooltip(tooltipOf(entries, now, format)), items, nextChangeAt: nextChangeOf(entries, now) };
}

const DAY_MS = 24 * 60 * 60_000;

/**
 * The default `formatTime`: "14:32" for today, "Tue 14:32" within the coming or past week, "12 Mar
 * 14:32" beyond, in the person's locale (12- or 24-hour as the locale has it) and time zone.
 */
export function createClockTimeFormatter(options: { readonly locale?: string; readonly timeZone?: string } = {}): TrayMenuFormat {
  const base: Intl.DateTimeFormatOptions = options.timeZone === undefined ? {} : { timeZone: options.timeZone };
  const day = new Intl.DateTimeFormat(options.locale, { ...base, year: 'numeric', month: '2-digit', day: '2-digit' });
  const time = new Intl.DateTimeFormat(options.locale, { ...base, timeStyle: 'short' });
  const weekday = new Intl.DateTimeFormat(options.locale, { ...base, weekday: 'short' });
  const date = new Intl.DateTimeFormat(options.locale, { ...base, day: 'numeric', month: 'short' });
  return {
    formatTime(epochMs, now) {
      const at = new Date(epochMs);
      if (day.format(at) === day.format(new Date(now))) return time.format(at);
      if (Math.abs(epochMs - now) < 6 * DAY_MS) return `${weekday.format(at)} ${time.format(at)}`;
      return `${date.format(at)} ${time.format(at)}`;
    },
  };
}
