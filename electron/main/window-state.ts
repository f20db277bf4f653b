/**
 * The main window remembers its size, position and maximized state in the app's store (its own
 * key, next to the desk's). The saved record is validated (anything malformed means the default
 * size, centred); it is restored only onto the displays there are now: a window saved on a monitor
 * that is gone is recentred on the primary display, one partly off screen is moved fully onto the
 * display it overlaps most, and it is never larger than that display's work area nor smaller than
 * the window's minimum. Saved (debounced) while it is moved or resized, at once when it is closed
 * and when the app quits. No Electron import: the window, the displays and the timers are injected.
 */
import { toErrorInfo } from '../core/errors.ts';
import type { KeyValueStore, Logger, Timers } from '../core/ports.ts';
import { systemTimers } from '../core/ports.ts';

/** The store key; the desk's own keys never start with `window.`. */
export const WINDOW_STATE_KEY = 'window.mainBounds';

/** How long the window must stay still before a move or resize is saved. */
export const SAVE_DELAY_MS = 500;

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface SavedWindowState {
  /** The normal (not maximized, not full-screen) bounds. */
  readonly bounds: Rect;
  readonly maximized: boolean;
}

/** A display as Electron's `screen` reports it; only the work area (without task bars and docks) is used. */
export interface DisplayLike {
  readonly workArea: Rect;
}

export interface WindowSizeLimits {
  readonly minWidth: number;
  readonly minHeight: number;
}

export interface Placement {
  /** Where to put the window; null keeps the factory's default size, centred. */
  readonly bounds: Rect | null;
  readonly maximized: boolean;
}

/** Coordinates beyond this are not a real desktop (and would overflow some window systems). */
const MAX_COORDINATE = 1_000_000;
const MAX_SIZE = 100_000;

const isInt = (value: unknown, min: number, max: number): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;

/** The schema of the stored record: `{ bounds: { x, y, width, height }, maximized }`, integers in sane ranges. */
export function parseWindowState(raw: unknown): SavedWindowState | null {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return null;
  const { bounds, maximized } = raw as { bounds?: unknown; maximized?: unknown };
  if (typeof maximized !== 'boolean') return null;
  if (typeof bounds !== 'object' || bounds === null || Array.isArray(bounds)) return null;
  const { x, y, width, height } = bounds as Record<string, unknown>;
  if (!isInt(x, -MAX_COORDINATE, MAX_COORDINATE) || !isInt(y, -MAX_COORDINATE, MAX_COORDINATE)) return null;
  if (!isInt(width, 1, MAX_SIZE) || !isInt(height, 1, MAX_SIZE)) return null;
  return { bounds: { x, y, width, height }, maximized };
}

const overlapArea = (a: Rect, b: Rect): number => {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
};

/** Between the minimum and the work area; when the work area is smaller than the minimum, the minimum wins. */
const fitLength = (saved: number, available: number, minimum: number): number => Math.max(minimum, Math.min(saved, available));

/** Inside [start, start + available - length]; at `start` when it does not fit at all. */
const clampStart = (position: number, length: number, start: number, available: number): number =>
  Math.max(start, Math.min(position, start + available - length));

/**
 * Where the saved window goes on the displays there are now. `primary` is where a window whose
 * display is gone reappears, centred.
 */
export function placeWindow(
  saved: SavedWindowState | null,
  screen: { readonly displays: readonly DisplayLike[]; readonly primary: DisplayLike | null },
  limits: WindowSizeLimits,
): Placement {
  if (saved === null) return { bounds: null, maximized: false };
  const { bounds } = saved;
  let best: DisplayLike | null = null;
  let bestArea = 0;
  for (const display of screen.displays) {
    const area = overlapArea(bounds, display.workArea);
    if (area > bestArea) {
      best = display;
      bestArea = area;
    }
  }
  const target = best ?? screen.primary ?? screen.displays[0] ?? null;
  if (target === null) {
    // Nothing known about the screen: keep the size only, and let the window system place it.
    return { bounds: null, maximized: saved.maximized };
  }
  const area = target.workArea;
  const width = fitLength(bounds.width, area.width, limits.minWidth);
  const height = fitLength(bounds.height, area.height, limits.minHeight);
  if (best === null) {
    // Its monitor is gone (or it was entirely off screen): centre it on the primary display.
    const x = area.x + Math.max(0, Math.floor((area.width - width) / 2));
    const y = area.y + Math.max(0, Math.floor((area.height - height) / 2));
    return { bounds: { x, y, width, height }, maximized: saved.maximized };
  }
  return {
    bounds: { x: clampStart(bounds.x, width, area.x, area.width), y: clampStart(bounds.y, height, area.y, area.height), width, height },
    maximized: saved.maximized,
  };
}

