/**
 * A virtual serial cable: socat joins two pseudo-terminals; whatever is written to one end is read
 * from the other. socat prints the two /dev/pts paths on stderr with `-d -d`.
 */
import { type ChildProcess, spawn } from 'node:child_process';

export class PtyPairError extends Error {
  override name = 'PtyPairError';
  readonly code: 'SOCAT_MISSING' | 'SOCAT_FAILED';
  constructor(code: PtyPairError['code'], message: string) {
    super(message);
    this.code = code;
  }
}

export interface PtyPair {
  /** The end the simulated device serves. */
  deviceEnd: string;
  /** The end a driver opens. */
  hostEnd: string;
  readonly process: ChildProcess;
  close(): Promise<void>;
}

export function openPtyPair(timeoutMs = 5000): Promise<PtyPair> {
  const child = spawn('socat', ['-d', '-d', 'pty,raw,echo=0', 'pty,raw,echo=0'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  const close = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };

  return new Promise((resolve, reject) => {
    let stderr = '';
    const paths: string[] = [];
    const timer = setTimeout(() => {
      void close();
      reject(
        new PtyPairError('SOCAT_FAILED', `socat did not report two ptys within ${timeoutMs} ms: ${stderr}`),
      );
    }, timeoutMs);
    child.once('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(
        err.code === 'ENOENT'
          ? new PtyPairError(
              'SOCAT_MISSING',
              'socat is not installed; install it with: apt-get install -y socat',
            )
          : new PtyPairError('SOCAT_FAILED', `cannot start socat: ${err.message}`),
      );
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (paths.length < 2)
        reject(new PtyPairError('SOCAT_FAILED', `socat exited (${code}) early: ${stderr}`));
    });
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (text: string) => {
      if (paths.length >= 2) return;
      stderr += text;
      for (const m of text.matchAll(/PTY is (\/dev\/\S+)/g)) paths.push(m[1]!);
      if (paths.length >= 2) {
        clearTimeout(timer);
        resolve({ deviceEnd: paths[0]!, hostEnd: paths[1]!, process: child, close });
      }
    });
  });
}
