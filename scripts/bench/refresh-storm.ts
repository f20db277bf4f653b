/**
 * 2. Refresh storm. One desk, one Sandbox server (oidc-provider on loopback, rotating single-use
 * refresh tokens), one connection per burst size, signed in for real. Once every access token has
 * expired (at the Sandbox, not just in the desk's view), N concurrent `data:fetch` requests go
 * through the real channel dispatcher (validation, handler) on one connection; each needs a fresh
 * token and then reads the profile and the unread mail. Counted: the refresh requests the Sandbox's
 * token endpoint actually received (its own count, kept by a middleware inside oidc-provider) —
 * goal 1 — and the time until all N answered. The proactive schedule is off, so nothing refreshes
 * the tokens before the burst does.
 */
import diagnostics from 'node:diagnostics_channel';
import { readFileSync } from 'node:fs';
import { dispatch } from '../../electron/core/ipc/dispatch.ts';
import { allPanelsOk } from '../../electron/shared/data-panels.ts';
import type { WireResult } from '../../electron/shared/ipc-contract.ts';
import { Cleanups, connectAccount, sandboxDesk, sleep } from './harness.ts';
import type { BenchResult, BenchRow } from './report.ts';
import { row } from './report.ts';
import { ms, summarize } from './stats.ts';

export interface StormConfig {
  readonly sizes: readonly number[];
  /** The Sandbox's access-token lifetime: the refreshed token must outlast the largest burst. */
  readonly ttlSeconds: number;
}

export const configs = {
  full: { sizes: [10, 100, 1000], ttlSeconds: 30 },
  quick: { sizes: [10, 100, 1000], ttlSeconds: 15 },
  smoke: { sizes: [3], ttlSeconds: 2 },
} satisfies Record<string, StormConfig>;

export interface BurstOutcome {
  readonly size: number;
  readonly refreshRequests: number;
  readonly ok: number;
  /** Why the others failed: error codes (of the request, or of a panel) and how often. */
  readonly errors: Readonly<Record<string, number>>;
  readonly totalMs: number;
  /** TCP connections this process opened during the burst (HTTP keep-alive reuses the others). */
  readonly socketsOpened: number;
  /** HTTP requests this process sent during the burst (the refresh, userinfo, the mail list and each message). */
  readonly httpRequests: number;
  /**
   * Connections the kernel refused to queue because a listen backlog was full, during the burst
   * (Linux's TcpExt ListenOverflows, machine-wide; null where /proc/net/netstat is not readable).
   * Each one costs the client a SYN retransmission, a second or more later.
   */
  readonly listenOverflows: number | null;
  readonly latency: ReturnType<typeof summarize>;
}

/** Linux's machine-wide count of connections dropped because a listen queue was full. */
export function listenOverflows(): number | null {
  try {
    const lines = readFileSync('/proc/net/netstat', 'utf8').split('\n').filter((l) => l.startsWith('TcpExt:'));
    const names = lines[0]?.split(/\s+/) ?? [];
    const values = lines[1]?.split(/\s+/) ?? [];
    const at = names.indexOf('ListenOverflows');
    return at < 0 || values[at] === undefined ? null : Number(values[at]);
  } catch {
    return null;
  }
}

function errorCodes(answers: ReadonlyArray<WireResult<'data:fetch'>>): Record<string, number> {
  const codes: Record<string, number> = {};
  const note = (code: string) => (codes[code] = (codes[code] ?? 0) + 1);
  for (const answer of answers) {
    if (!answer.ok) note(answer.error.code);
    else for (const panel of answer.value.panels) if (!panel.result.ok) note(panel.result.error.code);
  }
  return codes;
}

