/**
 * 3. Scale. 200 Sandbox connections written through the real ConnectionRepository (every token
 * encrypted by the test cipher, AES-256-GCM) into a real conf store file in a temporary folder.
 * Then the desk is opened the way the hosts open it (openFileStore + openDesk: the providers file,
 * the catalog, the refresh-token policy, the schedule), and the window's first `providers:list`
 * answered: timed over several opens. One more open, kept open, measures the memory it holds
 * (heap and RSS after a forced GC, when node runs with --expose-gc) and the timers it holds: those
 * set through the desk's Timers seam (counted by a wrapper around the real setTimeout) and every
 * Timeout created anywhere in the process during the open and still pending (async_hooks).
 * Decrypting every connection's secrets is timed on its own: the desk decrypts lazily, when a
 * connection's data is fetched or it is refreshed, not at start-up.
 */
import { openDesk } from '../../electron/core/app/open-desk.ts';
import type { Desk } from '../../electron/core/app/desk-types.ts';
import type { SecretCipher } from '../../electron/core/ports.ts';
import { silentLogger } from '../../electron/core/ports.ts';
import { ConnectionRepository } from '../../electron/core/storage/connection-repository.ts';
import { openFileStore, storeFilePath } from '../../electron/core/storage/file-store.ts';
import { statSync } from 'node:fs';
import { createTestCipher } from '../../tests/helpers/test-cipher.ts';
import { Cleanups, seedConnections, tempDir } from './harness.ts';
import type { BenchResult } from './report.ts';
import { row } from './report.ts';
import { bytes, ms, summarize } from './stats.ts';
import type { CountingTimers } from './timer-probe.ts';
import { countingTimers, startWakeProbe } from './timer-probe.ts';

export interface ScaleConfig {
  readonly connections: number;
  /** Timed opens (after one warm-up open). */
  readonly opens: number;
}

export const configs = {
  full: { connections: 200, opens: 15 },
  quick: { connections: 200, opens: 5 },
  smoke: { connections: 5, opens: 2 },
} satisfies Record<string, ScaleConfig>;

const HOUR = 3_600_000;

interface Opened {
  readonly desk: Desk;
  readonly listed: number;
  readonly planned: number;
  readonly ms: number;
}

/** What the hosts do at start (electron/web/main.ts, without the lock and the HTTP server), then the window's first list. */
async function open(dir: string, cipher: SecretCipher, timers: CountingTimers): Promise<Opened> {
  const t0 = performance.now();
  const opened = openFileStore(dir);
  const desk = await openDesk({
    store: opened.store,
    storeStatus: opened.status,
    cipher,
    env: {},
    dataDir: dir,
    opener: null,
    authWindow: null,
    logger: silentLogger,
    timers,
  });
  const views = await desk.handlers['providers:list']();
  const spent = performance.now() - t0;
  const connections = views.flatMap((v) => v.connections);
  return { desk, listed: connections.length, planned: connections.filter((c) => c.nextRefreshAt !== null).length, ms: spent };
}

const gc = (): void => (globalThis as { gc?: () => void }).gc?.();

