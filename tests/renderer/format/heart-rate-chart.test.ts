/** The heart-rate chart's geometry (scales, path, ticks, resting line) and its text alternative. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { HeartRatePoint } from '../../../electron/shared/view-types.ts';
import {
  HEART_RATE_CHART_SIZE,
  dayPhrase,
  heartRateChart,
  heartRateLabel,
  linePath,
  linearScale,
  localDay,
  paddedRange,
  readingsOf,
  summarizeReadings,
} from '../../../renderer/src/format/heart-rate-chart.ts';
import type { HeartRateChart } from '../../../renderer/src/format/heart-rate-chart.ts';

const HOUR = 3_600_000;
const T0 = Date.parse('2026-03-02T06:10:00Z');

function points(...samples: ReadonlyArray<readonly [hoursAfterT0: number, bpm: number]>): HeartRatePoint[] {
  return samples.map(([h, bpm]) => ({ time: new Date(T0 + h * HOUR).toISOString(), bpm }));
}

function chartOf(samples: HeartRatePoint[], resting: number | null = null): HeartRateChart {
  const chart = heartRateChart(readingsOf(samples), resting);
  assert.ok(chart, 'a chart for a day with readings');
  return chart;
}

/** Where `bpm` must land: the y scale inverts (high bpm near the top), within the plot. */
function expectedY(chart: HeartRateChart, bpm: number): number {
  const [lo, hi] = chart.bpmDomain;
  return chart.plot.bottom - ((bpm - lo) / (hi - lo)) * (chart.plot.bottom - chart.plot.top);
}

