import { createContext } from 'react';
import type { OAuthDeskApi } from '../../../electron/shared/ipc-contract.ts';

/** Provided once in main.tsx; components get the API through `useApi()` so tests can pass a fake. */
export const ApiContext = createContext<OAuthDeskApi | null>(null);
