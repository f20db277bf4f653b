/** Small statistics for the benchmarks: nearest-rank percentiles, medians, rounding for tables. */

/** The p-th percentile (0–100) by nearest rank: the smallest value with at least p % of the values at or below it. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  if (!(p >= 0 && p <= 100)) throw new RangeError('A percentile lies between 0 and 100.');
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

/** The middle value; the mean of the two middle values for an even count. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export interface Summary {
  readonly n: number;
  readonly min: number;
  readonly median: number;
  readonly p90: number;
  readonly max: number;
}

export function summarize(values: readonly number[]): Summary {
  return {
    n: values.length,
    min: values.length === 0 ? NaN : Math.min(...values),
    median: median(values),
    p90: percentile(values, 90),
    max: values.length === 0 ? NaN : Math.max(...values),
  };
}

/** Milliseconds for a table: one decimal under 10 ms, whole numbers above ("3.4 ms", "182 ms"). */
export function ms(value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  return `${Math.abs(value) < 10 ? value.toFixed(1) : Math.round(value).toString()} ms`;
}

/** A byte count in KiB or MiB with one decimal ("41.2 KiB"). */
export function bytes(value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  const sign = value < 0 ? '-' : '';
  const abs = Math.abs(value);
  if (abs < 1024) return `${sign}${abs} B`;
  if (abs < 1024 * 1024) return `${sign}${(abs / 1024).toFixed(1)} KiB`;
  return `${sign}${(abs / (1024 * 1024)).toFixed(1)} MiB`;
}

/** A ratio with two decimals ("1.37×"). */
export function ratio(numerator: number, denominator: number): string {
  return denominator > 0 && Number.isFinite(numerator) ? `${(numerator / denominator).toFixed(2)}×` : 'n/a';
}
