import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findJsonSyntaxError, lineAndColumn, parseJsonText } from '../../../../electron/core/providers/config/json-text.ts';

function at(text: string): { line: number; column: number; problem: string } {
  const found = findJsonSyntaxError(text);
  assert.ok(found !== null, `expected a syntax error in ${JSON.stringify(text)}`);
  let threw = false;
  try {
    JSON.parse(text);
  } catch {
    threw = true;
  }
  assert.ok(threw, 'the scanner must only find errors JSON.parse also finds');
  return { ...lineAndColumn(text, found.offset), problem: found.problem };
}

test('valid JSON has no syntax error (the scanner agrees with JSON.parse)', () => {
  for (const text of [
    '{}',
    '[]',
    ' {"a": [1, -2.5e+3, 0, true, false, null, "x\\n\\u00e9\\"\\\\\\/"], "b": {}}\r\n',
    '"text"',
    '0',
    '-0.0E-1',
    '[[[[]]]]',
  ]) {
    assert.equal(findJsonSyntaxError(text), null, text);
    JSON.parse(text);
  }
});

test('syntax errors are located by line and column and named in words', () => {
  const cases: Array<[string, number, number, RegExp]> = [
    ['', 1, 1, /the file is empty/],
    ['  \n ', 1, 1, /the file is empty/],
    ['{\n  "providers": [\n    {"id": "a",}\n  ]\n}', 3, 15, /comma before "}"/],
    ['{\n  "providers": [1, 2,]\n}', 2, 21, /comma before "]"/],
    ['{\n  // comment\n  "a": 1\n}', 2, 3, /JSON has no comments/],
    ['{"a": 1 /* c */}', 1, 9, /JSON has no comments/],
    ["{'a': 1}", 1, 2, /property names must be in double quotes/],
    ['{"a": \'x\'}', 1, 7, /not single quotes/],
    ['{a: 1}', 1, 2, /property name without double quotes/],
    ['{"a" 1}', 1, 6, /expected ":"/],
    ['{"a": 1 "b": 2}', 1, 9, /expected "," or "}"/],
    ['[1 2]', 1, 4, /expected "," or "]"/],
    ['{"a": }', 1, 7, /a value is missing/],
    ['{"a": undefined}', 1, 7, /word without double quotes/],
    ['{"a": True}', 1, 7, /word without double quotes/],
    ['{"a": 01}', 1, 8, /invalid number/],
    ['{"a": 1.}', 1, 8, /invalid number/],
    ['{"a": "x\\q"}', 1, 9, /invalid escape/],
    ['{"a": "x\\u12"}', 1, 9, /\\u escape/],
    ['{"a": "line\nbreak"}', 1, 12, /line break or control character inside a text/],
    ['{"a": "never closed}', 1, 7, /closing " is missing/],
    ['{"a": 1', 1, 1, /"}" is missing/],
    ['[1, 2', 1, 1, /"]" is missing/],
    ['{"a": 1}}', 1, 9, /more text after the end/],
    ['{"a":\n', 2, 1, /ends where a value should be/],
  ];
  for (const [text, line, column, problem] of cases) {
    const found = at(text);
    assert.deepEqual([found.line, found.column], [line, column], `${JSON.stringify(text)}: ${found.problem}`);
    assert.match(found.problem, problem, JSON.stringify(text));
  }
});

test('line and column count CRLF, LF and lone CR as one line break, and characters not UTF-16 units', () => {
  assert.deepEqual(lineAndColumn('a\r\nb\nc\rd', 7), { line: 4, column: 1 });
  assert.deepEqual(lineAndColumn('a\r\nb', 3), { line: 2, column: 1 });
  assert.deepEqual(lineAndColumn('"😀", x', 4), { line: 1, column: 4 });
  const crlf = at('{\r\n  "a": 1,\r\n}');
  assert.deepEqual([crlf.line, crlf.column], [2, 9]);
});

test('parseJsonText ignores a byte order mark and never quotes the text in its error', () => {
  const ok = parseJsonText('\ufeff{"a": 1}', 'f.json', 'c', 'h');
  assert.deepEqual(ok, { ok: true, value: { a: 1 } });
  const secret = 'GOCSPX-s3cr3t/+=:';
  const bad = parseJsonText(`{"client_secret": "${secret}" "x": 1}`, 'f.json', 'code_x', 'the hint');
  assert.equal(bad.ok, false);
  if (bad.ok) return;
  assert.equal(bad.error.code, 'code_x');
  assert.equal(bad.error.hint, 'the hint');
  assert.equal(bad.error.line, 1);
  assert.equal(bad.error.column, 39);
  assert.equal(bad.error.message, 'In f.json at line 1, column 39: this is not valid JSON: expected "," or "}" after a property value.');
  assert.ok(!bad.error.message.includes(secret));
  assert.equal(bad.error.cause, undefined, 'V8\'s message (which quotes the text) is not kept as the cause');
  const noFile = parseJsonText('{', null, 'c', 'h');
  assert.ok(!noFile.ok && noFile.error.message.startsWith('At line 1, column 1: '));
});

test('deep nesting is reported, not a stack overflow', () => {
  const deep = '['.repeat(5000);
  const found = findJsonSyntaxError(deep);
  assert.ok(found !== null);
});
