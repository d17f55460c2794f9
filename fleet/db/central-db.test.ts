import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { DataDirInUseError } from '../../platform/data-dir-lock.ts';
import { CentralDbError, openCentralDb } from './central-db.ts';

let root: string;
before(async () => {
  root = await mkdtemp(join(tmpdir(), 'shequ-centraldb-'));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

test('PGlite on disk keeps data across close and reopen', async () => {
  const dir = join(root, 'keep');
  const first = await openCentralDb(dir);
  assert.equal(first.kind, 'pglite');
  await first.query(
    "INSERT INTO transactions (kiosk_id, tx_id, seq, type, ts, body, worker) VALUES ('K1', 'T1', 1, 'ticket.issued', 1, '{}', 'w')",
  );
  await first.close();
  const again = await openCentralDb(dir);
  try {
    const rows = await again.query<{ n: number }>('SELECT count(*)::int AS n FROM transactions');
    assert.equal(rows[0]?.n, 1);
  } finally {
    await again.close();
  }
});

test('a data directory open in this process cannot be opened a second time', async () => {
  const dir = join(root, 'twice');
  const db = await openCentralDb(dir);
  try {
    await assert.rejects(openCentralDb(dir), (err: unknown) => err instanceof DataDirInUseError);
  } finally {
    await db.close();
  }
});

test("a live process's lock keeps others out; a dead process's lock is taken over", async () => {
  const dir = join(root, 'locked');
  const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
  try {
    await writeFile(`${dir}.lock`, String(sleeper.pid));
    await assert.rejects(openCentralDb(dir), new RegExp(`in use by process ${sleeper.pid}`));
  } finally {
    sleeper.kill('SIGKILL');
    await new Promise((r) => sleeper.once('exit', r));
  }
  const db = await openCentralDb(dir);
  await db.close();
});

test('an unreachable PostgreSQL is a typed error', async () => {
  await assert.rejects(openCentralDb('postgres://postgres@127.0.0.1:1/postgres'), (err: unknown) => {
    assert.ok(err instanceof CentralDbError);
    assert.equal(err.code, 'CENTRAL_DB_UNAVAILABLE');
    return true;
  });
});
