/**
 * The core's Notifier over Electron's `Notification`: a desktop notification per call (the desk calls
 * it once when a connection enters "needs re-authorization"); a click opens the window on that card.
 *
 * Electron pitfall: a Notification object that nothing references can be garbage-collected while it
 * is still on screen, and its click is then lost. Shown notifications are kept until they are
 * clicked, closed or failed (at most one per connection: a newer one replaces the older).
 */
import type { Logger, Notifier } from '../core/ports.ts';

/** The part of Electron's `Notification` the notifier uses; a real Notification satisfies it. */
export interface NotificationLike {
  on(event: 'click', listener: () => void): unknown;
  on(event: 'close', listener: () => void): unknown;
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

export interface DesktopNotifier extends Notifier {
  /** How many notifications are held (shown and not yet clicked, closed or failed). */
  readonly held: number;
}

export function createDesktopNotifier<N extends NotificationLike>(options: DesktopNotifierOptions<N>): DesktopNotifier {
  const shown = new Map<string, N>();
  let unsupportedLogged = false;

  const release = (connectionId: string, notification: N): void => {
    if (shown.get(connectionId) === notification) shown.delete(connectionId);
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
        created.on('close', () => release(connectionId, created));
        created.on('failed', () => {
          release(connectionId, created);
          options.logger?.warn('a desktop notification could not be shown');
        });
        const previous = shown.get(connectionId);
        shown.set(connectionId, created);
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
