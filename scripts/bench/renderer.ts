/**
 * 4. Renderer. (a) The JavaScript the build ships for the window: every out/renderer/**\/*.js, raw
 * and gzipped (zlib's default level, as a web server would send it); `npx electron-vite build` runs
 * first when out/renderer is missing. (b) Time to first render of the main screen in Chromium
 * (/usr/bin/chromium via playwright-core): `npm run web`'s entry point is started as a person would
 * (tests/helpers/web-host.ts), and each load opens the page in a fresh browser context (empty cache,
 * no service worker, so every load is cold). A script injected before the page's own records, on
 * the page's clock (0 = navigation start), when the first provider card enters the DOM and when the
 * frame after it has been presented (two animation frames later), plus first-contentful-paint.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../../tests/helpers/chromium.ts';
import { startWebHost } from '../../tests/helpers/web-host.ts';
import { Cleanups, tempDir } from './harness.ts';
import type { BenchResult } from './report.ts';
import { row } from './report.ts';
import { bytes, ms, summarize } from './stats.ts';

export interface RendererConfig {
  /** Timed cold loads, after one warm-up load. */
  readonly loads: number;
}

export const configs = {
  full: { loads: 20 },
  quick: { loads: 10 },
  smoke: { loads: 2 },
} satisfies Record<string, RendererConfig>;

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const RENDERER_OUT = join(ROOT, 'out', 'renderer');

export interface ShippedFile {
  readonly file: string;
  readonly bytes: number;
  readonly gzipBytes: number;
}

/** Every .js file under `dir`, with its raw and gzipped size. */
export function shippedJs(dir: string = RENDERER_OUT): ShippedFile[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.js'))
    .map((e) => {
      const path = join(e.parentPath, e.name);
      const content = readFileSync(path);
      return { file: relative(dir, path), bytes: content.length, gzipBytes: gzipSync(content).length };
    })
    .sort((a, b) => a.file.localeCompare(b.file));
}

/** Builds the app when the renderer was never built (about a second). */
export function ensureBuilt(): boolean {
  if (existsSync(join(RENDERER_OUT, 'index.html'))) return false;
  execFileSync('npx', ['electron-vite', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  return true;
}

interface LoadTimes {
  readonly fcp: number;
  readonly cardInDom: number;
  readonly cardPainted: number;
  readonly cards: number;
}

/**
 * Runs in the page before its own scripts. Watches for the first provider card and notes the
 * times on the page's clock; two requestAnimationFrame callbacks later the frame holding it has
 * been presented.
 */
function firstCardProbe(): void {
  const record: { cardInDom?: number; cardPainted?: number } = {};
  (window as unknown as { __benchFirstCard: typeof record }).__benchFirstCard = record;
  const observer = new MutationObserver(() => {
    if (record.cardInDom !== undefined || document.querySelector('.provider-list section.card') === null) return;
    record.cardInDom = performance.now();
    observer.disconnect();
    requestAnimationFrame(() => requestAnimationFrame(() => (record.cardPainted = performance.now())));
  });
  observer.observe(document, { childList: true, subtree: true });
}

async function coldLoad(browser: Browser, url: string): Promise<LoadTimes & { offLoopback: number }> {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  try {
    let offLoopback = 0;
    context.on('request', (request) => {
      if (new URL(request.url()).hostname !== '127.0.0.1') offLoopback++;
    });
    const page = await context.newPage();
    await page.addInitScript(firstCardProbe);
    await page.goto(url, { waitUntil: 'commit' });
    await page.waitForFunction(() => (window as unknown as { __benchFirstCard?: { cardPainted?: number } }).__benchFirstCard?.cardPainted !== undefined, null, { timeout: 30_000 });
    const times = await page.evaluate(() => {
      const record = (window as unknown as { __benchFirstCard: { cardInDom: number; cardPainted: number } }).__benchFirstCard;
      const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN;
      return { fcp, cardInDom: record.cardInDom, cardPainted: record.cardPainted, cards: document.querySelectorAll('.provider-list section.card').length };
    });
    return { ...times, offLoopback };
  } finally {
    await context.close();
  }
}

export async function run(config: RendererConfig): Promise<BenchResult> {
  const cleanups = new Cleanups();
  try {
    const built = ensureBuilt();
    const files = shippedJs();
    const raw = files.reduce((sum, f) => sum + f.bytes, 0);
    const gzip = files.reduce((sum, f) => sum + f.gzipBytes, 0);

    const host = await startWebHost({ OAUTH_DESK_DATA_DIR: tempDir(cleanups) });
    cleanups.add(() => host.stop());
    const browser = await launchChromium();
    cleanups.add(() => browser.close());
    const version = browser.version();

    await coldLoad(browser, host.url);
    const loads: Array<LoadTimes & { offLoopback: number }> = [];
    for (let i = 0; i < config.loads; i++) loads.push(await coldLoad(browser, host.url));
    const painted = summarize(loads.map((l) => l.cardPainted));
    const inDom = summarize(loads.map((l) => l.cardInDom));
    const fcp = summarize(loads.map((l) => l.fcp));
    const cards = loads[0]?.cards ?? 0;
    return {
      name: 'renderer',
      title: '4. Renderer',
      rows: [
        row(`JavaScript shipped (${files.length} file${files.length === 1 ? '' : 's'}): gzip / raw`, `${bytes(gzip)} / ${bytes(raw)}`),
        row(`First render of the main screen, navigation → first provider card painted (median / p90 of ${config.loads} cold loads)`, `${ms(painted.median)} / ${ms(painted.p90)}`),
        row('Of which: first contentful paint / first card in the DOM (medians)', `${ms(fcp.median)} / ${ms(inDom.median)}`),
      ],
      notes: [
        `Chromium ${version}, headless, via playwright-core; the page is served by \`npm run web\` (node electron/web/main.ts) from out/renderer${built ? ', built for this run' : ''}; ${cards} provider cards on the main screen, no connections.`,
        `Each load uses a fresh browser context (empty cache); one warm-up load first. Times are on the page's clock from navigation start; "painted" = two animation frames after the first card entered the DOM.`,
        'Gzip at zlib\'s default level (6), file by file; the CSS is not counted.',
      ],
      details: { config, files, raw, gzip, painted, inDom, fcp, loads, chromium: version },
      facts: { Chromium: version },
    };
  } finally {
    await cleanups.run();
  }
}
