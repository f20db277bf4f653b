/**
 * Exact-value scrubbing (S29): the secrets a step carries (the fields and headers it masked, the
 * tokens its answer issued, the callback's code and state) and those its timeline saw before are
 * replaced wherever else they appear in the step's text: as they are, URL- or form-encoded,
 * JSON-escaped, and Base64 or Base64url-encoded (also inside longer Base64 text, at any alignment).
 * This does not depend on a secret looking random: a short `hunter2hunter2` goes as surely as a
 * JWT. The token-like guessing in mask.ts stays as a second net for secrets the app never knew.
 */

/** Shorter values are not scrubbed: they would hit ordinary words by chance. */
export const MIN_SCRUB_LENGTH = 6;
/** Longer values are not kept for scrubbing later steps: no provider echoes a whole one. */
export const MAX_REMEMBERED_LENGTH = 4096;
/** Base64 pieces shorter than this are not searched for (they would hit other Base64 text by chance). */
const MIN_BASE64_PIECE = 8;
export const REDACTED = '[redacted]';

/**
 * The Base64 text `bytes` take inside longer Base64 text that starts `offset` bytes earlier: only
 * the characters that depend on these bytes alone (a shared group at either end is left out), then
 * also the version running to the end of the encoding (padded and unpadded).
 */
function base64Pieces(bytes: Buffer, url: boolean): string[] {
  const pieces: string[] = [];
  for (let offset = 0; offset < 3; offset++) {
    const padded = Buffer.concat([Buffer.alloc(offset), bytes]);
    const encoded = padded.toString('base64');
    const start = offset === 0 ? 0 : 4;
    const full = encoded.slice(start, Math.floor(padded.length / 3) * 4);
    const toEnd = encoded.slice(start);
    for (const piece of [full, toEnd, toEnd.replace(/=+$/, '')]) {
      if (piece.length < MIN_BASE64_PIECE) continue;
      pieces.push(url ? piece.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '') : piece);
    }
  }
  return pieces;
}

/** Every form `value` may take in text. */
export function secretForms(value: string): string[] {
  const forms = new Set<string>([value]);
  const uri = encodeURIComponent(value);
  forms.add(uri);
  forms.add(uri.replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase()));
  forms.add(new URLSearchParams({ v: value }).toString().slice(2));
  const json = JSON.stringify(value).slice(1, -1);
  forms.add(json);
  forms.add(json.replace(/\//g, '\\/'));
  const bytes = Buffer.from(value, 'utf8');
  for (const piece of [...base64Pieces(bytes, false), ...base64Pieces(bytes, true)]) forms.add(piece);
  return [...forms].filter((form) => form.length >= Math.min(MIN_SCRUB_LENGTH, value.length));
}

export type Scrub = (text: string) => string;

export const unchanged: Scrub = (text) => text;

/** Replaces every form of every value (of at least MIN_SCRUB_LENGTH characters) with "[redacted]", longest first. */
export function exactScrubber(values: Iterable<string>): Scrub {
  const forms = new Set<string>();
  for (const value of values) {
    if (value.length < MIN_SCRUB_LENGTH) continue;
    for (const form of secretForms(value)) forms.add(form);
  }
  if (forms.size === 0) return unchanged;
  const alternatives = [...forms].sort((a, b) => b.length - a.length).map((form) => form.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'));
  const pattern = new RegExp(alternatives.join('|'), 'g');
  return (text) => (text === '' ? text : text.replace(pattern, REDACTED));
}

/** Applies each scrubber in turn. */
export function chainScrubbers(...scrubs: readonly Scrub[]): Scrub {
  const active = scrubs.filter((scrub) => scrub !== unchanged);
  if (active.length === 0) return unchanged;
  return (text) => active.reduce((shown, scrub) => scrub(shown), text);
}

/**
 * The secrets a timeline saw, newest kept: memory only, in the main process; never part of a step.
 * Bounded by count, and values too short to scrub or too long to be echoed are not kept. Its
 * scrubber is built once per change of what it holds (a data fetch's calls share one).
 */
export class SecretMemory {
  readonly #values = new Set<string>();
  readonly #capacity: number;
  #scrub: Scrub | null = null;

  constructor(capacity = 64) {
    this.#capacity = capacity;
  }

  add(values: Iterable<string>): void {
    for (const value of values) {
      if (value.length < MIN_SCRUB_LENGTH || value.length > MAX_REMEMBERED_LENGTH) continue;
      if (this.#values.delete(value)) {
        this.#values.add(value); // seen again: the newest now, and nothing else changed
        continue;
      }
      this.#values.add(value);
      this.#scrub = null;
      if (this.#values.size > this.#capacity) this.#values.delete(this.#values.values().next().value!);
    }
  }

  values(): string[] {
    return [...this.#values];
  }

  scrubber(): Scrub {
    return (this.#scrub ??= exactScrubber(this.#values));
  }
}