export async function run(config: StormConfig): Promise<BenchResult> {
  const cleanups = new Cleanups();
  try {
    const { fixture, desk } = await sandboxDesk(cleanups, { ttlSeconds: config.ttlSeconds, proactive: false });
    const connections: string[] = [];
    for (const size of config.sizes) connections.push(await connectAccount(desk, `storm-${size}`));
    const lastConnectedAt = Date.now();
    // Expired everywhere: the Sandbox counts the lifetime from issuing, so wait it out plus a margin.
    await sleep(config.ttlSeconds * 1000 + 300 - (Date.now() - lastConnectedAt));

    let sockets = 0;
    let requests = 0;
    const onSocket = () => void sockets++;
    const onRequest = () => void requests++;
    diagnostics.subscribe('net.client.socket', onSocket);
    diagnostics.subscribe('http.client.request.start', onRequest);
    cleanups.add(() => {
      diagnostics.unsubscribe('net.client.socket', onSocket);
      diagnostics.unsubscribe('http.client.request.start', onRequest);
    });

    const bursts: BurstOutcome[] = [];
    for (const [index, size] of config.sizes.entries()) {
      const connectionId = connections[index]!;
      const before = fixture.server.tokenRequestCounts().refresh_token ?? 0;
      const latencies: number[] = [];
      const socketsBefore = sockets;
      const requestsBefore = requests;
      const overflowsBefore = listenOverflows();
      const t0 = performance.now();
      const answers = await Promise.all(
        Array.from({ length: size }, async () => {
          const started = performance.now();
          const answer = (await dispatch(desk.handlers, 'data:fetch', { connectionId })) as WireResult<'data:fetch'>;
          latencies.push(performance.now() - started);
          return answer;
        }),
      );
      const totalMs = performance.now() - t0;
      const overflowsAfter = listenOverflows();
      const ok = answers.filter((a) => a.ok && allPanelsOk(a.value.panels)).length;
      bursts.push({ size, refreshRequests: (fixture.server.tokenRequestCounts().refresh_token ?? 0) - before, ok, errors: errorCodes(answers), totalMs, socketsOpened: sockets - socketsBefore, httpRequests: requests - requestsBefore, listenOverflows: overflowsBefore === null || overflowsAfter === null ? null : overflowsAfter - overflowsBefore, latency: summarize(latencies) });
    }

    // The desk refreshes a token this long before it expires (token-refresher.ts: refreshMargin).
    const usableMs = config.ttlSeconds * 1000 - Math.min(10_000, (config.ttlSeconds * 1000) / 10);
    const allowed = (b: BurstOutcome) => Math.max(1, Math.ceil(b.totalMs / usableMs));
    const goalFor = (b: BurstOutcome) => (allowed(b) === 1 ? '1' : `≤ ${allowed(b)} (the burst outlasted the new token)`);
    const outlasted = bursts.filter((b) => allowed(b) > 1);
    const rows: BenchRow[] = bursts.flatMap((b) => [
      // One refresh per token lifetime: a burst longer than the refreshed token stays usable legitimately needs another.
      row(`N = ${b.size}: refresh requests received by the Sandbox`, String(b.refreshRequests), goalFor(b), b.refreshRequests >= 1 && b.refreshRequests <= allowed(b)),
      row(
        `N = ${b.size}: answered with data (total time; latency median / p90)`,
        `${b.ok}/${b.size} in ${ms(b.totalMs)} (${ms(b.latency.median)} / ${ms(b.latency.p90)})${b.ok === b.size ? '' : `; errors: ${Object.entries(b.errors).map(([c, n]) => `${c} ×${n}`).join(', ')}`}`,
        `${b.size}/${b.size}`,
        b.ok === b.size,
      ),
    ]);
    return {
      name: 'storm',
      title: '2. Refresh storm',
      rows,
      notes: [
        `N concurrent data:fetch requests through the channel dispatcher on one connection whose access token had expired (Sandbox tokens live ${config.ttlSeconds} s; the burst starts after they expired), a separate connection per N. Each request reads the profile (userinfo) and the unread mail (the message list, then each message, 4 at a time): ${bursts.map((b) => `N = ${b.size}: ${b.httpRequests} HTTP requests`).join(', ')}, all to the Sandbox in this same process.`,
        'Refresh requests are counted by the Sandbox itself (a middleware inside oidc-provider counts POST /token by grant type).',
        `TCP connections opened during each burst (Node's HTTP agent reuses idle keep-alive sockets and otherwise opens one per concurrent request, with no limit per host): ${bursts.map((b) => `N = ${b.size}: ${b.socketsOpened}`).join(', ')}.`,
        ...bursts
          .filter((b) => (b.listenOverflows ?? 0) > 0)
          .map(
            (b) =>
              `During the burst of ${b.size}, the kernel dropped ${b.listenOverflows} connection attempts because a listen queue was full (TcpExt ListenOverflows, machine-wide; Node listens with a backlog of 511): each dropped SYN is retried a second or more later, which is where most of that burst's time goes — the process sat idle waiting, not computing.`,
          ),
        ...outlasted.map(
          (b) => `The burst of ${b.size} took longer than the refreshed token stays usable (${ms(usableMs)}), so a further refresh during it was legitimate: rerun with a longer token lifetime.`,
        ),
      ],
      details: { config, bursts },
    };
  } finally {
    await cleanups.run();
  }
}
