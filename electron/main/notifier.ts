/**
 * The core's Notifier over Electron's `Notification`: a desktop notification per call (the desk calls
 * it once when a connection enters "needs re-authorization"); a click opens the window on that card.
 *
 * Electron pitfall: a Notification object that nothing references can be garbage-collected while it
 * is still on screen or in the notification centre, and its click is then lost. On Windows and Linux
 * `close` fires when the toast times out into the notification centre, where the person can still
 * click it, so `close` does not release it. A notification is kept until it is clicked, replaced by a
 * newer one for the same connection, or failed to show; at most MAX_HELD_NOTIFICATIONS are kept, the
 * oldest dropped first (one per connection, so only more than that many connections needing a sign-in
 * at once reach the cap).
 */
import type { Logger, Notifier } from '../core/ports.ts';

/** The part of Electron's `Notification` the notifier uses; a real Notification satisfies it. */
export interface NotificationLike {
  on(event: 'click', listener: () => void): unknown;
  on(event: 'failed', listener: () => void): unknown;
  show(): void;
  close(): void;
}

export interface DesktopNotifierOptions<N extends NotificationLike> {
  /** `Notification.isSupported()`: asked at each call (false: nothing is shown). */
  readonly isSupported: () => boolean;
  /** `(o) => new Notification(o)`. */
  readonly createNotification: (options: { readonly title: string; readonly body: string }) => N;
  /** Shows the window on this connection's card (WindowPresenter.show). */
  readonly onOpenConnection: (connectionId: string) => void;
  readonly logger?: Logger;
}

/** How many notifications are kept referenced at most; beyond it the oldest is dropped (not closed). */
export const MAX_HELD_NOTIFICATIONS = 20;

export interface DesktopNotifier extends Notifier {
  /** How many notifications are held (shown and not yet clicked, replaced or failed). */
  readonly held: number;
}

export function createDesktopNotifier<N extends NotificationLike>(options: DesktopNotifierOptions<N>): DesktopNotifier {
  /** Oldest first (Map keeps insertion order; a replacement is re-inserted at the end). */
  const shown = new Map<string, N>();
  let unsupportedLogged = false;

  const release = (connectionId: string, notification: N): void => {
    if (shown.get(connectionId) === notification) shown.delete(connectionId);
  };

  const hold = (connectionId: string, notification: N): void => {
    shown.delete(connectionId);
    shown.set(connectionId, notification);
    // Dropping the reference only lets the oldest be collected; closing it would take it out of the
    // notification centre too.
    for (const oldest of shown.keys()) {
      if (shown.size <= MAX_HELD_NOTIFICATIONS) break;
      shown.delete(oldest);
    }
  };

  return {
    get held() {
      return shown.size;
    },
    notify({ connectionId, title, body }) {
      let notification: N | undefined;
      try {
        if (!options.isSupported()) {
          if (!unsupportedLogged) options.logger?.info('desktop notifications are not supported here');
          unsupportedLogged = true;
          return;
        }
        const created = options.createNotification({ title, body });
        notification = created;
        created.on('click', () => {
          release(connectionId, created);
          try {
            options.onOpenConnection(connectionId);
          } catch {
            options.logger?.warn('could not open the window from a notification');
          }
        });
        // No release on 'close': on Windows and Linux it also fires when the toast moves into the
        // notification centre, where a click must still reach the handler above.
        created.on('failed', () => {
          release(connectionId, created);
          options.logger?.warn('a desktop notification could not be shown');
        });
        const previous = shown.get(connectionId);
        hold(connectionId, created);
        if (previous !== undefined) {
          try {
            previous.close();
          } catch {
            // Already gone: nothing to do.
          }
        }
        created.show();
      } catch {
        // A notification is a courtesy: it never breaks the desk's refresh path.
        if (notification !== undefined) release(connectionId, notification);
        options.logger?.warn('a desktop notification could not be shown');
      }
    },
  };
}