/** The part of `BrowserWindow` the keeper uses; a real BrowserWindow satisfies it. */
export interface StatefulWindowLike {
  isDestroyed(): boolean;
  /** The bounds of the normal state, whether the window is maximized, minimized or full screen. */
  getNormalBounds(): Rect;
  isMaximized(): boolean;
  setBounds(bounds: Rect): void;
  maximize(): void;
  on(event: 'resize', listener: () => void): unknown;
  on(event: 'move', listener: () => void): unknown;
  on(event: 'maximize', listener: () => void): unknown;
  on(event: 'unmaximize', listener: () => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  on(event: 'closed', listener: () => void): unknown;
  /** Runs before `createMainWindow`'s own `show()` on the first paint. */
  prependOnceListener(event: 'ready-to-show', listener: () => void): unknown;
}

export interface WindowStateKeeperOptions {
  /** The app's store (`opened.store`). */
  readonly store: KeyValueStore;
  /** `screen.getAllDisplays()` and `screen.getPrimaryDisplay()`, read when a window is created. */
  readonly screen: () => { readonly displays: readonly DisplayLike[]; readonly primary: DisplayLike | null };
  readonly limits: WindowSizeLimits;
  readonly timers?: Timers;
  readonly saveDelayMs?: number;
  readonly logger?: Logger;
}

export interface WindowStateKeeper {
  /** Puts a new (not yet shown) window where the saved state says, then follows it. Returns the window. */
  manage<W extends StatefulWindowLike>(win: W): W;
  /** Saves the followed window's state now (the app is quitting); nothing when there is no window. */
  save(): void;
}

export function createWindowStateKeeper(options: WindowStateKeeperOptions): WindowStateKeeper {
  const timers = options.timers ?? systemTimers;
  const delay = options.saveDelayMs ?? SAVE_DELAY_MS;
  const { store, logger } = options;
  let current: StatefulWindowLike | null = null;
  let timer: unknown = null;
  /** What is in the store, so an unchanged state is not written again. */
  let written: string | null = null;

  const cancel = (): void => {
    if (timer !== null) timers.clearTimeout(timer);
    timer = null;
  };

  const saveNow = (): void => {
    cancel();
    const win = current;
    if (win === null || win.isDestroyed()) return;
    try {
      const b = win.getNormalBounds();
      const record: SavedWindowState = {
        bounds: { x: Math.round(b.x), y: Math.round(b.y), width: Math.round(b.width), height: Math.round(b.height) },
        maximized: win.isMaximized(),
      };
      if (parseWindowState(record) === null) return;
      const serialized = JSON.stringify(record);
      if (serialized === written) return;
      store.set(WINDOW_STATE_KEY, record);
      written = serialized;
    } catch (error) {
      // Losing the window's place is not worth more than a line in the log.
      logger?.warn('could not save the window position', { code: toErrorInfo(error).code });
    }
  };

  const later = (): void => {
    cancel();
    timer = timers.setTimeout(() => {
      timer = null;
      saveNow();
    }, delay);
  };

  return {
    manage(win) {
      cancel();
      current = win;
      let saved: SavedWindowState | null = null;
      try {
        saved = parseWindowState(store.get(WINDOW_STATE_KEY));
      } catch (error) {
        logger?.warn('could not read the window position', { code: toErrorInfo(error).code });
      }
      written = saved === null ? null : JSON.stringify(saved);
      try {
        const placement = placeWindow(saved, options.screen(), options.limits);
        if (placement.bounds !== null) win.setBounds(placement.bounds);
        // Maximized on the first paint, before it is shown: no flash of the normal size.
        if (placement.maximized) win.prependOnceListener('ready-to-show', () => win.maximize());
      } catch (error) {
        logger?.warn('could not restore the window position', { code: toErrorInfo(error).code });
      }
      const moved = (): void => {
        if (current === win) later();
      };
      win.on('resize', moved);
      win.on('move', moved);
      win.on('maximize', moved);
      win.on('unmaximize', moved);
      // Also when closing only hides it in the tray: the app may be ended without another event.
      win.on('close', () => {
        if (current === win) saveNow();
      });
      win.on('closed', () => {
        if (current !== win) return;
        cancel();
        current = null;
      });
      return win;
    },
    save: saveNow,
  };
}
