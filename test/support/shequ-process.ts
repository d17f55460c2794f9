/** Runs the `shequ` command as a child process for tests, and never lets it outlive the test. */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { killSync, onProcessExit } from './cleanup.ts';

const shequBin = fileURLToPath(new URL('../../bin/shequ.mjs', import.meta.url));

export interface ShequProcess {
  child: ChildProcess;
  /** Everything written to stdout and stderr so far. */
  output(): string;
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Sends the signal and resolves with the exit code (or the signal name). */
  signal(sig: NodeJS.Signals): Promise<number | string>;
  /** Resolves with the exit code (or the signal name) once the process has ended by itself. */
  exited: Promise<number | string>;
}

export function spawnShequ(args: string[], env: Record<string, string> = {}): ShequProcess {
  const child = spawn(process.execPath, [shequBin, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  const unregister = onProcessExit(() => killSync(child.pid));
  let text = '';
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    text += chunk.toString('utf8');
    for (const l of listeners) l();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, sig) => {
      unregister();
      resolve(code ?? sig ?? 'unknown');
    });
  });
  return {
    child,
    output: () => text,
    waitForOutput(pattern, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const m = pattern.exec(text);
          if (!m) return;
          cleanup();
          resolve(m[0]);
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(
            new Error(`no ${pattern} from shequ ${args.join(' ')} within ${timeoutMs} ms; output:\n${text}`),
          );
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        void exited.then(() => {
          check();
          if (listeners.has(check)) {
            cleanup();
            reject(new Error(`shequ ${args.join(' ')} exited before ${pattern}; output:\n${text}`));
          }
        });
        check();
      });
    },
    exited,
    async signal(sig) {
      if (child.exitCode === null && child.signalCode === null) child.kill(sig);
      return exited;
    },
  };
}
