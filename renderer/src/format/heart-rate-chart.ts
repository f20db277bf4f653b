/**
 * The heart-rate chart as numbers: the day's readings, their summary, where each one goes in the
 * SVG (scales, the line's path, the axis ticks, the resting line) and the sentence that stands in
 * for the picture. Pure, so the component only draws what this returns.
 */
import type { HeartRatePoint } from '../../../electron/shared/view-types.ts';

/** A usable sample: its instant as epoch milliseconds, and beats per minute. */
export interface Reading {
  readonly at: number;
  readonly bpm: number;
}

export interface ReadingSummary {
  readonly count: number;
  readonly first: Reading;
  readonly last: Reading;
  readonly lowest: Reading;
  readonly highest: Reading;
}

export interface ChartPadding {
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
  readonly left: number;
}

/** The SVG's viewBox size and the room kept around the plot for labels (viewBox units). */
export interface ChartSize {
  readonly width: number;
  readonly height: number;
  readonly padding: ChartPadding;
}

export const HEART_RATE_CHART_SIZE: ChartSize = {
  width: 640,
  height: 200,
  padding: { top: 14, right: 84, bottom: 26, left: 44 },
};

export interface ChartPoint {
  readonly x: number;
  readonly y: number;
  readonly reading: Reading;
}

/** A labelled value and where it sits along its axis (x for times, y for bpm). */
export interface Tick {
  readonly value: number;
  readonly position: number;
}

export interface HeartRateChart {
  readonly size: ChartSize;
  /** The plot area inside the padding. */
  readonly plot: { readonly left: number; readonly right: number; readonly top: number; readonly bottom: number };
  readonly points: readonly ChartPoint[];
  /** The line through every point, as an SVG path `d`. */
  readonly path: string;
  /** The bpm range the y axis shows: the readings (and resting rate) with room above and below. */
  readonly bpmDomain: readonly [number, number];
  /** First and last reading (one tick when they coincide). */
  readonly timeTicks: readonly Tick[];
  /** Lowest and highest reading (one tick when they are equal). */
  readonly bpmTicks: readonly Tick[];
  /** Where the resting-rate line goes; null without a resting rate. */
  readonly restingY: number | null;
}

/** Samples with a parsable instant and a positive, finite bpm, in time order. */
export function readingsOf(points: readonly HeartRatePoint[]): Reading[] {
  const readings: Reading[] = [];
  for (const point of points) {
    const at = Date.parse(point.time);
    if (Number.isFinite(at) && Number.isFinite(point.bpm) && point.bpm > 0) readings.push({ at, bpm: point.bpm });
  }
  return readings.sort((a, b) => a.at - b.at);
}

/** First, last (the latest), lowest and highest reading; null for an empty day. */
export function summarizeReadings(readings: readonly Reading[]): ReadingSummary | null {
  const first = readings[0];
  const last = readings[readings.length - 1];
  if (!first || !last) return null;
  let lowest = first;
  let highest = first;
  for (const reading of readings) {
    if (reading.bpm < lowest.bpm) lowest = reading;
    if (reading.bpm > highest.bpm) highest = reading;
  }
  return { count: readings.length, first, last, lowest, highest };
}

/** Maps `domain` linearly onto `range`; a domain of one value maps to the middle of the range. */
export function linearScale(domain: readonly [number, number], range: readonly [number, number]): (value: number) => number {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  if (d1 === d0) return () => (r0 + r1) / 2;
  return (value) => r0 + ((value - d0) / (d1 - d0)) * (r1 - r0);
}

/**
 * The range of `values` widened by a tenth of its span on each side (at least `minPadding`), to
 * whole numbers and never below zero: flat data still gets a band to sit in.
 */
export function paddedRange(values: readonly number[], minPadding = 5): [number, number] {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const pad = Math.max(minPadding, (hi - lo) * 0.1);
  return [Math.max(0, Math.floor(lo - pad)), Math.ceil(hi + pad)];
}

