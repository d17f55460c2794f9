/**
 * Password hashes (scrypt) computed on a thread of their own. Node's async `scrypt` runs on libuv's
 * shared thread pool, the same four threads the store's fsyncs wait for, so a burst of logins
 * (wrong ones above all) would hold up every durable write. One dedicated worker thread hashes
 * one password at a time; a queue longer than `MAX_QUEUED` is refused as busy instead of growing.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { ApplianceError } from '../core/errors.ts';

const N = 16384;
const R = 8;
const P = 1;
const KEY_LEN = 32;
const MAX_QUEUED = 32;

// Plain CommonJS, evaluated in the worker: it needs no TypeScript loader.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { scryptSync } = require('node:crypto');
parentPort.on('message', (job) => {
  try {
    const key = scryptSync(job.password, Buffer.from(job.salt), job.keyLen, {
      N: job.n, r: job.r, p: job.p, maxmem: 64 * 1024 * 1024,
    });
    parentPort.postMessage({ id: job.id, key });
  } catch (err) {
    parentPort.postMessage({ id: job.id, error: String(err && err.message) });
  }
});
`;

interface Job {
  resolve(key: Buffer): void;
  reject(err: Error): void;
}

class HashThread {
  private worker: Worker | null = null;
  private readonly jobs = new Map<number, Job>();
  private nextId = 0;

  derive(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
    if (this.jobs.size >= MAX_QUEUED) {
      return Promise.reject(
        new ApplianceError('auth.busy', 'too many logins at once; try again in a few seconds', 503),
      );
    }
    const worker = this.start();
    const id = this.nextId++;
    return new Promise<Buffer>((resolve, reject) => {
      this.jobs.set(id, { resolve, reject });
      if (this.jobs.size === 1) worker.ref();
      worker.postMessage({ id, password, salt: new Uint8Array(salt), n, r, p, keyLen: KEY_LEN });
    });
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(WORKER_SOURCE, { eval: true });
    worker.unref(); // an idle hashing thread never keeps the process alive
    worker.on('message', (msg: { id: number; key?: Uint8Array; error?: string }) => {
      const job = this.jobs.get(msg.id);
      if (!job) return;
      this.jobs.delete(msg.id);
      if (this.jobs.size === 0) worker.unref();
      if (msg.key) job.resolve(Buffer.from(msg.key));
      else job.reject(new Error(`password hashing failed: ${msg.error ?? 'unknown'}`));
    });
    const fail = (err: Error) => {
      if (this.worker === worker) this.worker = null;
      for (const job of this.jobs.values()) job.reject(err);
      this.jobs.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`password hashing thread ended (${code})`)));
    this.worker = worker;
    return worker;
  }
}

const thread = new HashThread();

/** `scrypt$N$r$p$salt$hash`, both base64url. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await thread.derive(password, salt, N, R, P);
  return ['scrypt', N, R, P, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const key = await thread.derive(password, Buffer.from(salt, 'base64url'), Number(n), Number(r), Number(p));
  const expected = Buffer.from(hash, 'base64url');
  return expected.length === key.length && timingSafeEqual(expected, key);
}
