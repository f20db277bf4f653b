/**
 * 5. Idle. The desk opened the way the hosts open it (openFileStore + openDesk, real timers through
 * the Timers seam) over 10 stored Sandbox connections whose tokens expire 30 minutes and more from
 * now, so no refresh falls in the window. For a measured window everything that wakes the process is
 * counted with async_hooks: timer callbacks (each setTimeout firing and each setInterval tick),
 * immediates, socket and file callbacks. The benchmark's own waiting timer is left out. Goal: zero.
 * A second window measures the same after the built-in Sandbox server was started (a sign-in begun
 * and cancelled), as it runs once the Sandbox was used.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDesk } from '../../electron/core/app/open-desk.ts';
import { silentLogger } from '../../electron/core/ports.ts';
import { openFileStore } from '../../electron/core/storage/file-store.ts';
import { createTestCipher } from '../../tests/helpers/test-cipher.ts';
import { Cleanups, seedConnections, tempDir } from './harness.ts';
import type { BenchResult } from './report.ts';
import { row } from './report.ts';
import { countingTimers, startWakeProbe } from './timer-probe.ts';

export interface IdleConfig {
  readonly connections: number;
  /** Each measured window, in ms. */
  readonly windowMs: number;
  /** The wait after starting the Sandbox before its window: longer than Node's 5-second keep-alive, so sockets of the start-up requests have closed. */
  readonly settleMs: number;
}

export const configs = {
  full: { connections: 10, windowMs: 30_000, settleMs: 6_000 },
  quick: { connections: 10, windowMs: 5_000, settleMs: 6_000 },
  smoke: { connections: 10, windowMs: 1_000, settleMs: 200 },
} satisfies Record<string, IdleConfig>;

const CORE_DIR = fileURLToPath(new URL('../../electron/core/', import.meta.url));

/** Source files of electron/core that call setInterval (comments aside). */
export function intervalsInCore(dir: string = CORE_DIR): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
    const path = join(entry.parentPath, entry.name);
    const code = readFileSync(path, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
    if (/\bsetInterval\s*\(/.test(code)) found.push(path.slice(dir.length));
  }
  return found;
}

const total = (counts: Readonly<Record<string, number>>): number => Object.values(counts).reduce((a, b) => a + b, 0);
const perMinute = (count: number, windowMs: number): string => (count === 0 ? '0' : ((count * 60_000) / windowMs).toFixed(1));
const describe = (counts: Readonly<Record<string, number>>): string =>
  Object.keys(counts).length === 0 ? 'none' : Object.entries(counts).map(([type, n]) => `${type} ${n}`).join(', ');

export async function run(config: IdleConfig): Promise<BenchResult> {
  const cleanups = new Cleanups();
  const probe = startWakeProbe();
  cleanups.add(() => probe.stop());
  try {
    const dir = tempDir(cleanups);
    const cipher = createTestCipher();
    seedConnections(dir, cipher, { count: config.connections, expiresInMs: 30 * 60_000, spreadMs: 60_000, lifetimeMs: 60 * 60_000 });
    const timers = countingTimers();
    const opened = openFileStore(dir);
    const desk = await openDesk({ store: opened.store, storeStatus: opened.status, cipher, env: {}, dataDir: dir, opener: null, authWindow: null, logger: silentLogger, timers });
    cleanups.add(() => desk.close());
    const views = await desk.handlers['providers:list']();
    const connections = views.flatMap((v) => v.connections);
    const windowEnd = Date.now() + 2 * config.windowMs + 10_000;
    const dueInWindows = connections.filter((c) => c.nextRefreshAt !== null && c.nextRefreshAt <= windowEnd).length;
    const liveAfterOpen = probe.liveTimers();

    // Let what the open started settle (destroy hooks, a pending write), then count.
    await probe.sleep(100);
    probe.resetCallbacks();
    const firedBefore = timers.stats.fired;
    await probe.sleep(config.windowMs);
    const idle = probe.callbacks();
    const schedulerFired = timers.stats.fired - firedBefore;

    // The same with the built-in Sandbox server running: a sign-in starts it; cancelling ends the sign-in.
    const pending = await desk.handlers['auth:connect']({ providerId: 'sandbox' });
    await desk.handlers['auth:cancel']({ attemptId: pending.attemptId });
    await probe.sleep(config.settleMs);
    probe.resetCallbacks();
    await probe.sleep(config.windowMs);
    const withSandbox = probe.callbacks();
    const liveWithSandbox = probe.liveTimers();

    const intervals = intervalsInCore();
    const repeating = liveWithSandbox.timers.filter((t) => t.repeats);
    const seconds = Math.round(config.windowMs / 1000);
    return {
      name: 'idle',
      title: '5. Idle',
      rows: [
        row(`Wake-ups per minute, ${config.connections} connections, nothing due (${seconds} s window)`, `${perMinute(total(idle), config.windowMs)} (${describe(idle)})`, '0', total(idle) === 0),
        row('Scheduled refreshes in the window / scheduler timer firings', `${dueInWindows} / ${schedulerFired}`, '0 / 0', dueInWindows === 0 && schedulerFired === 0),
        row('Timers pending after the open (repeating)', `${liveAfterOpen.total} (${liveAfterOpen.intervals})`, '1 (0)', liveAfterOpen.total === 1 && liveAfterOpen.intervals === 0),
        row('setInterval calls in electron/core', intervals.length === 0 ? '0' : `${intervals.length}: ${intervals.join(', ')}`, '0', intervals.length === 0),
        row(`Wake-ups per minute with the Sandbox server running (${seconds} s window)`, `${perMinute(total(withSandbox), config.windowMs)} (${describe(withSandbox)})`, '0', total(withSandbox) === 0),
      ],
      notes: [
        `A ${seconds}-second window per figure, scaled to a minute; wake-ups counted with async_hooks (every callback of a timer, immediate, socket or file request; promises are continuations and are not counted).`,
        'The desk is opened as the hosts open it (openFileStore + openDesk, test cipher) with the proactive schedule on and real timers; its refresh timer is set for the nearest deadline, 24 minutes or more away.',
        ...repeating.map(
          (t) => `With the Sandbox running, a repeating timer every ${t.delayMs / 1000} s stays pending (${t.callback}): Node's http.Server checks its connections for request timeouts at its connectionsCheckingInterval (30 s by default), for the Sandbox's server as for any server.`,
        ),
        'The web host adds a keep-alive write every so often to each open event stream (electron/web/web-server.ts); it is not part of the core and not counted here.',
      ],
      details: { config, idle, withSandbox, schedulerFired, dueInWindows, liveAfterOpen, liveWithSandbox, timerStats: timers.stats, intervals },
    };
  } finally {
    await cleanups.run();
  }
}
