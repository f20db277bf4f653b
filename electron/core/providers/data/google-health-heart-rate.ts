/**
 * Today's heart rate from the Google Health API (the successor of the retired Fitbit Web API):
 * `heart-rate` data points since local midnight, following `nextPageToken`, plus the day's
 * `daily-resting-heart-rate`. int64 values (beats per minute) arrive as JSON strings; an empty
 * collection arrives as `{}`. "Today" is the calendar day of the machine's time zone, which is
 * what the person looking at the chart means by today.
 */
import type { HeartRateData, HeartRatePoint } from '../../../shared/view-types.ts';
import { ApiError } from '../../errors.ts';
import type { HttpClient } from '../../http/http-client.ts';
import { getJson } from '../../api/resource-request.ts';

export const HEALTH_HEART_RATE_SCOPE = 'https://www.googleapis.com/auth/googlehealth.health_metrics_and_measurements.readonly';

const PAGE_SIZE = 1000;
/** A bound on paging: a day has far fewer samples than 10 000 at the rates wearables record. */
const MAX_PAGES = 10;
/** Values outside this range are sensor glitches, not heart rates. */
const MIN_BPM = 20;
const MAX_BPM = 300;

export interface HeartRateTodayOptions {
  /** Epoch milliseconds: the instant whose local calendar day is shown. */
  readonly now: number;
  readonly providerName?: string;
}

