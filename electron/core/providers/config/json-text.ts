/**
 * Strict JSON (RFC 8259) for configuration files, with syntax errors located by line and column.
 * V8's own JSON.parse messages quote the surrounding text, which may hold a client secret, so they
 * are never shown: on failure a small scanner finds the position and names the problem in words.
 */
import { ProviderConfigError, locationPrefix } from './provider-config-error.ts';

export interface JsonSyntaxProblem {
  /** Offset in the text (UTF-16 code units, after a leading byte order mark was removed). */
  readonly offset: number;
  /** What is wrong, in words, never quoting the text. */
  readonly problem: string;
}

const MAX_DEPTH = 1000;

class Found extends Error {
  readonly offset: number;
  readonly problem: string;
  constructor(offset: number, problem: string) {
    super(problem);
    this.offset = offset;
    this.problem = problem;
  }
}

/** Returns the first syntax error of `text` as JSON, or null when it is valid JSON. */
export function findJsonSyntaxError(text: string): JsonSyntaxProblem | null {
  let i = 0;
  const n = text.length;
  const fail = (problem: string, at = i): never => {
    throw new Found(at, problem);
  };
  const ws = () => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) i++;
      else break;
    }
  };
  const word = () => {
    const m = /^[A-Za-z_$][A-Za-z0-9_$]*/.exec(text.slice(i, i + 64));
    return m === null ? null : m[0];
  };
  const notAValue = (where: string): never => {
    if (i >= n) return fail(`the file ends where ${where} should be`);
    const c = text[i];
    if (c === "'") return fail('texts must be in double quotes ("), not single quotes');
    if (c === '/') return fail('JSON has no comments');
    if (c === ',' || c === '}' || c === ']') return fail(`${where} is missing`);
    if (word() !== null) return fail('a word without double quotes (texts must be in double quotes; only true, false and null are bare)');
    return fail(`expected ${where} (a text in double quotes, a number, true, false, null, an object or a list)`);
  };
  const string = () => {
    const start = i;
    i++; // opening quote
    for (;;) {
      if (i >= n) fail('the file ends inside a text (a closing " is missing)', start);
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return;
      }
      if (c === 0x5c) {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9A-Fa-f]{4}$/.test(text.slice(i + 2, i + 6))) fail('an invalid \\u escape (it needs four hexadecimal digits)');
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) {
          i += 2;
        } else {
          fail('an invalid escape after a backslash (write a backslash as \\\\)');
        }
        continue;
      }
      if (c < 0x20) fail('a line break or control character inside a text (write a line break as \\n)');
      i++;
    }
  };
  const number = () => {
    const m = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/.exec(text.slice(i, i + 400));
    if (m === null) fail('an invalid number');
    i += m![0].length;
    const next = text[i];
    if (next !== undefined && /[0-9A-Za-z.+-]/.test(next)) fail('an invalid number');
  };
  const value = (depth: number, where: string): void => {
    if (depth > MAX_DEPTH) fail('objects and lists are nested too deeply');
    const c = text[i];
    if (c === '{') return object(depth);
    if (c === '[') return array(depth);
    if (c === '"') return string();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return number();
    for (const literal of ['true', 'false', 'null']) {
      if (text.startsWith(literal, i)) {
        const w = word();
        if (w === literal) {
          i += literal.length;
          return;
        }
      }
    }
    notAValue(where);
  };
  const object = (depth: number) => {
    const open = i;
    i++;
    ws();
    if (text[i] === '}') {
      i++;
      return;
    }
    for (;;) {
      if (i >= n) fail('the file ends inside an object (a "}" is missing)', i >= n ? open : i);
      const c = text[i];
      if (c !== '"') {
        if (c === "'") fail('property names must be in double quotes ("), not single quotes');
        if (c === '/') fail('JSON has no comments');
        if (word() !== null) fail('a property name without double quotes');
        fail('expected a property name in double quotes');
      }
      string();
      ws();
      if (i >= n) fail('the file ends inside an object (a "}" is missing)', open);
      if (text[i] !== ':') fail('expected ":" after the property name');
      i++;
      ws();
      value(depth + 1, 'a value');
      ws();
      if (i >= n) fail('the file ends inside an object (a "}" is missing)', open);
      if (text[i] === '}') {
        i++;
        return;
      }
      if (text[i] !== ',') {
        if (text[i] === '/') fail('JSON has no comments');
        fail('expected "," or "}" after a property value');
      }
      const comma = i;
      i++;
      ws();
      if (text[i] === '}') fail('a comma before "}" (JSON allows no trailing commas)', comma);
    }
  };
  const array = (depth: number) => {
    const open = i;
    i++;
    ws();
    if (text[i] === ']') {
      i++;
      return;
    }
    for (;;) {
      if (i >= n) fail('the file ends inside a list (a "]" is missing)', open);
      value(depth + 1, 'a value');
      ws();
      if (i >= n) fail('the file ends inside a list (a "]" is missing)', open);
      if (text[i] === ']') {
        i++;
        return;
      }
      if (text[i] !== ',') {
        if (text[i] === '/') fail('JSON has no comments');
        fail('expected "," or "]" after a list item');
      }
      const comma = i;
      i++;
      ws();
      if (text[i] === ']') fail('a comma before "]" (JSON allows no trailing commas)', comma);
    }
  };

  try {
    ws();
    if (i >= n) return { offset: 0, problem: 'the file is empty' };
    value(0, 'a value');
    ws();
    if (i < n) fail('more text after the end of the JSON value');
    return null;
  } catch (error) {
    if (error instanceof Found) return { offset: error.offset, problem: error.problem };
    throw error;
  }
}

/** 1-based line and column (in characters) of an offset; CRLF, LF and lone CR end a line. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let k = 0; k < end; k++) {
    const c = text.charCodeAt(k);
    if (c === 0x0a || (c === 0x0d && text.charCodeAt(k + 1) !== 0x0a)) {
      line++;
      lineStart = k + 1;
    }
  }
  return { line, column: Array.from(text.slice(lineStart, end)).length + 1 };
}

export type JsonTextResult =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly error: ProviderConfigError; readonly problem: string };

/**
 * Parses configuration JSON. A leading byte order mark (Windows editors) is ignored. On a syntax
 * error, returns one ProviderConfigError with `line` and `column` set, whose message names the
 * file and the position and never quotes the text.
 */
export function parseJsonText(text: string, file: string | null, code: string, hint: string): JsonTextResult {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return { ok: true, value: JSON.parse(body) as unknown };
  } catch (cause) {
    let found = findJsonSyntaxError(body);
    if (found === null) {
      // The scanner and V8 disagree (should not happen): use V8's offset, never its text.
      const m = /position (\d+)/.exec(cause instanceof Error ? cause.message : '');
      found = { offset: m === null ? 0 : Number(m[1]), problem: 'the JSON is invalid' };
    }
    const { line, column } = lineAndColumn(body, found.offset);
    const location = { file, line, column };
    const prefix = file !== null && file !== '' ? locationPrefix(location) : `At line ${line}, column ${column}`;
    return {
      ok: false,
      problem: found.problem,
      error: new ProviderConfigError(code, `${prefix}: this is not valid JSON: ${found.problem}.`, location, { hint }),
    };
  }
}
