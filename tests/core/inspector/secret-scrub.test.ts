import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MIN_SCRUB_LENGTH, SecretMemory, exactScrubber } from '../../../electron/core/inspector/secret-scrub.ts';

test('S29 a known secret is scrubbed as it is, URL- and form-encoded (either hex case), JSON-escaped, Base64 and Base64url', () => {
  const secret = 'sw:eep+se/cret= x';
  const scrub = exactScrubber([secret]);
  const forms = [
    secret,
    encodeURIComponent(secret),
    encodeURIComponent(secret).toLowerCase(),
    new URLSearchParams({ v: secret }).toString().slice(2),
    JSON.stringify(secret).slice(1, -1).replace(/\//g, '\\/'),
    Buffer.from(secret).toString('base64'),
    Buffer.from(secret).toString('base64').replace(/=+$/, ''),
    Buffer.from(secret).toString('base64url'),
  ];
  for (const form of forms) assert.equal(scrub(`before ${form} after`), 'before [redacted] after', form);
});

test('S29 a secret inside longer Base64 text is found at any alignment (a Basic header of id:secret, a token inside a blob)', () => {
  const secret = 'hunter2hunter2';
  const scrub = exactScrubber([secret]);
  for (const prefix of ['', 'a', 'ab', 'abc', 'desk:', 'client-id:']) {
    const encoded = Buffer.from(`${prefix}${secret}:tail`).toString('base64');
    const shown = scrub(encoded);
    assert.notEqual(shown, encoded, `prefix "${prefix}"`);
    // What is left around the cut cannot be decoded back into the secret.
    assert.equal(Buffer.from(shown.replace('[redacted]', ''), 'base64').toString('latin1').includes(secret), false);
  }
});

test('values shorter than the minimum are not scrubbed (they would hit ordinary words); nothing known changes nothing', () => {
  assert.equal(MIN_SCRUB_LENGTH, 6);
  assert.equal(exactScrubber(['abcde'])('abcde is a word here'), 'abcde is a word here');
  assert.equal(exactScrubber(['abcdef'])('abcdef is gone'), '[redacted] is gone');
  assert.equal(exactScrubber([])('anything'), 'anything');
  assert.equal(exactScrubber(['a.b*c(d)e'])('x a.b*c(d)e y aXbbc'), 'x [redacted] y aXbbc', 'regex characters are taken literally');
});

test("a timeline's secret memory keeps the newest values, bounded, and skips values too short to scrub or too long to be echoed", () => {
  const memory = new SecretMemory(3);
  memory.add(['one-111', 'two-222', 'short', 'x'.repeat(5000)]);
  memory.add(['three-333', 'one-111', 'four-444']);
  assert.deepEqual(memory.values(), ['three-333', 'one-111', 'four-444'], 'a value seen again counts as new');
  assert.equal(memory.scrubber()('echo one-111, four-444 and two-222'), 'echo [redacted], [redacted] and two-222', 'the forgotten value is no longer scrubbed');
});

test("the memory's scrubber is built once while what it holds stays the same (the calls of a data fetch share it)", () => {
  const memory = new SecretMemory();
  memory.add(['bearer-token-1']);
  const first = memory.scrubber();
  memory.add(['bearer-token-1']);
  assert.equal(memory.scrubber(), first, 'the same token again changes nothing');
  memory.add(['rotated-token-2']);
  assert.notEqual(memory.scrubber(), first);
  assert.equal(memory.scrubber()('rotated-token-2 bearer-token-1'), '[redacted] [redacted]');
});