export interface HeartRatePage {
  readonly points: HeartRatePoint[];
  /** Null on the last page. */
  readonly nextPageToken: string | null;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function invalid(providerName: string, what: string): ApiError {
  return new ApiError('heart_rate_invalid', `${providerName} sent unexpected ${what}.`, { hint: 'Try reloading. If it persists, re-authorize the connection.' });
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** The local calendar day of `now`: its YYYY-MM-DD and its start and end as epoch milliseconds. */
export function localDay(now: number): { readonly day: string; readonly start: number; readonly end: number } {
  const date = new Date(now);
  const [y, m, d] = [date.getFullYear(), date.getMonth(), date.getDate()];
  return {
    day: `${pad(y, 4)}-${pad(m + 1)}-${pad(d)}`,
    start: new Date(y, m, d).getTime(),
    // Day + 1 at local midnight (not start + 24 h: days around a DST change are 23 or 25 hours).
    end: new Date(y, m, d + 1).getTime(),
  };
}

/** An int64 sent as a JSON string (or, leniently, as a number) that is a plausible heart rate. */
function beatsPerMinute(value: unknown): number | null {
  const n = typeof value === 'string' && /^\d{1,4}$/.test(value) ? Number(value) : typeof value === 'number' ? value : NaN;
  return Number.isInteger(n) && n >= MIN_BPM && n <= MAX_BPM ? n : null;
}

/** One `heartRate` data point, or null when it is malformed or implausible (dropped, not fatal). */
function heartRatePoint(dataPoint: unknown): HeartRatePoint | null {
  const heartRate = asRecord(asRecord(dataPoint)?.heartRate);
  const physicalTime = asRecord(heartRate?.sampleTime)?.physicalTime;
  if (typeof physicalTime !== 'string') return null;
  const at = Date.parse(physicalTime);
  const bpm = beatsPerMinute(heartRate?.beatsPerMinute);
  if (Number.isNaN(at) || bpm === null) return null;
  return { time: new Date(at).toISOString(), bpm };
}

/** The `dataPoints` list of a page: absent in `{}` (proto3 JSON leaves empty lists out). */
function dataPointsOf(body: unknown, providerName: string, what: string): unknown[] {
  const page = asRecord(body);
  if (page === undefined) throw invalid(providerName, what);
  if (page.dataPoints === undefined) return [];
  if (!Array.isArray(page.dataPoints)) throw invalid(providerName, what);
  return page.dataPoints;
}

/** Reads one page of `heart-rate` data points. Malformed points are dropped; a malformed page throws. */
export function parseHeartRatePage(body: unknown, providerName: string): HeartRatePage {
  const points = dataPointsOf(body, providerName, 'heart-rate data').flatMap((p) => {
    const point = heartRatePoint(p);
    return point === null ? [] : [point];
  });
  const token = asRecord(body)?.nextPageToken;
  return { points, nextPageToken: typeof token === 'string' && token !== '' ? token : null };
}

/** A `google.type.Date` (`{year, month, day}`) or an ISO date string, as YYYY-MM-DD. */
function isoDate(value: unknown): string | null {
  if (typeof value === 'string') return /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : null;
  const date = asRecord(value);
  const [y, m, d] = [date?.year, date?.month, date?.day];
  if (typeof y !== 'number' || typeof m !== 'number' || typeof d !== 'number') return null;
  return `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
}

/** `day`'s resting heart rate from a `daily-resting-heart-rate` page, or null when there is none. */
export function parseRestingHeartRate(body: unknown, day: string, providerName: string): number | null {
  for (const dataPoint of dataPointsOf(body, providerName, 'resting heart-rate data')) {
    const resting = asRecord(asRecord(dataPoint)?.dailyRestingHeartRate);
    if (resting === undefined || isoDate(resting.date) !== day) continue;
    const bpm = beatsPerMinute(resting.beatsPerMinute);
    if (bpm !== null) return bpm;
  }
  return null;
}

function dataPointsUrl(healthBase: string, dataType: string, filter: string, pageSize: number | null, pageToken: string | null): string {
  const base = `${healthBase.replace(/\/+$/, '')}/v4/users/me/dataTypes/${dataType}/dataPoints`;
  const query = [`filter=${encodeURIComponent(filter)}`];
  if (pageSize !== null) query.push(`pageSize=${pageSize}`);
  if (pageToken !== null) query.push(`pageToken=${encodeURIComponent(pageToken)}`);
  return `${base}?${query.join('&')}`;
}

/** Every heart-rate point since `start`, page by page (at most MAX_PAGES; a repeated token ends it). */
async function fetchHeartRatePoints(http: HttpClient, healthBase: string, accessToken: string, start: number, providerName: string): Promise<HeartRatePoint[]> {
  const filter = `heart_rate.sample_time.physical_time >= "${new Date(start).toISOString()}"`;
  const points: HeartRatePoint[] = [];
  const seenTokens = new Set<string>();
  let pageToken: string | null = null;
  for (let page = 0; page < MAX_PAGES; page++) {
    const url = dataPointsUrl(healthBase, 'heart-rate', filter, PAGE_SIZE, pageToken);
    const parsed = parseHeartRatePage(await getJson(http, url, accessToken, { providerName, what: 'heart-rate data' }), providerName);
    points.push(...parsed.points);
    pageToken = parsed.nextPageToken;
    if (pageToken === null || seenTokens.has(pageToken)) break;
    seenTokens.add(pageToken);
  }
  return points;
}

/**
 * The day's resting heart rate. Only a rejected token is an error (the whole panel needs a new
 * sign-in); anything else (no data, a missing scope, a hiccup) leaves it null and the chart shows.
 */
async function fetchRestingBpm(http: HttpClient, healthBase: string, accessToken: string, day: string, providerName: string): Promise<number | null> {
  const url = dataPointsUrl(healthBase, 'daily-resting-heart-rate', `daily_resting_heart_rate.date >= "${day}"`, null, null);
  try {
    return parseRestingHeartRate(await getJson(http, url, accessToken, { providerName, what: 'the resting heart rate' }), day, providerName);
  } catch (error) {
    if (error instanceof ApiError && error.code === 'access_token_rejected') throw error;
    return null;
  }
}

/** Today's heart-rate samples (in time order, inside the local day) and resting heart rate. */
export async function fetchHeartRateToday(http: HttpClient, healthBase: string, accessToken: string, options: HeartRateTodayOptions): Promise<HeartRateData> {
  const providerName = options.providerName ?? 'Google Health';
  const { day, start, end } = localDay(options.now);
  // One after the other: a rejected token then fails once, not twice in parallel.
  const points = await fetchHeartRatePoints(http, healthBase, accessToken, start, providerName);
  const restingBpm = await fetchRestingBpm(http, healthBase, accessToken, day, providerName);
  // The filter already asks for today; points outside the day are dropped in case it was not applied.
  const today = points.filter((p) => {
    const at = Date.parse(p.time);
    return at >= start && at < end;
  });
  today.sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
  return { day, points: today, restingBpm };
}
