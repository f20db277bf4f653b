/**
 * App lifecycle glue, kept out of index.ts so it can be tested: a clean shutdown (desk.close()
 * before quitting, once), focusing the existing window for a second instance, and a baseline
 * hardening of every WebContents the app ever creates.
 */
import type { Logger } from '../core/ports.ts';

export interface QuitAppLike {
  on(event: 'before-quit', listener: (event: { preventDefault(): void }) => void): unknown;
  on(event: 'window-all-closed', listener: () => void): unknown;
  quit(): void;
}

/**
 * `window-all-closed` quits (on every platform); `before-quit` is held until `close()` settles
 * (at most `timeoutMs`), then the app quits for real.
 */
export function installQuitHandlers(app: QuitAppLike, close: () => Promise<void>, logger?: Logger, timeoutMs = 5000): void {
  let state: 'running' | 'closing' | 'closed' = 'running';
  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', (event) => {
    if (state === 'closed') return;
    event.preventDefault();
    if (state === 'closing') return;
    state = 'closing';
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        logger?.warn('shutdown took too long, quitting anyway');
        resolve();
      }, timeoutMs);
    });
    Promise.race([
      close().catch(() => {
        logger?.error('error while shutting down');
      }),
      timeout,
    ]).finally(() => {
      clearTimeout(timer);
      state = 'closed';
      app.quit();
    });
  });
}

export interface FocusableWindowLike {
  isDestroyed(): boolean;
  isMinimized(): boolean;
  restore(): void;
  show(): void;
  focus(): void;
}

/** A second instance was started: bring the existing window to the front. */
export function focusWindow(win: FocusableWindowLike | null): void {
  if (win === null || win.isDestroyed()) return;
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
}

export interface AnyWebContentsLike {
  on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

/**
 * For `app.on('web-contents-created')`: every WebContents starts with window.open denied and
 * <webview> blocked (S24), before the window-specific hardening replaces the open handler.
 */
export function baselineHarden(contents: AnyWebContentsLike): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-attach-webview', (event) => event.preventDefault());
}
