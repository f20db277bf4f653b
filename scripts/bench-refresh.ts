/**
 * Figures for the refresh engine, against the real Sandbox (oidc-provider on loopback, rotating
 * single-use refresh tokens, 5-second access tokens), over real HTTP:
 *  1. burst: 50 concurrent data requests on an expired token, several rounds: refresh requests per
 *     round and request latencies;
 *  2. schedule: six token lifetimes of data requests every 250 ms with the proactive schedule on:
 *     401s seen, refreshes, and how long before expiry each refresh happened;
 *  3. outage: the token endpoint answers 503 with Retry-After: 2 for 6 seconds: token requests
 *     during the outage and the time from recovery to fresh tokens.
 * Run: npm run bench:refresh (prints a table; writes test-results/bench-refresh.json).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import type { TestContext } from 'node:test';
import { createGotHttpClient } from '../electron/core/http/got-http-client.ts';
import type { HttpClient } from '../electron/core/http/http-client.ts';
import { connectedDesk } from '../tests/helpers/connected-desk.ts';
import { allPanelsOk } from '../electron/shared/data-panels.ts';

const TTL_S = 5;
const cleanups: Array<() => unknown> = [];
/** The test helpers register their cleanup on a test context; this one collects it. */
const context = { after: (fn: () => unknown) => void cleanups.push(fn) } as unknown as TestContext;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}
const summary = (values: number[]) => ({ n: values.length, min: Math.min(...values), p50: quantile(values, 0.5), p95: quantile(values, 0.95), max: Math.max(...values) });

async function burst(rounds: number) {
  const { fixture, desk, connectionId } = await connectedDesk(context, { ttl: TTL_S });
  const perRound: Array<{ refreshRequests: number; allOk: boolean; wallMs: number; latencyMs: ReturnType<typeof summary> }> = [];
  for (let round = 0; round < rounds; round++) {
    await sleep(TTL_S * 1000 + 200);
    const before = fixture.server.tokenRequestCounts().refresh_token ?? 0;
    const start = performance.now();
    const latencies: number[] = [];
    const results = await Promise.all(
      Array.from({ length: 50 }, async () => {
        const t0 = performance.now();
        const data = await desk.handlers['data:fetch']({ connectionId });
        latencies.push(performance.now() - t0);
        return data;
      }),
    );
    perRound.push({
      refreshRequests: (fixture.server.tokenRequestCounts().refresh_token ?? 0) - before,
      allOk: results.every((r) => allPanelsOk(r.panels)),
      wallMs: Math.round(performance.now() - start),
      latencyMs: summary(latencies.map(Math.round)),
    });
  }
  return perRound;
}

async function schedule(lifetimes: number) {
  const got = createGotHttpClient();
  const statuses: number[] = [];
  const recording: HttpClient = { request: async (req) => { const res = await got.request(req); statuses.push(res.status); return res; } };
  const { fixture, desk, connectionId } = await connectedDesk(context, { ttl: TTL_S, proactive: true, http: recording });
  let current = (await desk.handlers['providers:list']())[0]!.connections[0]!;
  const leads: number[] = [];
  desk.onProvidersChanged((views) => {
    const next = views[0]?.connections[0];
    if (next && next.tokensUpdatedAt !== current.tokensUpdatedAt) {
      leads.push(current.expiresAt! - next.tokensUpdatedAt);
      current = next;
    }
  });
  const before = fixture.server.tokenRequestCounts().refresh_token ?? 0;
  const end = Date.now() + lifetimes * TTL_S * 1000;
  let requests = 0;
  let failures = 0;
  while (Date.now() < end) {
    const data = await desk.handlers['data:fetch']({ connectionId });
    requests++;
    if (!allPanelsOk(data.panels)) failures++;
    await sleep(250);
  }
  return {
    dataRequests: requests,
    failedDataRequests: failures,
    apiResponses401: statuses.filter((s) => s === 401).length,
    refreshRequests: (fixture.server.tokenRequestCounts().refresh_token ?? 0) - before,
    refreshLeadBeforeExpiryMs: summary(leads),
  };
}

async function outage() {
  const { desk, connectionId, tokenProxy, tokenPath: path } = await connectedDesk(context, { ttl: TTL_S, proactive: true, tokenProxy: true });
  const faults = tokenProxy!;
  const hitsBefore = faults.count(path);
  faults.fail(path, { status: 503, headers: { 'retry-after': '2' } });
  await sleep(6_000);
  const during = faults.count(path) - hitsBefore;
  const view = (await desk.handlers['providers:list']())[0]!.connections[0]!;
  const healedAt = performance.now();
  faults.heal(path);
  const recovered = await new Promise<number>((resolve) => {
    const check = (c: typeof view | undefined) => c && !c.refreshing && c.lastRefresh?.error === null && resolve(performance.now() - healedAt);
    desk.onProvidersChanged((views) => check(views[0]?.connections[0]));
  });
  const data = await desk.handlers['data:fetch']({ connectionId });
  return {
    outageMs: 6_000,
    tokenRequestsDuringOutage: during,
    stateDuringOutage: view.lastRefresh?.error?.code ?? 'none',
    recoveryAfterHealMs: Math.round(recovered),
    dataOkAfterRecovery: allPanelsOk(data.panels),
  };
}

async function main() {
  const started = Date.now();
  const results = { node: process.version, tokenTtlSeconds: TTL_S, burst: await burst(3), schedule: await schedule(6), outage: await outage() };
  for (const fn of cleanups.reverse()) await fn();
  mkdirSync('test-results', { recursive: true });
  writeFileSync('test-results/bench-refresh.json', JSON.stringify(results, null, 2) + '\n');
  const lines = [
    `Refresh engine against the real Sandbox (${TTL_S}-second tokens, rotation on), Node ${process.version}, ${Math.round((Date.now() - started) / 1000)} s`,
    '',
    '| Burst round | Refresh requests | All 50 ok | Wall ms | Latency p50 / p95 / max ms |',
    '| --- | --- | --- | --- | --- |',
    ...results.burst.map((r, i) => `| ${i + 1} | ${r.refreshRequests} | ${r.allOk} | ${r.wallMs} | ${r.latencyMs.p50} / ${r.latencyMs.p95} / ${r.latencyMs.max} |`),
    '',
    `Schedule, 6 lifetimes: ${results.schedule.dataRequests} data requests, ${results.schedule.failedDataRequests} failed, ${results.schedule.apiResponses401} API 401s, ` +
      `${results.schedule.refreshRequests} refresh requests; refreshed before expiry by min ${results.schedule.refreshLeadBeforeExpiryMs.min} / median ${results.schedule.refreshLeadBeforeExpiryMs.p50} / max ${results.schedule.refreshLeadBeforeExpiryMs.max} ms`,
    `Outage, 503 + Retry-After: 2 for 6 s: ${results.outage.tokenRequestsDuringOutage} token requests, state ${results.outage.stateDuringOutage}; fresh tokens ${results.outage.recoveryAfterHealMs} ms after recovery; data ok: ${results.outage.dataOkAfterRecovery}`,
  ];
  process.stdout.write(lines.join('\n') + '\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`bench-refresh failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
