/**
 * Last-resort cleanup for real parts that tests start (brokers, databases, temp dirs).
 * A test should stop what it starts; this only guarantees that nothing outlives the test
 * process when a test fails half-way or the runner interrupts it.
 */
import { readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A temp-dir prefix that names this process, so a later run can tell a leftover from a live one. */
export function ownedPrefix(kind: string): string {
  return `shequ-${kind}-${process.pid}-`;
}

/**
 * Removes temp dirs left behind by test processes that were SIGKILLed (no exit hook ran).
 * `beforeRemove` gets each leftover first, e.g. to stop a server still running from it.
 */
export function sweepLeftovers(kind: string, beforeRemove: (dir: string) => void = () => {}): void {
  const pattern = new RegExp(`^shequ-${kind}-(\\d+)-`);
  let names: string[];
  try {
    names = readdirSync(tmpdir());
  } catch {
    return;
  }
  for (const name of names) {
    const pid = Number(pattern.exec(name)?.[1] ?? 0);
    if (pid === 0 || pid === process.pid || processAlive(pid)) continue;
    const dir = join(tmpdir(), name);
    try {
      beforeRemove(dir);
      removeDirSync(dir);
    } catch {
      // another sweeper got there first
    }
  }
}
