/**
 * One started notification service for a test file or benchmark: a database (PGlite in memory, or
 * a PostgreSQL URL), a key file in a temp dir, the test SMSC, the SMPP gateway bound to it and the
 * notifier with a clock the caller moves. Log lines are kept so tests can check that no number
 * appears in them in full.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { monotonicFactory } from 'ulid';
import type { TxEnvelope, TxType } from '../../../contract/mqtt.ts';
import { type CentralDb, openCentralDb } from '../../db/central-db.ts';
import type { NotifyConfig } from '../config.ts';
import type { RefType } from '../events.ts';
import type { DeliveryView, MessageState } from '../message-store.ts';
import { Notifier } from '../notifier.ts';
import { PhoneVault, readVaultKeyFile, writeVaultKeyFile } from '../phone-vault.ts';
import { startTestSmsc, type TestSmsc } from '../sim/test-smsc.ts';
import { SmppGateway } from '../smpp/smpp-gateway.ts';

export interface NotifyHarness {
  db: CentralDb;
  smsc: TestSmsc;
  gateway: SmppGateway;
  notifier: Notifier;
  vault: PhoneVault;
  keyFile: string;
  clock: { now: number };
  logs: string[];
  tx(kiosk: string, type: TxType, body: Record<string, unknown>): TxEnvelope;
  /** Waits until `refId` has at least `count` messages, all in one of `states`; throws after 20 s. */
  settled(refType: RefType, refId: string, count: number, states: MessageState[]): Promise<DeliveryView[]>;
  close(): Promise<void>;
}

const nextUlid = monotonicFactory();
let seq = 0;

export async function startNotifyHarness(
  opts: {
    dbUrl?: string;
    config?: Partial<NotifyConfig>;
    window?: number;
    now?: number;
    batchSize?: number;
  } = {},
): Promise<NotifyHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'shequ-notify-'));
  const keyFile = join(dir, 'notify.key');
  writeVaultKeyFile(keyFile);
  const vault = new PhoneVault(readVaultKeyFile(keyFile));
  const logs: string[] = [];
  const log = (line: string) => logs.push(line);
  const clock = { now: opts.now ?? Date.now() };
  const db = await openCentralDb(opts.dbUrl);
  const smsc = await startTestSmsc();
  const gateway = new SmppGateway({
    host: '127.0.0.1',
    port: smsc.port,
    systemId: 'shequ',
    password: 'test-pw',
    sourceAddr: '106900000001',
    window: opts.window ?? 10,
    reconnectMinMs: 20,
    reconnectMaxMs: 300,
    throttleBackoffMs: 20,
    sendTimeoutMs: 800,
    log,
  });
  const notifier = await Notifier.start({
    db,
    vault,
    gateway,
    config: { retry: { limit: 5, delaySeconds: 1, maxDelaySeconds: 2 }, ...opts.config },
    now: () => clock.now,
    log,
    ...(opts.batchSize ? { batchSize: opts.batchSize } : {}),
  });
  await gateway.whenBound();
  return {
    db,
    smsc,
    gateway,
    notifier,
    vault,
    keyFile,
    clock,
    logs,
    tx: (kiosk, type, body) => ({ v: 1, kiosk, txId: nextUlid(), seq: ++seq, type, ts: clock.now, body }),
    async settled(refType, refId, count, states) {
      const deadline = Date.now() + 20_000;
      for (;;) {
        const rows = await notifier.deliveryFor(refType, refId);
        if (rows.length >= count && rows.every((r) => states.includes(r.state))) return rows;
        if (Date.now() > deadline)
          throw new Error(`${refType} ${refId}: ${JSON.stringify(rows.map((r) => r.state))}`);
        await sleep(25);
      }
    },
    async close() {
      await notifier.close();
      await smsc.stop();
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