export async function run(config: ScaleConfig): Promise<BenchResult> {
  const cleanups = new Cleanups();
  try {
    const dir = tempDir(cleanups);
    const cipher = createTestCipher();
    // One-hour tokens expiring 30 to 60+ minutes from now: every connection has a refresh planned, none due.
    const seedStart = performance.now();
    const ids = seedConnections(dir, cipher, { count: config.connections, expiresInMs: HOUR / 2, spreadMs: 15_000, lifetimeMs: HOUR });
    const seedMs = performance.now() - seedStart;
    const fileSize = statSync(storeFilePath(dir)).size;

    // Warm-up: the first open also compiles the code it runs.
    const warm = await open(dir, cipher, countingTimers());
    await warm.desk.close();

    const times: number[] = [];
    for (let i = 0; i < config.opens; i++) {
      const opened = await open(dir, cipher, countingTimers());
      times.push(opened.ms);
      await opened.desk.close();
    }

    // Kept open: memory and timers held.
    const probe = startWakeProbe();
    const timers = countingTimers();
    gc();
    const before = process.memoryUsage();
    const mark = probe.mark();
    const measured = await open(dir, cipher, timers);
    gc();
    const after = process.memoryUsage();
    const processTimers = probe.liveTimers(mark);
    const schedulerTimers = timers.held();
    await measured.desk.close();
    probe.stop();

    // Decrypting all secrets, as the first data fetch or refresh of each connection would.
    const store = openFileStore(dir).store;
    const repository = new ConnectionRepository(store, cipher, silentLogger);
    const d0 = performance.now();
    for (const id of ids) repository.secrets(id);
    const decryptMs = performance.now() - d0;
    // The same secrets decrypted from a single read of the store: the cipher's share of the above.
    const c0 = performance.now();
    const raw = store.get('connections') as Record<string, { secrets: Record<string, string | null> }>;
    let secretCount = 0;
    for (const entry of Object.values(raw)) {
      for (const value of Object.values(entry.secrets)) {
        if (value === null) continue;
        cipher.decrypt(value);
        secretCount++;
      }
    }
    const cipherOnlyMs = performance.now() - c0;

    const open_ = summarize(times);
    const gcNote = (globalThis as { gc?: unknown }).gc === undefined ? ' (no forced GC: run node with --expose-gc for steadier figures)' : '';
    return {
      name: 'scale',
      title: '3. Scale',
      rows: [
        row(`Open the desk with ${config.connections} stored connections and list them (median / p90)`, `${ms(open_.median)} / ${ms(open_.p90)}`),
        row('Connections listed / with a refresh planned', `${measured.listed} / ${measured.planned}`, `${config.connections} / ${config.connections}`, measured.listed === config.connections && measured.planned === config.connections),
        row('Timers held by the refresh scheduler', String(schedulerTimers), '1', schedulerTimers === 1),
        row('Timers pending in the whole process after the open', `${processTimers.total} (${processTimers.intervals} repeating)`, '1', processTimers.total === 1 && processTimers.intervals === 0),
        row('Memory held by the open desk: heap / RSS', `${bytes(after.heapUsed - before.heapUsed)} / ${bytes(after.rss - before.rss)}`),
        row(`Read and decrypt every connection's secrets through the repository (${config.connections} calls)`, `${ms(decryptMs)} (${ms(decryptMs / config.connections)} per connection)`),
        row(`Of which the cipher: the same ${secretCount} secrets decrypted from one read of the store`, ms(cipherOnlyMs)),
      ],
      notes: [
        `${config.connections} connections written one by one through the ConnectionRepository (store file ${bytes(fileSize)}, written in ${ms(seedMs)}); test cipher (AES-256-GCM, random key).`,
        `Open = openFileStore (recovery checks, conf) + openDesk (providers file, catalog, refresh-token policy, schedule) + the first providers:list; median of ${config.opens} opens after a warm-up.`,
        `Memory: process.memoryUsage() before and after one more open, kept open, after a forced GC${gcNote}. The desk keeps no copy of the connections (it reads them from the store when asked), so little stays on the heap; RSS moves in whole pages and the GC can hand memory back, so its change is within noise at this size.`,
        'The desk decrypts lazily (when a connection is fetched or refreshed); with an OS-keyring cipher nothing is decrypted at start-up. The decrypt rows show what reading everything would cost, and how little of it is the cipher: the repository reads and validates the whole store file (conf reads it from disk at every get) for each connection it is asked about.',
      ],
      details: { config, seedMs, fileSize, opensMs: times, open: open_, warmOpenMs: warm.ms, memory: { before, after }, schedulerTimers, timerStats: timers.stats, processTimers, decryptMs, cipherOnlyMs, secretCount },
    };
  } finally {
    await cleanups.run();
  }
}
