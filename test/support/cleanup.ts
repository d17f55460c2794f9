/**
 * Last-resort cleanup for real parts that tests start (brokers, databases, temp dirs).
 * A test should stop what it starts; this only guarantees that nothing outlives the test
 * process when a test fails half-way or the runner interrupts it.
 */
import { rmSync } from 'node:fs';

type SyncCleanup = () => void;

const pending = new Set<SyncCleanup>();
let installed = false;

function runAll(): void {
  for (const fn of [...pending]) {
    pending.delete(fn);
    try {
      fn();
    } catch {
      // best effort: the process is going away
    }
  }
}

function install(): void {
  if (installed) return;
  installed = true;
  process.on('exit', runAll);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      runAll();
      // Re-raise so the process still dies of the signal it was sent.
      process.kill(process.pid, signal);
    });
  }
}

/** Registers a synchronous cleanup; call the returned function once the resource is released normally. */
export function onProcessExit(fn: SyncCleanup): () => void {
  install();
  pending.add(fn);
  return () => {
    pending.delete(fn);
  };
}

export function removeDirSync(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export function killSync(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}
