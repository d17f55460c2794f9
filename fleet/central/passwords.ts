/**
 * Password hashing for console users: scrypt (node:crypto) run synchronously inside one
 * dedicated worker thread. Asynchronous scrypt would run on libuv's small shared thread pool, where
 * a burst of logins queues ahead of the file and DNS work the database driver needs; the worker
 * keeps both the event loop and that pool free, and one hash at a time bounds the CPU a login
 * flood can take.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { Worker } from 'node:worker_threads';

const N = 16384;
const R = 8;
const P = 1;
const KEY_LEN = 32;

/** Plain CommonJS, so the worker needs no TypeScript loader. */
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { scryptSync } = require('node:crypto');
parentPort.on('message', (m) => {
  try {
    const key = scryptSync(m.password, Buffer.from(m.salt, 'base64url'), m.keyLen, { N: m.n, r: m.r, p: m.p, maxmem: 64 * 1024 * 1024 });
    parentPort.postMessage({ id: m.id, key: key.toString('base64url') });
  } catch (err) {
    parentPort.postMessage({ id: m.id, error: String(err && err.message || err) });
  }
});
`;

interface Reply {
  id: number;
  key?: string;
  error?: string;
}

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(password: string, stored: string): Promise<boolean>;
  close(): Promise<void>;
}

export function startPasswordHasher(): PasswordHasher {
  const worker = new Worker(WORKER_SOURCE, { eval: true });
  worker.unref();
  let nextId = 1;
  const waiting = new Map<number, { resolve: (key: Buffer) => void; reject: (err: Error) => void }>();
  worker.on('message', (reply: Reply) => {
    const w = waiting.get(reply.id);
    if (!w) return;
    waiting.delete(reply.id);
    if (reply.key) w.resolve(Buffer.from(reply.key, 'base64url'));
    else w.reject(new Error(`password hashing failed: ${reply.error}`));
  });
  worker.on('error', (err) => {
    for (const w of waiting.values()) w.reject(err);
    waiting.clear();
  });

  const derive = (password: string, salt: string, n: number, r: number, p: number): Promise<Buffer> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      waiting.set(id, { resolve, reject });
      worker.postMessage({ id, password, salt, n, r, p, keyLen: KEY_LEN });
    });

  return {
    async hash(password) {
      const salt = randomBytes(16).toString('base64url');
      const key = await derive(password, salt, N, R, P);
      return ['scrypt', N, R, P, salt, key.toString('base64url')].join('$');
    },
    async verify(password, stored) {
      const [scheme, n, r, p, salt, hash] = stored.split('$');
      if (scheme !== 'scrypt' || !salt || !hash) return false;
      const key = await derive(password, salt, Number(n), Number(r), Number(p));
      const expected = Buffer.from(hash, 'base64url');
      return expected.length === key.length && timingSafeEqual(expected, key);
    },
    async close() {
      await worker.terminate();
    },
  };
}

/** A hash no password matches, verified against when the user does not exist (same time either way). */
export const UNUSABLE_HASH = `scrypt$${N}$${R}$${P}$${'A'.repeat(22)}$${'A'.repeat(43)}`;
