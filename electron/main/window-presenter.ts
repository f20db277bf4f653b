/**
 * Owns the main window's life with the tray: closing the window hides it (the app stays in the
 * tray) unless the app is quitting; "Open OAuth Desk", a notification click or a second instance
 * show and focus it (creating it again if it was destroyed), and can ask its page to show one
 * connection's card (`connections:focus`), once the page has loaded.
 */
import type { Logger } from '../core/ports.ts';
import type { EventName, IpcEvents } from '../shared/ipc-contract.ts';
import type { FocusableWindowLike } from './lifecycle.ts';
import { focusWindow } from './lifecycle.ts';

/** The part of `WebContents` the presenter uses; a real WebContents satisfies it. */
export interface PresentableWebContentsLike {
  isDestroyed(): boolean;
  isLoading(): boolean;
  getURL(): string;
  send(channel: string, ...args: unknown[]): void;
  on(event: 'did-finish-load', listener: () => void): unknown;
}

/** The part of `BrowserWindow` the presenter uses; a real BrowserWindow satisfies it. */
export interface PresentableWindowLike extends FocusableWindowLike {
  readonly webContents: PresentableWebContentsLike;
  hide(): void;
  isFullScreen(): boolean;
  setFullScreen(flag: boolean): void;
  on(event: 'close', listener: (event: { preventDefault(): void }) => void): unknown;
  on(event: 'closed', listener: () => void): unknown;
  /** Windows: the session is ending (shutdown, log-off); closing must not be held any more. */
  on(event: 'session-end', listener: () => void): unknown;
  once(event: 'leave-full-screen', listener: () => void): unknown;
}

export interface WindowPresenterOptions<W extends PresentableWindowLike> {
  /** Creates (and starts loading) the main window: `createMainWindow(...)`. */
  readonly createWindow: () => W;
  /** Asked when the window is closed: true hides it instead (a tray keeps the app, and it is not quitting). */
  readonly hideOnClose: () => boolean;
  /** Events go only to a page of the app's own origins (like `providers:changed`). */
  readonly isTrustedUrl: (url: string) => boolean;
  readonly logger?: Logger;
}

export interface WindowPresenter<W> {
  /** The window, or null while there is none (never created, or destroyed). */
  current(): W | null;
  /** Creates the window if there is none; shows it when its first paint is ready. */
  ensure(): W;
  /** Shows and focuses the window (creating it if needed); with an id, then shows that connection's card. */
  show(connectionId?: string | null): void;
}

const FOCUS_EVENT: EventName = 'connections:focus';

export function createWindowPresenter<W extends PresentableWindowLike>(options: WindowPresenterOptions<W>): WindowPresenter<W> {
  let win: W | null = null;
  /** The current window's page has finished loading at least once. */
  let loaded = false;
  /** A card to show once the page has loaded (the latest request wins). */
  let pendingFocus: string | null = null;
  let sessionEnding = false;

  const send = (target: W, connectionId: string): void => {
    const contents = target.webContents;
    if (contents.isDestroyed()) return;
    if (!options.isTrustedUrl(contents.getURL())) {
      options.logger?.warn('did not send an event to an untrusted page', { event: FOCUS_EVENT });
      return;
    }
    const data: IpcEvents['connections:focus'] = { connectionId };
    contents.send(FOCUS_EVENT, data);
  };

  const create = (): W => {
    const created = options.createWindow();
    win = created;
    loaded = false;
    pendingFocus = null;
    created.webContents.on('did-finish-load', () => {
      if (win !== created) return;
      loaded = true;
      if (pendingFocus !== null) {
        const id = pendingFocus;
        pendingFocus = null;
        send(created, id);
      }
    });
    created.on('close', (event) => {
      if (sessionEnding || !options.hideOnClose()) return;
      event.preventDefault();
      // macOS leaves a black screen when a full-screen window is hidden: leave full screen first.
      if (created.isFullScreen()) {
        created.once('leave-full-screen', () => created.hide());
        created.setFullScreen(false);
      } else {
        created.hide();
      }
    });
    created.on('session-end', () => {
      sessionEnding = true;
    });
    created.on('closed', () => {
      if (win !== created) return;
      win = null;
      loaded = false;
      pendingFocus = null;
    });
    return created;
  };

  const current = (): W | null => (win !== null && !win.isDestroyed() ? win : null);

  return {
    current,
    ensure: () => current() ?? create(),
    show(connectionId) {
      let target = current();
      if (target === null) {
        // A new window shows itself when its first paint is ready (createMainWindow).
        target = create();
      } else {
        focusWindow(target);
      }
      if (connectionId === undefined || connectionId === null) return;
      if (loaded && !target.webContents.isLoading()) send(target, connectionId);
      else pendingFocus = connectionId;
    },
  };
}