const round = (n: number): number => Math.round(n * 10) / 10;

/** `M x,y L x,y …` through the points, to a tenth of a unit. Empty for no points. */
export function linePath(points: ReadonlyArray<{ readonly x: number; readonly y: number }>): string {
  return points.map((p, i) => `${i === 0 ? 'M' : 'L'}${round(p.x)},${round(p.y)}`).join(' ');
}

/** Everything the chart draws; null when there is nothing to draw. */
export function heartRateChart(readings: readonly Reading[], restingBpm: number | null, size: ChartSize = HEART_RATE_CHART_SIZE): HeartRateChart | null {
  const summary = summarizeReadings(readings);
  if (!summary) return null;
  const resting = restingBpm !== null && Number.isFinite(restingBpm) && restingBpm > 0 ? restingBpm : null;
  const plot = {
    left: size.padding.left,
    right: size.width - size.padding.right,
    top: size.padding.top,
    bottom: size.height - size.padding.bottom,
  };
  const bpmDomain = paddedRange(resting === null ? readings.map((r) => r.bpm) : [...readings.map((r) => r.bpm), resting]);
  const x = linearScale([summary.first.at, summary.last.at], [plot.left, plot.right]);
  const y = linearScale(bpmDomain, [plot.bottom, plot.top]);
  const points = readings.map((reading) => ({ x: round(x(reading.at)), y: round(y(reading.bpm)), reading }));
  const timeTicks = [summary.first.at, summary.last.at].filter((v, i, all) => all.indexOf(v) === i);
  const bpmTicks = [summary.lowest.bpm, summary.highest.bpm].filter((v, i, all) => all.indexOf(v) === i);
  return {
    size,
    plot,
    points,
    path: linePath(points),
    bpmDomain,
    timeTicks: timeTicks.map((value) => ({ value, position: round(x(value)) })),
    bpmTicks: bpmTicks.map((value) => ({ value, position: round(y(value)) })),
    restingY: resting === null ? null : round(y(resting)),
  };
}

const timeOfDay = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });

/** The clock time of an instant in the person's locale, e.g. "06:10" or "6:10 AM". */
export function formatTimeOfDay(epochMs: number): string {
  return timeOfDay.format(new Date(epochMs));
}

const dayFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });

/** The local calendar date of `now` as YYYY-MM-DD. */
export function localDay(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** "today" when `day` (YYYY-MM-DD) is the local date of `now`, otherwise "on <date>". */
export function dayPhrase(day: string, now: Date): string {
  if (day === localDay(now)) return 'today';
  const date = new Date(`${day}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? `on ${day}` : `on ${dayFormat.format(date)}`;
}

/** Beats per minute for display, to a whole beat (some providers report fractions). */
export function formatBpm(bpm: number): string {
  return `${Math.round(bpm)} bpm`;
}

/**
 * The chart's text alternative, e.g. "Heart rate today: 42 readings from 06:10 to 17:50, 58 to 121
 * bpm, latest 74 bpm, resting 60 bpm". `dayText` is what `dayPhrase` returns.
 */
export function heartRateLabel(summary: ReadingSummary, restingBpm: number | null, dayText: string, formatTime: (epochMs: number) => string = formatTimeOfDay): string {
  const { count, first, last, lowest, highest } = summary;
  const when = count === 1 ? `1 reading at ${formatTime(first.at)}` : `${count} readings from ${formatTime(first.at)} to ${formatTime(last.at)}`;
  const lo = Math.round(lowest.bpm);
  const hi = Math.round(highest.bpm);
  const range = lo === hi ? formatBpm(lo) : `${lo} to ${formatBpm(hi)}`;
  const latest = count === 1 ? '' : `, latest ${formatBpm(last.bpm)}`;
  const resting = restingBpm === null ? '' : `, resting ${formatBpm(restingBpm)}`;
  return `Heart rate ${dayText}: ${when}, ${range}${latest}${resting}`;
}
