/** Runs `npm run web`'s entry point (node electron/web/main.ts) as a child process, as a person would. */
import { spawn } from 'node:child_process';
import type { ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface WebHost {
  readonly url: string;
  readonly child: ChildProcessByStdio<null, Readable, Readable>;
  /** Everything printed so far. */
  output(): { stdout: string; stderr: string };
  /** Sends the signal and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export interface SpawnedWebHost {
  readonly child: ChildProcessByStdio<null, Readable, Readable>;
  readonly exited: Promise<number | null>;
  output(): { stdout: string; stderr: string };
}

/**
 * Starts the entry point and captures its output. `inheritEnv: false` passes only PATH and HOME
 * besides `env`, so the person's own OAUTH_DESK_* variables cannot leak into a configuration test.
 */
export function spawnWebHost(env: Record<string, string>, options: { inheritEnv?: boolean } = {}): SpawnedWebHost {
  const base = options.inheritEnv === false ? { PATH: process.env.PATH ?? '', HOME: tmpdir() } : process.env;
  const child = spawn(process.execPath, ['electron/web/main.ts'], { cwd: ROOT, env: { ...base, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited, output: () => ({ stdout, stderr }) };
}

/** Starts the web host and resolves once it printed its URL. */
export function startWebHost(env: Record<string, string>, timeoutMs = 30_000): Promise<WebHost> {
  const { child, exited, output } = spawnWebHost(env);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`The web host did not print OAUTH_DESK_URL in time.\n${output().stderr}`));
    }, timeoutMs);
    const onData = () => {
      const match = /^OAUTH_DESK_URL=(\S+)$/m.exec(output().stdout);
      if (!match) return;
      clearTimeout(timer);
      child.stdout.off('data', onData);
      resolve({
        url: match[1] as string,
        child,
        output,
        stop: (signal = 'SIGTERM') => {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal);
          return exited;
        },
      });
    };
    child.stdout.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`The web host exited with ${code} before it was ready.\n${output().stderr}`));
    });
  });
}
