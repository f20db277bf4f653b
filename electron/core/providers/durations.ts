/** Durations in words for providers' rule sentences and the doctor's facts: "30 seconds", "1 minute", "14 days". */

const UNITS: ReadonlyArray<readonly [seconds: number, name: string]> = [
  [86_400, 'day'],
  [3_600, 'hour'],
  [60, 'minute'],
];

/** Whole days, hours or minutes when the value is a whole number of them, else seconds. */
export function describeSeconds(seconds: number): string {
  const whole = Math.max(0, Math.round(seconds));
  for (const [size, name] of UNITS) {
    if (whole >= size && whole % size === 0) {
      const count = whole / size;
      return `${count} ${name}${count === 1 ? '' : 's'}`;
    }
  }
  return `${whole} second${whole === 1 ? '' : 's'}`;
}
