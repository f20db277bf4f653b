const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function span(ms: number): string {
  if (ms < HOUR) return `${Math.floor(ms / MINUTE)} min`;
  if (ms < DAY) return `${Math.floor(ms / HOUR)} h`;
  const days = Math.floor(ms / DAY);
  return days === 1 ? '1 day' : `${days} days`;
}

/**
 * A moment relative to `now` (both epoch ms), rounded down: "just now", "2 min ago", "3 h ago",
 * "2 days ago"; ahead of `now`: "in less than a minute", "in 3 min", "in 1 h", "in 1 day".
 */
export function formatRelativeTime(at: number, now: number): string {
  const diff = at - now;
  if (Math.abs(diff) < MINUTE) return diff <= 0 ? 'just now' : 'in less than a minute';
  return diff < 0 ? `${span(-diff)} ago` : `in ${span(diff)}`;
}

/**
 * For something that has happened ("refreshed 2 min ago"). The shared clock ticks once a second, so
 * an event pushed a moment ago can look slightly ahead of it: that still reads "just now".
 */
export function formatAgo(at: number, now: number): string {
  return formatRelativeTime(Math.min(at, now), now);
}
