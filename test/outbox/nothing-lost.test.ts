/**
 * Nothing lost between a kiosk and central: 10,000 transactions issued while the broker is
 * stopped and started three times and the link flaps; an ingest worker is killed and restarted;
 * the kiosk is killed with SIGKILL mid-drain and restarted. Central must end up holding exactly
 * the transactions in the kiosk's store, each once, and the kiosk's outbox must end empty.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { Outbox } from '../../appliance/outbox/outbox.ts';
import { Store } from '../../appliance/store/store.ts';
import { openCentralDb, queryTransactions } from '../../fleet/index.ts';
import { startMosquitto } from '../support/mosquitto.ts';
import { startPostgres } from '../support/postgres.ts';
import { type ShequProcess, scriptArgs, spawnShequ } from '../support/shequ-process.ts';
import { startFlakyProxy } from './flaky-proxy.ts';

const TOTAL = 10_000;
const KIOSK = 'K-LOSS-0001';
const kioskScript = fileURLToPath(new URL('./kiosk-process.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'shequ-nothing-lost-'));
const cleanups: Array<() => Promise<unknown> | unknown> = [];
after(async () => {
  for (const c of cleanups.reverse()) await Promise.resolve(c()).catch(() => {});
  rmSync(dir, { recursive: true, force: true });
});

interface KioskProc {
  child: ChildProcess;
  output: () => string;
  waitFor: (re: RegExp, ms: number) => Promise<void>;
}

function startKiosk(brokerUrl: string): KioskProc {
  const child = spawn(
    process.execPath,
    [...scriptArgs(kioskScript), join(dir, 'kiosk'), brokerUrl, String(TOTAL)],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout!.on('data', (b: Buffer) => {
    out += b.toString();
  });
  child.stderr!.on('data', (b: Buffer) => {
    out += b.toString();
  });
  cleanups.push(() => child.kill('SIGKILL'));
  return {
    child,
    output: () => out,
    waitFor: async (re, ms) => {
      const deadline = Date.now() + ms;
      while (!re.test(out)) {
        if (child.exitCode !== null) throw new Error(`kiosk exited:\n${out.slice(-2000)}`);
        if (Date.now() > deadline) throw new Error(`kiosk: no ${re} in ${ms} ms:\n${out.slice(-2000)}`);
        await sleep(100);
      }
    },
  };
}

function startIngest(brokerUrl: string, dbUrl: string, worker: string): ShequProcess {
  const p = spawnShequ(['ingest', '--broker', brokerUrl, '--db', dbUrl, '--worker', worker]);
  cleanups.push(() => p.signal('SIGKILL'));
  return p;
}

test('10,000 transactions through broker restarts, link flaps, a killed ingest worker and a killed kiosk', {
  timeout: 15 * 60_000,
}, async () => {
  const pg = await startPostgres();
  cleanups.push(() => pg.stop());
  const broker = await startMosquitto();
  cleanups.push(() => broker.stop());
  const proxy = await startFlakyProxy(broker.port);
  cleanups.push(() => proxy.close());

  let ingestA = startIngest(broker.url, pg.url, 'A');
  await ingestA.waitForOutput(/READY/, 60_000);
  const ingestB = startIngest(broker.url, pg.url, 'B');
  await ingestB.waitForOutput(/READY/, 60_000);

  let kiosk = startKiosk(`mqtt://127.0.0.1:${proxy.port}`);
  await kiosk.waitFor(/STARTED/, 60_000);
  await kiosk.waitFor(/ISSUED 1000/, 60_000);

  const chaos: string[] = [];
  const bounceBroker = async () => {
    await broker.stop();
    await sleep(700);
    await broker.start();
    chaos.push('broker restarted');
  };
  proxy.cut();
  chaos.push('link cut');
  await bounceBroker();
  await sleep(500);
  await ingestA.signal('SIGKILL');
  chaos.push('ingest A killed');
  await sleep(500);
  ingestA = startIngest(broker.url, pg.url, 'A');
  await ingestA.waitForOutput(/READY/, 60_000);
  proxy.cut();
  await bounceBroker();
  await sleep(300);
  // Kill the kiosk while it still has transactions in flight or unacked.
  kiosk.child.kill('SIGKILL');
  await new Promise((r) => kiosk.child.once('exit', r));
  chaos.push('kiosk killed');
  kiosk = startKiosk(`mqtt://127.0.0.1:${proxy.port}`);
  await kiosk.waitFor(/STARTED/, 60_000);
  const restartedWith = /STARTED issued=(\d+) pending=(\d+)/.exec(kiosk.output())!;
  assert.ok(Number(restartedWith[2]) > 0, 'the kiosk was killed with transactions still in its outbox');
  await sleep(300);
  proxy.cut();
  await bounceBroker();
  await sleep(300);
  proxy.cut();
  assert.deepEqual(chaos.filter((c) => c === 'broker restarted').length, 3);

  await kiosk.waitFor(/ALL-ISSUED 10000/, 5 * 60_000);
  await kiosk.waitFor(/DRAINED/, 5 * 60_000);
  kiosk.child.kill('SIGKILL');

  const store = await Store.open(join(dir, 'kiosk', 'log'));
  const issued = store.transactions();
  assert.equal(issued.length, TOTAL, 'the kiosk issued exactly TOTAL transactions across its restart');
  const outbox = await Outbox.open(join(dir, 'kiosk'), store);
  assert.equal(outbox.depth, 0, "the kiosk's outbox ends empty");

  const db = await openCentralDb(pg.url);
  try {
    const central = await queryTransactions(db, KIOSK);
    const centralIds = central.map((t) => t.txId);
    assert.equal(new Set(centralIds).size, centralIds.length, 'each transaction stored once');
    assert.equal(central.length, TOTAL, 'central holds exactly the issued number');
    const issuedIds = new Set(issued.map((t) => t.txId));
    assert.ok(
      centralIds.every((id) => issuedIds.has(id)),
      'central holds nothing the kiosk did not issue',
    );
    assert.deepEqual(
      central.map((t) => t.seq),
      Array.from({ length: TOTAL }, (_, i) => i + 1),
      'every sequence number arrived, none twice',
    );
  } finally {
    await db.close();
  }
});
