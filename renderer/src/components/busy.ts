/**
 * A control whose call is under way: shown and announced as unavailable (aria-disabled), but still
 * focusable, so keyboard focus stays on it (a disabled control drops focus to the page and a screen
 * reader loses its place). Its handler must ignore activation meanwhile: `useAction().run` ignores
 * a call whose name is already in flight. Pair it with a busy label ("Saving…").
 */
export function busyProps(busy: boolean): { readonly 'aria-disabled'?: true } {
  return busy ? { 'aria-disabled': true } : {};
}
