/**
 * Build layout (`electron-vite build`, works offline):
 *   out/main/index.js        main process, ESM (package.json "type": "module"), dependencies external
 *   out/preload/index.cjs    sandboxed preload, CommonJS (sandboxed preloads cannot be ESM), self-contained
 *   out/renderer/index.html  renderer (+ assets/), relative base './' for app://oauth-desk/
 */
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

const root = import.meta.dirname;

export default defineConfig({
  main: {
    build: {
      outDir: resolve(root, 'out/main'),
      externalizeDeps: true,
      sourcemap: false,
      rolldownOptions: {
        input: { index: resolve(root, 'electron/main/index.ts') },
        output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
      },
    },
  },
  preload: {
    build: {
      outDir: resolve(root, 'out/preload'),
      // Only `electron` stays external (a sandboxed preload can require nothing else).
      externalizeDeps: false,
      sourcemap: false,
      rolldownOptions: {
        input: { index: resolve(root, 'electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs', codeSplitting: false },
      },
    },
  },
  renderer: {
    root: resolve(root, 'renderer'),
    base: './',
    plugins: [react()],
    build: {
      outDir: resolve(root, 'out/renderer'),
      emptyOutDir: true,
      sourcemap: false,
      // electron-vite leaves bundles unminified by default; the window loads this one at every start.
      minify: true,
      rolldownOptions: {
        input: { index: resolve(root, 'renderer/index.html') },
      },
    },
  },
});
