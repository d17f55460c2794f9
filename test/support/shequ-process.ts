/** Runs the `shequ` command as a child process for tests, and never lets it outlive the test. */
import { type ChildProcess, spawn } from 'node:child_process';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { killSync, onProcessExit } from './cleanup.ts';

/**
 * The `shequ` command for tests: under scripts/run-tests.mjs the compiled tree's entry (the same
 * cli/main.ts, compiled once for the run instead of by tsx in every process), else bin/shequ.mjs.
 */
export const shequBin = process.env.SHEQU_JS_TREE
  ? join(process.env.SHEQU_JS_TREE, 'bin', 'shequ.mjs')
  : fileURLToPath(new URL('../../bin/shequ.mjs', import.meta.url));

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

/** The node arguments that run a TypeScript script: its compiled .js in the run's tree, else through tsx. */
export function scriptArgs(tsPath: string): string[] {
  const tree = process.env.SHEQU_JS_TREE;
  return tree
    ? [join(tree, relative(projectRoot, tsPath).replace(/\.tsx?$/, '.js'))]
    : ['--import', 'tsx', tsPath];
}

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

export interface SpawnOptions {
  /** Another checkout's bin/shequ.mjs (a fresh clone), instead of this tree's. */
  bin?: string;
  cwd?: string;
  /** Added to this process's environment. */
  env?: Record<string, string>;
}

export function spawnShequ(args: string[], opts: SpawnOptions = {}): ShequProcess {
  return spawnProcess(process.execPath, [opts.bin ?? shequBin, ...args], opts.cwd, opts.env);
}

/** Any command (e.g. `npm start`) with the same handle; it runs in its own process group. */
export function spawnProcess(
  command: string,
  args: string[],
  cwd?: string,
  env: Record<string, string> = {},
): ShequProcess {
  const child = spawn(command, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
    env: { ...process.env, ...env },
    ...(cwd ? { cwd } : {}),
  });
  // The whole group: `npm start` runs shequ as a grandchild.
  const unregister = onProcessExit(() => {
    if (child.pid !== undefined) killSync(-child.pid);
  });
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
            new Error(
              `no ${pattern} from ${command} ${args.join(' ')} within ${timeoutMs} ms; output:\n${text}`,
            ),
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
