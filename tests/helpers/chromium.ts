/** Debian's Chromium driven by playwright-core; requests that leave loopback are blocked. */
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext } from 'playwright-core';

const CANDIDATES = [process.env.OAUTH_DESK_CHROMIUM, '/usr/lib/chromium/chromium', '/usr/bin/chromium', '/usr/bin/chromium-browser'];

export function chromiumPath(): string {
  const found = CANDIDATES.find((p): p is string => typeof p === 'string' && p !== '' && existsSync(p));
  if (!found) throw new Error('Chromium is not installed: run `apt-get install chromium` (or set OAUTH_DESK_CHROMIUM).');
  return found;
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A fresh context in which only 127.0.0.1 can be reached (the Sandbox's dev pages import a web font). */
export async function loopbackOnlyContext(browser: Browser, options: Parameters<Browser['newContext']>[0] = {}): Promise<BrowserContext> {
  const context = await browser.newContext(options);
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    return url.hostname === '127.0.0.1' ? route.continue() : route.abort('blockedbyclient');
  });
  return context;
}
