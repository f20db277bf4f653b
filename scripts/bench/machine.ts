/** The facts about this machine that the figures depend on. */
import { execFileSync } from 'node:child_process';
import { cpus, loadavg, release, totalmem, type } from 'node:os';
import { chromiumPath } from '../../tests/helpers/chromium.ts';

/** "Chromium 156.0.8078.79 built on Debian …", or null when there is none. */
export function chromiumVersion(): string | null {
  try {
    const output = execFileSync(chromiumPath(), ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 });
    return output.trim().split('\n').pop() ?? null;
  } catch {
    return null;
  }
}

export function machineFacts(): Record<string, string> {
  const cores = cpus();
  const model = cores[0]?.model.trim() || 'unknown CPU';
  return {
    CPU: `${model}, ${cores.length} ${cores.length === 1 ? 'core' : 'cores'}`,
    Memory: `${Math.round(totalmem() / 2 ** 30)} GiB`,
    OS: `${type()} ${release()}`,
    Node: process.version,
    Chromium: chromiumVersion() ?? 'not found',
  };
}

/** The 1-minute load average: other work on the machine while the figures were taken. */
export const loadAverage = (): string => loadavg()[0]!.toFixed(2);