function pathCoordinates(d: string): Array<[number, number]> {
  return [...d.matchAll(/[ML](-?[\d.]+),(-?[\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
}

test('linearScale maps the domain onto the range (inverted ranges too) and a one-value domain to the middle', () => {
  const x = linearScale([10, 20], [100, 300]);
  assert.equal(x(10), 100);
  assert.equal(x(15), 200);
  assert.equal(x(20), 300);
  const y = linearScale([0, 100], [180, 20]);
  assert.equal(y(0), 180);
  assert.equal(y(100), 20);
  assert.equal(linearScale([5, 5], [0, 50])(5), 25);
});

test('paddedRange widens by a tenth of the span (at least the minimum), to whole numbers, never below zero', () => {
  assert.deepEqual(paddedRange([60, 160]), [50, 170]);
  assert.deepEqual(paddedRange([70, 80]), [65, 85], 'a small span gets the minimum padding');
  assert.deepEqual(paddedRange([72, 72]), [67, 77], 'flat data gets a band');
  assert.deepEqual(paddedRange([2, 3]), [0, 8], 'never below zero');
  const [lo, hi] = paddedRange([58.4, 121.7]);
  assert.ok(Number.isInteger(lo) && Number.isInteger(hi) && lo < 58.4 && hi > 121.7);
});

test('linePath moves to the first point and draws lines to the rest, to a tenth', () => {
  assert.equal(linePath([]), '');
  assert.equal(linePath([{ x: 1, y: 2 }]), 'M1,2');
  assert.equal(linePath([{ x: 1.04, y: 2 }, { x: 3.26, y: 4.5 }, { x: 5, y: 0 }]), 'M1,2 L3.3,4.5 L5,0');
});

test('readingsOf keeps usable samples in time order', () => {
  const readings = readingsOf([
    { time: new Date(T0 + 2 * HOUR).toISOString(), bpm: 80 },
    { time: 'not a time', bpm: 70 },
    { time: new Date(T0).toISOString(), bpm: 60 },
    { time: new Date(T0 + HOUR).toISOString(), bpm: Number.NaN },
    { time: new Date(T0 + HOUR).toISOString(), bpm: 0 },
  ]);
  assert.deepEqual(
    readings.map((r) => [r.at, r.bpm]),
    [
      [T0, 60],
      [T0 + 2 * HOUR, 80],
    ],
  );
});

test('the chart scales time across the plot and bpm up the plot, and the path runs through every point', () => {
  const chart = chartOf(points([0, 60], [1, 120], [4, 90]));
  const [first, second, last] = chart.points;
  assert.ok(first && second && last);
  assert.equal(first.x, chart.plot.left, 'the first reading at the left edge');
  assert.equal(last.x, chart.plot.right, 'the last reading at the right edge');
  assert.ok(Math.abs(second.x - (chart.plot.left + (chart.plot.right - chart.plot.left) / 4)) <= 0.05, 'x proportional to the time of day');
  for (const point of chart.points) {
    assert.ok(Math.abs(point.y - expectedY(chart, point.reading.bpm)) <= 0.05, `y of ${point.reading.bpm} bpm`);
    assert.ok(point.y > chart.plot.top && point.y < chart.plot.bottom, 'padded: no point on the plot edge');
  }
  assert.ok(second.y < last.y && last.y < first.y, 'higher bpm is drawn higher');
  assert.ok(chart.bpmDomain[0] < 60 && chart.bpmDomain[1] > 120);
  assert.deepEqual(
    pathCoordinates(chart.path),
    chart.points.map((p) => [p.x, p.y]),
  );
  assert.match(chart.path, /^M[^ML]+( L[^ML]+){2}$/);
  assert.deepEqual(
    chart.timeTicks.map((t) => [t.value, t.position]),
    [
      [T0, chart.plot.left],
      [T0 + 4 * HOUR, chart.plot.right],
    ],
  );
  assert.deepEqual(
    chart.bpmTicks.map((t) => [t.value, t.position]),
    [
      [60, first.y],
      [120, second.y],
    ],
  );
  assert.equal(chart.restingY, null);
  assert.equal(chart.size, HEART_RATE_CHART_SIZE);
  assert.ok(chart.plot.left > 0 && chart.plot.right < chart.size.width && chart.plot.top > 0 && chart.plot.bottom < chart.size.height, 'room for labels');
});

test('flat data: a horizontal line in the middle of the plot, one bpm tick', () => {
  const chart = chartOf(points([0, 72], [1, 72], [2, 72]));
  const ys = new Set(chart.points.map((p) => p.y));
  assert.equal(ys.size, 1);
  const [y] = ys;
  assert.ok(y !== undefined && Math.abs(y - (chart.plot.top + chart.plot.bottom) / 2) <= 0.05, 'centred vertically');
  assert.ok(chart.bpmDomain[0] < 72 && chart.bpmDomain[1] > 72);
  assert.deepEqual(
    chart.bpmTicks.map((t) => t.value),
    [72],
  );
  assert.equal(chart.timeTicks.length, 2);
});

test('a single reading: one point in the middle, one tick per axis, a path of one move', () => {
  const chart = chartOf(points([3, 88]));
  assert.equal(chart.points.length, 1);
  const [point] = chart.points;
  assert.ok(point);
  assert.equal(point.x, (chart.plot.left + chart.plot.right) / 2);
  assert.ok(point.y > chart.plot.top && point.y < chart.plot.bottom);
  assert.equal(chart.path, `M${point.x},${point.y}`);
  assert.equal(chart.timeTicks.length, 1);
  assert.equal(chart.timeTicks[0]?.position, point.x);
  assert.deepEqual(
    chart.bpmTicks.map((t) => t.value),
    [88],
  );
});

test('an empty day draws nothing', () => {
  assert.equal(heartRateChart([], 60), null);
  assert.equal(summarizeReadings([]), null);
});

test('the resting line always lies inside the plot, even below or above every reading', () => {
  for (const [resting, relation] of [
    [55, 'below'],
    [95, 'between'],
    [140, 'above'],
  ] as const) {
    const chart = chartOf(points([0, 80], [1, 120], [2, 100]), resting);
    assert.ok(chart.restingY !== null, relation);
    assert.ok(chart.restingY > chart.plot.top && chart.restingY < chart.plot.bottom, `resting ${relation} the readings stays in the plot`);
    assert.ok(Math.abs(chart.restingY - expectedY(chart, resting)) <= 0.05, `resting at its scale position (${relation})`);
    assert.ok(chart.bpmDomain[0] < Math.min(80, resting) && chart.bpmDomain[1] > Math.max(120, resting));
  }
  assert.equal(chartOf(points([0, 80]), Number.NaN).restingY, null, 'an unusable resting rate draws no line');
});

test('the summary and the text alternative', () => {
  const readings = readingsOf(points([0, 61], [2, 121], [5, 58], [11.6, 74]));
  const summary = summarizeReadings(readings);
  assert.ok(summary);
  assert.deepEqual([summary.count, summary.first.at, summary.last.bpm, summary.lowest.bpm, summary.highest.bpm], [4, T0, 74, 58, 121]);
  const clock = (ms: number) => `T+${(ms - T0) / HOUR}h`;
  assert.equal(heartRateLabel(summary, null, 'today', clock), 'Heart rate today: 4 readings from T+0h to T+11.6h, 58 to 121 bpm, latest 74 bpm');
  assert.equal(
    heartRateLabel(summary, 57.6, 'today', clock),
    'Heart rate today: 4 readings from T+0h to T+11.6h, 58 to 121 bpm, latest 74 bpm, resting 58 bpm',
  );
  const one = summarizeReadings(readingsOf(points([1, 90])));
  assert.ok(one);
  assert.equal(heartRateLabel(one, null, 'today', clock), 'Heart rate today: 1 reading at T+1h, 90 bpm');
});

test('dayPhrase says "today" for the local date and names any other day', () => {
  const now = new Date();
  assert.equal(dayPhrase(localDay(now), now), 'today');
  const earlier = new Date(now.getFullYear() - 1, 0, 15, 12);
  const phrase = dayPhrase(localDay(earlier), now);
  assert.match(phrase, /^on /);
  assert.match(phrase, new RegExp(String(earlier.getFullYear())));
  assert.equal(dayPhrase('garbage', now), 'on garbage');
});
