import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createStderrLogger } from '../../../electron/core/logging/stderr-logger.ts';

test('the logger writes one line per entry', () => {
  const lines: string[] = [];
  const logger = createStderrLogger({ write: (c: string) => lines.push(c) });
  logger.warn('blocked', { scheme: 'https' });
  logger.info('plain');
  assert.match(lines[0] ?? '', /^\S+ warn blocked \{"scheme":"https"\}\n$/);
  assert.match(lines[1] ?? '', /^\S+ info plain\n$/);
});
