/**
 * The hosts' logger: one line per entry on stderr (for the web host, stdout carries only the
 * OAUTH_DESK_URL line). Fields never hold secrets by contract (S29).
 */
import type { Logger } from '../ports.ts';

type Fields = Record<string, string | number | boolean | null>;

export function createStderrLogger(stream: { write(chunk: string): unknown } = process.stderr): Logger {
  const line = (level: string, message: string, fields?: Fields): void => {
    const extra = fields && Object.keys(fields).length > 0 ? ' ' + JSON.stringify(fields) : '';
    stream.write(`${new Date().toISOString()} ${level} ${message}${extra}\n`);
  };
  return {
    info: (message, fields) => line('info', message, fields),
    warn: (message, fields) => line('warn', message, fields),
    error: (message, fields) => line('error', message, fields),
  };
}
