import { useEffect } from 'react';

/**
 * Marks where keyboard focus goes when the focused control next to it disappears or becomes
 * unavailable (see useFocusRescue): the connection once a sign-in succeeds, Connect once the last
 * connection is gone, "Keep it" once "Remove provider" asks to confirm. A page's heading
 * (`.page > .page-title`, focusable) counts as marked too.
 */
export const FOCUS_RESCUE = 'data-focus-rescue';

/** `<button {...focusRescue}>`: a place for focus in its part of the page. */
export const focusRescue = { [FOCUS_RESCUE]: '' } as const;

/** `<a {...focusNextStep}>`: the next thing to do there ("Open sign-in page"), preferred over any other mark. */
export const focusNextStep = { [FOCUS_RESCUE]: 'next-step' } as const;

/** How far up a rescue looks for a marked element: the card, settings section or page the control was in. */
const BOUNDARY = 'section[aria-labelledby], .page, main';

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), summary, [tabindex]';

function usable(element: HTMLElement): boolean {
  if (!element.isConnected || element.closest('[hidden], [inert]')) return false;
  if (element.matches(':disabled')) return false;
  return element.getClientRects().length > 0;
}

/**
 * Where focus goes after `lost`, given `lost` and its ancestors (as they were when it had focus):
 * a marked next step in the same card or page; else the closest marked element (an ancestor, such
 * as the connection it was in, or inside one, or the page's heading); else the first focusable
 * element of the closest part of the page that is still there.
 */
export function rescueTarget(chain: readonly HTMLElement[]): HTMLElement | null {
  const scopes: HTMLElement[] = [];
  for (const element of chain.slice(1)) {
    if (!element.isConnected) continue;
    scopes.push(element);
    if (element.matches(BOUNDARY)) break;
  }
  for (const scope of scopes) {
    const next = [...scope.querySelectorAll<HTMLElement>(`[${FOCUS_RESCUE}="next-step"]`)].find(usable);
    if (next) return next;
  }
  for (const scope of scopes) {
    if (scope.hasAttribute(FOCUS_RESCUE) && usable(scope)) return scope;
    const marked = [...scope.querySelectorAll<HTMLElement>(`[${FOCUS_RESCUE}]`)].find(usable);
    if (marked) return marked;
    const heading = scope.matches('.page') ? scope.querySelector<HTMLElement>(':scope > .page-title') : null;
    if (heading && usable(heading)) return heading;
  }
  for (const element of chain.slice(1)) {
    if (!element.isConnected) continue;
    const first = [...element.querySelectorAll<HTMLElement>(FOCUSABLE)].find(usable);
    if (first) return first;
  }
  return null;
}

/**
 * Keeps keyboard focus in the window when the focused control is removed (Connect replaced by the
 * waiting sign-in, a dismissed notice, a disconnected account) or disabled (Re-authorize while a
 * sign-in runs). Browsers drop focus to the page then: a screen reader loses its place and the
 * next Tab starts from wherever the control was. Here, once the DOM has settled and nothing else
 * placed focus (pages focus their heading, Back focuses the control that opened the page), focus
 * goes to the closest sensible place (rescueTarget).
 */
export function useFocusRescue(): void {
  useEffect(() => {
    /** The element that last had focus, then its ancestors up to <body>. */
    let chain: HTMLElement[] = [];
    let timer: ReturnType<typeof setTimeout> | null = null;

    const onFocusIn = (event: FocusEvent): void => {
      chain = [];
      for (let element = event.target instanceof HTMLElement ? event.target : null; element && element !== document.body; element = element.parentElement) {
        chain.push(element);
      }
    };

    const lostFocus = (): boolean => {
      const lost = chain[0];
      return lost !== undefined && (!lost.isConnected || lost.matches(':disabled'));
    };

    const rescue = (): void => {
      timer = null;
      if (!lostFocus()) return;
      // Someone else placed focus already.
      const active = document.activeElement;
      if (active !== null && active !== document.body && active !== chain[0]) return;
      rescueTarget(chain)?.focus();
    };

    // Checked after the current task, so a component's own effect that moves focus goes first.
    const observer = new MutationObserver(() => {
      if (timer === null && lostFocus()) timer = setTimeout(rescue, 0);
    });
    observer.observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ['disabled'] });
    document.addEventListener('focusin', onFocusIn);
    return () => {
      observer.disconnect();
      document.removeEventListener('focusin', onFocusIn);
      if (timer !== null) clearTimeout(timer);
    };
  }, []);
}
