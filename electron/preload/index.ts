/**
 * Sandboxed preload (built to out/preload/index.cjs): exposes `window.oauthDesk` — named functions
 * and `on` only, never ipcRenderer itself (S25).
 */
import { contextBridge, ipcRenderer } from 'electron';
import { PRELOAD_GLOBAL_NAME, buildPreloadApi } from './preload-api.ts';

contextBridge.exposeInMainWorld(PRELOAD_GLOBAL_NAME, buildPreloadApi(ipcRenderer));
