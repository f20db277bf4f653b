/**
 * "Export timeline": the inspector's timeline as a pretty JSON file, marked with its format and
 * version so a reader can tell what it is, and a safe file name for it. The steps are exported as
 * the renderer has them, secrets masked (S29). Pure: no Node or browser APIs.
 */
import type { FlowTimelineView } from './flow-types.ts';

export const TIMELINE_EXPORT_FORMAT = 'oauth-desk-flow-timeline';
export const TIMELINE_EXPORT_VERSION = 1;

export interface TimelineExportMeta {
  readonly providerName: string;
  readonly accountLabel: string | null;
  /** Epoch milliseconds. */
  readonly exportedAt: number;
}

function isoTime(epochMs: number): string | null {
  return Number.isFinite(epochMs) && Math.abs(epochMs) <= 8.64e15 ? new Date(epochMs).toISOString() : null;
}

export function timelineExport(timeline: FlowTimelineView, meta: TimelineExportMeta): string {
  const document = {
    format: TIMELINE_EXPORT_FORMAT,
    version: TIMELINE_EXPORT_VERSION,
    exportedAt: isoTime(meta.exportedAt),
    provider: meta.providerName,
    account: meta.accountLabel,
    target: timeline.target,
    note: 'Secrets are masked: a masked value shows at most its first 4 characters and its length.',
    capacity: timeline.capacity,
    dropped: timeline.dropped,
    steps: timeline.steps,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** Lower-case letters, digits and single dashes; accents dropped; never empty. */
function slug(text: string, fallback: string): string {
  const cleaned = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, 40)
    .replace(/^-+|-+$/g, '');
  return cleaned === '' ? fallback : cleaned;
}

/** E.g. `oauth-desk-sandbox-2026-11-21T10-00-00Z.json`: no characters any file system refuses. */
export function exportFileName(meta: TimelineExportMeta): string {
  const time = isoTime(meta.exportedAt);
  const stamp = time === null ? 'undated' : `${time.slice(0, 19).replace(/:/g, '-')}Z`;
  return `oauth-desk-${slug(meta.providerName, 'provider')}-${stamp}.json`;
}
