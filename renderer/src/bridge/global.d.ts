import type { PreloadApi } from '../../../electron/shared/ipc-contract.ts';

declare global {
  interface Window {
    /** Exposed by the Electron preload through the context bridge; absent in the web channel. */
    readonly oauthDesk?: PreloadApi;
  }
}

export {};
