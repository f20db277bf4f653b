/**
 * The renderer's one entry to OAuth Desk: the Electron preload when present, the web channel otherwise.
 */
import type { OAuthDeskApi } from '../../../electron/shared/ipc-contract.ts';
import { createApi, transportFromPreload } from '../../../electron/shared/ipc-contract.ts';
import type { ChannelState } from './web-transport.ts';
import { createWebTransport } from './web-transport.ts';

export type { ChannelState };

/** How the window is connected to OAuth Desk; always `open` inside the desktop app. */
export interface ChannelStatus {
  get(): ChannelState;
  subscribe(listener: () => void): () => void;
}

interface Bridge {
  readonly api: OAuthDeskApi;
  readonly channel: ChannelStatus;
}

let bridge: Bridge | null = null;

function createBridge(): Bridge {
  const preload = window.oauthDesk;
  if (preload) {
    return {
      api: createApi(transportFromPreload(preload)),
      channel: { get: () => 'open', subscribe: () => () => {} },
    };
  }
  const transport = createWebTransport();
  return {
    api: createApi(transport),
    channel: { get: () => transport.state, subscribe: (listener) => transport.onStateChange(listener) },
  };
}

export function getApi(): OAuthDeskApi {
  bridge ??= createBridge();
  return bridge.api;
}

export function getChannelStatus(): ChannelStatus {
  bridge ??= createBridge();
  return bridge.channel;
}
