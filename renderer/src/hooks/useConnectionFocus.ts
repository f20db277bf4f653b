import { useEffect, useRef } from 'react';
import type { ProviderView } from '../../../electron/shared/view-types.ts';
import { useApi } from './useApi.ts';

/** The DOM id of a connection's `<article>` (connection ids are [A-Za-z0-9._:-], valid in ids). */
export function connectionAnchorId(connectionId: string): string {
  return `connection-${connectionId}`;
}

/** Marks the article while focus is there because of a request, so CSS can show where it went. */
const REQUESTED = 'data-focus-requested';

function reveal(connectionId: string): boolean {
  const element = document.getElementById(connectionAnchorId(connectionId));
  if (!element) return false;
  const reduceMotion = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  element.scrollIntoView({ block: 'start', behavior: reduceMotion ? 'auto' : 'smooth' });
  element.setAttribute(REQUESTED, '');
  element.addEventListener('blur', () => element.removeAttribute(REQUESTED), { once: true });
  element.focus({ preventScroll: true });
  return true;
}

/**
 * Handles `connections:focus` (sent when a desktop notification is clicked): scrolls that connection's
 * card into view and moves keyboard focus to it. A request for a connection not shown yet (the list
 * is still loading) is kept until it appears.
 */
export function useConnectionFocus(providers: readonly ProviderView[] | null): void {
  const api = useApi();
  const waiting = useRef<string | null>(null);

  useEffect(
    () =>
      api.on('connections:focus', ({ connectionId }) => {
        waiting.current = reveal(connectionId) ? null : connectionId;
      }),
    [api],
  );

  useEffect(() => {
    const connectionId = waiting.current;
    if (connectionId === null || providers === null) return;
    const known = providers.some((p) => p.connections.some((c) => c.id === connectionId));
    // Once the list is there, a connection missing from it was disconnected: forget the request.
    if (!known || reveal(connectionId)) waiting.current = null;
  }, [providers]);
}
