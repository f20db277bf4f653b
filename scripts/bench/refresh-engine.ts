/**
 * The refresh engine over time, against the real Sandbox (rotating single-use refresh tokens, short
 * access tokens), over real HTTP (formerly scripts/bench-refresh.ts; its burst is now the refresh
 * storm). Not part of the default run: `npm run bench -- --only engine`, or `npm run bench:refresh`.
 *  - schedule: several token lifetimes of data requests every 250 ms with the proactive schedule on:
 *    the API's 401 answers (goal 0), refreshes, and how long before expiry each refresh happened;
 *  - outage: the token endpoint answers 503 with Retry-After: 2 (through a fault proxy) for a while:
 *    token requests during the outage, and the time from recovery to fresh tokens.
 */
import { createGotHttpClient } from '../../electron/core/http/got-http-client.ts';
import type { HttpClient } from '../../electron/core/http/http-client.ts';
import { allPanelsOk } from '../../electron/shared/data-panels.ts';
import type { ConnectionView } from '../../electron/shared/view-types.ts';
import { connectedDesk } from '../../tests/helpers/connected-desk.ts';
import { Cleanups, sleep } from './harness.ts';
import type { BenchResult } from './report.ts';
import { row } from './report.ts';
import { ms, summarize } from './stats.ts';

export interface EngineConfig {
  /** Sandbox access-token lifetime. */
  readonly ttlSeconds: number;
  /** How many lifetimes the schedule runs. */
  readonly lifetimes: number;
  readonly outageMs: number;
  /** The Retry-After the failing token endpoint sends, in seconds. */
  readonly retryAfterSeconds: number;
}

export const configs = {
  full: { ttlSeconds: 5, lifetimes: 6, outageMs: 6_000, retryAfterSeconds: 2 },
  quick: { ttlSeconds: 3, lifetimes: 3, outageMs: 4_000, retryAfterSeconds: 2 },
  smoke: { ttlSeconds: 2, lifetimes: 2, outageMs: 2_500, retryAfterSeconds: 1 },
} satisfies Record<string, EngineConfig>;

async function schedule(cleanups: Cleanups, config: EngineConfig) {
  const got = createGotHttpClient();
  const statuses: number[] = [];
  const recording: HttpClient = {
    request: async (req) => {
      const res = await got.request(req);
      statuses.push(res.status);
      return res;
    },
  };
  const { fixture, desk, connectionId } = await connectedDesk(cleanups.context, { ttl: config.ttlSeconds, proactive: true, http: recording });
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
  const statusesBefore = statuses.length;
  const end = Date.now() + config.lifetimes * config.ttlSeconds * 1000;
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
    apiResponses401: statuses.slice(statusesBefore).filter((s) => s === 401).length,
    refreshRequests: (fixture.server.tokenRequestCounts().refresh_token ?? 0) - before,
    refreshLeadBeforeExpiryMs: summarize(leads),
  };
}

async function outage(cleanups: Cleanups, config: EngineConfig) {
  const { desk, connectionId, tokenProxy, tokenPath: path } = await connectedDesk(cleanups.context, { ttl: config.ttlSeconds, proactive: true, tokenProxy: true });
  const faults = tokenProxy!;
  const hitsBefore = faults.count(path);
  faults.fail(path, { status: 503, headers: { 'retry-after': String(config.retryAfterSeconds) } });
  await sleep(config.outageMs);
  const during = faults.count(path) - hitsBefore;
  const view = (await desk.handlers['providers:list']())[0]!.connections[0]!;
  const healedAt = performance.now();
  const recovered = new Promise<number>((resolve) => {
    const check = (c: ConnectionView | undefined) => {
      if (c && !c.refreshing && c.lastRefresh?.error === null) resolve(performance.now() - healedAt);
    };
    desk.onProvidersChanged((views) => check(views[0]?.connections[0]));
  });
  faults.heal(path);
  const recoveryMs = await recovered;
  const data = await desk.handlers['data:fetch']({ connectionId });
  return {
    tokenRequestsDuringOutage: during,
    stateDuringOutage: view.lastRefresh?.error?.code ?? 'none',
    recoveryAfterHealMs: recoveryMs,
    dataOkAfterRecovery: allPanelsOk(data.panels),
  };
}

export async function run(config: EngineConfig): Promise<BenchResult> {
  const cleanups = new Cleanups();
  try {
    const s = await schedule(cleanups, config);
    const o = await outage(cleanups, config);
    // The schedule's first refresh comes a fifth of the lifetime before expiry, then at most one per Retry-After.
    const outageBudget = Math.ceil(config.outageMs / (config.retryAfterSeconds * 1000)) + 1;
    return {
      name: 'engine',
      title: 'Refresh engine over time',
      rows: [
        row(`Schedule, ${config.lifetimes} lifetimes of ${config.ttlSeconds} s: API 401 answers`, String(s.apiResponses401), '0', s.apiResponses401 === 0),
        row('Schedule: data requests failed / made', `${s.failedDataRequests} / ${s.dataRequests}`, '0 failed', s.failedDataRequests === 0),
        row('Schedule: refreshes; lead before expiry min / median / max', `${s.refreshRequests}; ${ms(s.refreshLeadBeforeExpiryMs.min)} / ${ms(s.refreshLeadBeforeExpiryMs.median)} / ${ms(s.refreshLeadBeforeExpiryMs.max)}`),
        row(`Outage, 503 + Retry-After: ${config.retryAfterSeconds} for ${config.outageMs / 1000} s: token requests`, `${o.tokenRequestsDuringOutage} (card: ${o.stateDuringOutage})`, `≤ ${outageBudget}`, o.tokenRequestsDuringOutage <= outageBudget),
        row('Outage: fresh tokens after recovery; data ok', `${ms(o.recoveryAfterHealMs)}; ${o.dataOkAfterRecovery}`, '—; true', o.dataOkAfterRecovery),
      ],
      notes: ['Token requests during the outage are counted by the fault proxy in front of the token endpoint; 401s are counted on the desk\'s HTTP client.'],
      details: { config, schedule: s, outage: o },
    };
  } finally {
    await cleanups.run();
  }
}
