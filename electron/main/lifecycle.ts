/**
 * App lifecycle glue, kept out of index.ts so it can be tested: a clean shutdown (desk.close()
 * before quitting, once), staying alive in the tray when the last window closes, focusing the
 * existing window for a second instance, and a baseline hardening of every WebContents.
 */
import type { Logger } from '../core/ports.ts';

export interface QuitAppLike {
  on(event: 'before-quit', listener: (event: { preventDefault(): void }) => void): unknown;
  on(event: 'window-all-closed', listener: () => void): unknown;
  quit(): void;
}

export interface QuitHandlerOptions {
  /** Runs once before the app really quits (desk.close()); the quit waits for it, at most `timeoutMs`. */
  readonly close: () => Promise<void>;
  readonly logger?: Logger;
  readonly timeoutMs?: number;
  /**
   * Asked on `window-all-closed`: true while something else (the tray) keeps the app reachable, so
   * closing the last window does not quit. Without it, or when it answers false, the app quits.
   */
  readonly keepRunningWithoutWindows?: () => boolean;
  /**
   * Runs once, synchronously, when the quit begins, before `close()` and while the windows still
   * exist (the main window's position is saved). A failure is logged and does not stop the quit.
   */
  readonly onQuitStart?: () => void;
}

export interface QuitState {
  /** True from the first `before-quit` on: closing a window then really closes it. */
  isQuitting(): boolean;
}

/**
 * `window-all-closed` quits unless `keepRunningWithoutWindows()` says the tray keeps the app alive;
 * `before-quit` is held until `close()` settles (at most `timeoutMs`), then the app quits for real.
 */
export function installQuitHandlers(app: QuitAppLike, options: QuitHandlerOptions): QuitState {
  const { close, logger, timeoutMs = 5000, keepRunningWithoutWindows, onQuitStart } = options;
  let state: 'running' | 'closing' | 'closed' = 'running';
  app.on('window-all-closed', () => {
    if (state === 'running' && keepRunningWithoutWindows?.() === true) return;
    app.quit();
  });
  app.on('before-quit', (event) => {
    if (state === 'closed') return;
    event.preventDefault();
    if (state === 'closing') return;
    state = 'closing';
    try {
      onQuitStart?.();
    } catch {
      logger?.error('error while preparing to quit');
    }
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
  return { isQuitting: () => state !== 'running' };
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
