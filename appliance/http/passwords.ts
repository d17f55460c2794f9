/**
 * Password hashes (scrypt) computed on a thread of their own. Node's async `scrypt` runs on libuv's
 * shared thread pool, the same four threads the store's fsyncs wait for, so a burst of logins
 * (wrong ones above all) would hold up every durable write. One dedicated worker thread hashes
 * one password at a time, from a queue that is fair between clients: a known counter terminal (one
 * that has logged in before) has a lane of its own that is served first; a login naming an account
 * that exists has the next lane, one place per account (so a clerk's first login on a new terminal
 * does not queue behind guesses at names that are no one's; guesses at a real account are bounded by
 * that account's allowance for new terminals, login-throttle.ts); every other login may hold
 * `PER_CLIENT` places of the `MAX_OPEN` shared ones, taken in turn client by client. Many guessing
 * clients then fill only the shared places, and the clerk, at a counter or new to one, still gets in.
 * (The price: while the shared places are full, "busy" for a name and a plain refusal for another
 * tell which of them is an account. Staff user names are not secrets in a hall; passwords are.)
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { ApplianceError } from '../core/errors.ts';

const N = 16384;
const R = 8;
const P = 1;
const KEY_LEN = 32;
/** Places for clients that are not known terminals, all together. */
const MAX_OPEN = 32;
/** Places one such client may hold. */
const PER_CLIENT = 2;
/** Places for known terminals and for staff actions (a new account, a new password). */
const MAX_TRUSTED = 16;
/** Places for logins naming an existing account, one per account. */
const MAX_ACCOUNTS = 16;

/** Who asks for a hash: a login names its client, whether it is a known terminal, and the account it names if that exists. */
export interface HashAdmission {
  client: string;
  trusted: boolean;
  /** The existing account the login names (absent for a name that is no one's). */
  account?: string;
}

const busy = (message: string) => new ApplianceError('auth.busy', message, 503);

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
  message: {
    id: number;
    password: string;
    salt: Uint8Array;
    n: number;
    r: number;
    p: number;
    keyLen: number;
  };
  resolve(key: Buffer): void;
  reject(err: Error): void;
}

class HashThread {
  private worker: Worker | null = null;
  private running: Job | null = null;
  private readonly trusted: Job[] = [];
  /** Waiting logins that name an existing account, one per account, first come first served. */
  private readonly accounts = new Map<string, Job>();
  /** Waiting jobs of other clients, by client, in the order their turns come. */
  private readonly open = new Map<string, Job[]>();
  private openCount = 0;
  private nextId = 0;

  derive(
    password: string,
    salt: Buffer,
    n: number,
    r: number,
    p: number,
    from: HashAdmission | null,
  ): Promise<Buffer> {
    const lane = this.laneFor(from);
    if (lane.name === 'trusted') {
      if (this.trusted.length >= MAX_TRUSTED)
        return Promise.reject(busy('too many logins at once; try again in a few seconds'));
    } else if (lane.name === 'account') {
      // one place per account, taken in laneFor
    } else if ((this.open.get(lane.client)?.length ?? 0) >= PER_CLIENT) {
      return Promise.reject(busy('this terminal already has logins under way; wait for their answer'));
    } else if (this.openCount >= MAX_OPEN) {
      return Promise.reject(busy('too many logins at once; try again in a few seconds'));
    }
    const id = this.nextId++;
    return new Promise<Buffer>((resolve, reject) => {
      const job: Job = {
        message: { id, password, salt: new Uint8Array(salt), n, r, p, keyLen: KEY_LEN },
        resolve,
        reject,
      };
      if (lane.name === 'trusted') this.trusted.push(job);
      else if (lane.name === 'account') this.accounts.set(lane.account, job);
      else {
        const queue = this.open.get(lane.client) ?? [];
        queue.push(job);
        this.open.set(lane.client, queue);
        this.openCount++;
      }
      this.next();
    });
  }

  private laneFor(
    from: HashAdmission | null,
  ): { name: 'trusted' } | { name: 'account'; account: string } | { name: 'open'; client: string } {
    if (!from || from.trusted) return { name: 'trusted' };
    const { account } = from;
    if (account && !this.accounts.has(account) && this.accounts.size < MAX_ACCOUNTS)
      return { name: 'account', account };
    return { name: 'open', client: from.client };
  }

  /** The next job to the thread: known terminals first, then named accounts, then one client after another. */
  private next(): void {
    if (this.running) return;
    let job = this.trusted.shift();
    const account = job ? undefined : this.accounts.keys().next();
    if (!job && account && !account.done) {
      job = this.accounts.get(account.value);
      this.accounts.delete(account.value);
    }
    if (!job) {
      const turn = this.open.entries().next();
      if (turn.done) {
        this.worker?.unref();
        return;
      }
      const [client, queue] = turn.value;
      job = queue.shift()!;
      this.openCount--;
      this.open.delete(client);
      if (queue.length > 0) this.open.set(client, queue); // to the back of the line
    }
    this.running = job;
    const worker = this.start();
    worker.ref();
    worker.postMessage(job.message);
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(WORKER_SOURCE, { eval: true });
    worker.unref(); // an idle hashing thread never keeps the process alive
    worker.on('message', (msg: { id: number; key?: Uint8Array; error?: string }) => {
      const job = this.running;
      if (!job || job.message.id !== msg.id) return;
      this.running = null;
      if (msg.key) job.resolve(Buffer.from(msg.key));
      else job.reject(new Error(`password hashing failed: ${msg.error ?? 'unknown'}`));
      this.next();
    });
    const fail = (err: Error) => {
      if (this.worker !== worker) return;
      this.worker = null;
      const waiting = [
        this.running,
        ...this.trusted,
        ...this.accounts.values(),
        ...[...this.open.values()].flat(),
      ];
      this.running = null;
      this.trusted.length = 0;
      this.accounts.clear();
      this.open.clear();
      this.openCount = 0;
      for (const job of waiting) job?.reject(err);
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`password hashing thread ended (${code})`)));
    this.worker = worker;
    return worker;
  }
}

const thread = new HashThread();

/** `scrypt$N$r$p$salt$hash`, both base64url. */
export async function hashPassword(password: string, from: HashAdmission | null = null): Promise<string> {
  const salt = randomBytes(16);
  const key = await thread.derive(password, salt, N, R, P, from);
  return ['scrypt', N, R, P, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(
  password: string,
  stored: string,
  from: HashAdmission | null = null,
): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const key = await thread.derive(
    password,
    Buffer.from(salt, 'base64url'),
    Number(n),
    Number(r),
    Number(p),
    from,
  );
  const expected = Buffer.from(hash, 'base64url');
  return expected.length === key.length && timingSafeEqual(expected, key);
}
